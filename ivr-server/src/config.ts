// The phone server's configuration from the environment (documented in the README), and the development auth
// token that `npm run ivr` and `npm run call` share when no real Twilio token is configured.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { LANGUAGES, type Language } from '../../shared/src/i18n.ts';
import { parseAgentHours, type AgentHours } from './agent-hours.ts';
import { parseVoices, type Voices } from './menu/voices.ts';

/**
 * Known to anyone who reads this file: it only lets a local simulator (`npm run call`) talk to a local phone
 * server. The server refuses it unless it listens on loopback and PUBLIC_BASE_URL is loopback too (see
 * assertTokenAllowed in app.ts), and always when NODE_ENV=production.
 */
export const DEV_AUTH_TOKEN = 'consulta-development-twilio-auth-token';

export interface IvrConfig {
  port: number;
  apiUrl: string;
  clientKey: string;
  authToken: string;
  usingDevToken: boolean;
  publicBaseUrl: string;
  host: string;
  agentNumber?: string;
  agentHours: AgentHours;
  languageByNumber: Record<string, Language>;
  voices: Voices;
  /** Redis for the call state shared by several instances (`IVR_STATE_URL`); memory without it. */
  stateUrl?: string;
}

/** `LANGUAGE_BY_NUMBER`: "+34910000001=es,+8610000002=zh-CN" — the number called (Twilio's `To`) → its language. */
export function parseLanguageByNumber(value: string | undefined): Record<string, Language> {
  const out: Record<string, Language> = {};
  for (const part of (value ?? '').split(',')) {
    if (!part.trim()) continue;
    const [number, lang] = part.split('=').map((x) => x.trim());
    if (
      !number ||
      !/^\+[1-9]\d{3,14}$/.test(number) ||
      !lang ||
      !(LANGUAGES as readonly string[]).includes(lang)
    )
      throw new Error(
        `LANGUAGE_BY_NUMBER: "${part.trim()}" is not +NUMBER=LANGUAGE (languages: ${LANGUAGES.join(', ')})`,
      );
    out[number] = lang as Language;
  }
  return out;
}

/** The phone client's key from the demo data set's credentials file, when there is one. */
export function demoPhoneClientKey(dataDir: string): string | undefined {
  const file = join(dataDir, 'demo-credentials.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { clients?: { channel?: string; key?: string }[] };
  return parsed.clients?.find((c) => c.channel === 'phone')?.key;
}

export function loadConfig(env: NodeJS.ProcessEnv): IvrConfig {
  const port = Number(env.IVR_PORT ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`IVR_PORT is not a port: ${env.IVR_PORT}`);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const clientKey = env.IVR_CLIENT_KEY || demoPhoneClientKey(dataDir);
  if (!clientKey) {
    throw new Error(
      `IVR_CLIENT_KEY is not set and ${join(dataDir, 'demo-credentials.json')} has no phone client (run npm run data:demo)`,
    );
  }
  const usingDevToken = !env.TWILIO_AUTH_TOKEN;
  if (usingDevToken && env.NODE_ENV === 'production') {
    throw new Error(
      'TWILIO_AUTH_TOKEN is required when NODE_ENV=production (the development token is public)',
    );
  }
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicBaseUrl);
  } catch {
    throw new Error(`PUBLIC_BASE_URL is not a URL: ${publicBaseUrl}`);
  }
  const host = env.IVR_HOST || '127.0.0.1';
  assertTokenAllowed(env.TWILIO_AUTH_TOKEN || DEV_AUTH_TOKEN, host, publicBaseUrl);
  const stateUrl = env.IVR_STATE_URL || undefined;
  if (stateUrl && !/^rediss?:\/\/./.test(stateUrl))
    throw new Error('IVR_STATE_URL must be a redis:// or rediss:// URL');
  return {
    ...(stateUrl ? { stateUrl } : {}),
    port,
    host,
    apiUrl: env.QUERY_API_URL || 'http://127.0.0.1:8080',
    clientKey,
    authToken: env.TWILIO_AUTH_TOKEN || DEV_AUTH_TOKEN,
    usingDevToken,
    publicBaseUrl,
    ...(env.AGENT_NUMBER ? { agentNumber: env.AGENT_NUMBER } : {}),
    agentHours: parseAgentHours(env.AGENT_HOURS, env.AGENCY_TIME_ZONE || 'Asia/Shanghai'),
    languageByNumber: parseLanguageByNumber(env.LANGUAGE_BY_NUMBER),
    voices: parseVoices(env.IVR_VOICES),
  };
}

/** Whether a host name or address is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * The development auth token is public (it is in the source): it is refused unless the server listens on loopback
 * and Twilio's side is loopback too, whatever NODE_ENV says.
 */
export function assertTokenAllowed(authToken: string, host: string, publicBaseUrl: string): void {
  if (authToken !== DEV_AUTH_TOKEN) return;
  if (!isLoopback(host))
    throw new Error(
      `the development Twilio auth token is public: it is refused when listening on ${host}; set TWILIO_AUTH_TOKEN`,
    );
  if (publicBaseUrl && !isLoopback(new URL(publicBaseUrl).hostname))
    throw new Error(
      `the development Twilio auth token is public: it is refused with PUBLIC_BASE_URL ${publicBaseUrl}; set TWILIO_AUTH_TOKEN`,
    );
}
