// The terminal's configuration: where the API is, the terminal's client key, the printer and the idle timings.
// Read from the file named by KIOSK_CONFIG, else /etc/consulta/kiosk.json. The key stays in the main process.
import type { KioskSettings } from '../../shared/src/bridge.ts';
import { resolveTimeZone } from '../../shared/src/i18n.ts';

export const DEFAULT_CONFIG_PATH = '/etc/consulta/kiosk.json';

export interface KioskConfig {
  /** The query API's origin, e.g. https://consulta.agency.example or http://127.0.0.1:8080. */
  apiUrl: string;
  /** `<clientId>.<secret>` as registered for this terminal; sent as X-Client-Key. */
  clientKey: string;
  /** The printer's name as the system knows it; absent means the system's default printer. */
  printer?: string;
  /** When set, every printed certificate is also written here as a PDF (for tests and operators). */
  pdfDir?: string;
  idleWarningSeconds: number;
  idleLogoutSeconds: number;
  /** The built renderer (renderer/dist); by default found beside the app. */
  rendererDir?: string;
  /** Development: DevTools allowed and F9 simulates a card with devCardId. */
  development: boolean;
  devCardId?: string;
  /** The agency's IANA time zone for the times shown (`timeZone`, else `AGENCY_TIME_ZONE`; Asia/Shanghai). */
  timeZone: string;
}

export class KioskConfigError extends Error {}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new KioskConfigError(`${name} must be a number of seconds between 1 and 3600`);
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new KioskConfigError(`${name} must be a non-empty string`);
  return value;
}

/** Validates the parsed file; every mistake is a clear error naming the field (never the key's value). */
export function parseKioskConfig(raw: unknown, env: Record<string, string | undefined> = {}): KioskConfig {
  if (!raw || typeof raw !== 'object')
    throw new KioskConfigError('the kiosk configuration must be a JSON object');
  const o = raw as Record<string, unknown>;
  const apiUrl = optionalString(o.apiUrl, 'apiUrl');
  if (!apiUrl || !/^https?:\/\/[^/\s]+$/.test(apiUrl.replace(/\/$/, ''))) {
    throw new KioskConfigError('apiUrl must be an http(s) origin such as https://consulta.example');
  }
  const clientKey = optionalString(o.clientKey, 'clientKey');
  if (!clientKey || !/^[^.\s]+\.[^.\s]+$/.test(clientKey)) {
    throw new KioskConfigError('clientKey must be the terminal key in the form <clientId>.<secret>');
  }
  const idleWarningSeconds = positive(o.idleWarningSeconds, 'idleWarningSeconds', 60);
  const idleLogoutSeconds = positive(o.idleLogoutSeconds, 'idleLogoutSeconds', 90);
  if (idleLogoutSeconds <= idleWarningSeconds) {
    throw new KioskConfigError('idleLogoutSeconds must be greater than idleWarningSeconds');
  }
  const config: KioskConfig = {
    apiUrl: apiUrl.replace(/\/$/, ''),
    clientKey,
    idleWarningSeconds,
    idleLogoutSeconds,
    development: o.development === true || env.KIOSK_DEV === '1',
    timeZone: resolveTimeZone(optionalString(o.timeZone, 'timeZone') ?? env.AGENCY_TIME_ZONE),
  };
  const printer = optionalString(o.printer, 'printer');
  if (printer) config.printer = printer;
  const pdfDir = optionalString(o.pdfDir, 'pdfDir');
  if (pdfDir) config.pdfDir = pdfDir;
  const rendererDir = optionalString(o.rendererDir, 'rendererDir');
  if (rendererDir) config.rendererDir = rendererDir;
  const devCardId = optionalString(o.devCardId, 'devCardId');
  if (devCardId) config.devCardId = devCardId;
  return config;
}

export function configPath(env: Record<string, string | undefined>): string {
  return env.KIOSK_CONFIG || DEFAULT_CONFIG_PATH;
}

export function loadKioskConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): KioskConfig {
  const path = configPath(env);
  let text: string;
  try {
    text = readFile(path);
  } catch {
    throw new KioskConfigError(
      `cannot read the kiosk configuration at ${path} (set KIOSK_CONFIG to another file)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KioskConfigError(`the kiosk configuration at ${path} is not valid JSON`);
  }
  return parseKioskConfig(raw, env);
}

/** What the screens may know of the configuration (no key, no API address). */
export function settingsFor(config: KioskConfig): KioskSettings {
  return {
    channel: 'kiosk',
    idleWarningSeconds: config.idleWarningSeconds,
    idleLogoutSeconds: config.idleLogoutSeconds,
    silentPrint: true,
    timeZone: config.timeZone,
    layout: 'kiosk',
  };
}
