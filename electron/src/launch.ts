// Starts the kiosk from plain Node (npm start): the Electron window where Electron's binary is installed,
// otherwise the web version's address. Never requires 'electron' (that would try to download the binary).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The Electron binary named by node_modules/electron/path.txt, when it was actually downloaded. */
export function findElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export interface LaunchOptions {
  /** The query API, e.g. http://127.0.0.1:8080; the web version is served at its root. */
  apiUrl: string;
  /** The terminal's client key; else KIOSK_CONFIG, else the kiosk key in dataDir/demo-credentials.json. */
  clientKey?: string;
  dataDir?: string;
  log?: (line: string) => void;
}

export interface LaunchResult {
  mode: 'electron' | 'browser';
  url: string;
  child?: ChildProcess;
}

function demoKioskKey(dataDir: string | undefined): string | undefined {
  if (!dataDir) return undefined;
  try {
    const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as {
      clients?: { channel: string; key: string }[];
    };
    // The key is the whole X-Client-Key value, `<clientId>.<secret>`, as the data generator writes it.
    return credentials.clients?.find((c) => c.channel === 'kiosk')?.key;
  } catch {
    return undefined;
  }
}

export function launchKiosk(options: LaunchOptions): LaunchResult {
  const log = options.log ?? ((line: string) => console.log(line));
  const url = `${options.apiUrl.replace(/\/$/, '')}/`;
  const binary = findElectronBinary();
  if (!binary) {
    log(`Kiosk: Electron's binary is not installed here; open the web version in a browser: ${url}`);
    return { mode: 'browser', url };
  }
  const env = { ...process.env };
  if (!env.KIOSK_CONFIG) {
    const clientKey = options.clientKey ?? demoKioskKey(options.dataDir);
    if (!clientKey) {
      log(`Kiosk: no KIOSK_CONFIG and no kiosk client key; open the web version instead: ${url}`);
      return { mode: 'browser', url };
    }
    // A private, temporary configuration for this run (mode 0600): the key never goes on a command line.
    const dir = mkdtempSync(join(tmpdir(), 'consulta-kiosk-'));
    const file = join(dir, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ apiUrl: options.apiUrl, clientKey, development: true }), {
      mode: 0o600,
    });
    env.KIOSK_CONFIG = file;
  }
  const appDir = join(here, '..');
  if (!existsSync(join(appDir, 'dist', 'main.cjs'))) {
    execFileSync(process.execPath, [join(appDir, 'build.mjs')], { stdio: 'inherit' });
  }
  const child = spawn(binary, [appDir], { env, stdio: 'inherit' });
  log(`Kiosk: Electron window started (web version also at ${url})`);
  return { mode: 'electron', url, child };
}
