// The phone server's configuration from the environment (documented in the README), and the development auth
// token that `npm run ivr` and `npm run call` share when no real Twilio token is configured.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Known to anyone who reads this file: it only lets a local simulator talk to a local phone server. The server
 * refuses to start with it when NODE_ENV=production.
 */
export const DEV_AUTH_TOKEN = 'consulta-development-twilio-auth-token';

export interface IvrConfig {
  port: number;
  apiUrl: string;
  clientKey: string;
  authToken: string;
  usingDevToken: boolean;
  publicBaseUrl: string;
  agentNumber?: string;
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
  return {
    port,
    apiUrl: env.QUERY_API_URL || 'http://127.0.0.1:8080',
    clientKey,
    authToken: env.TWILIO_AUTH_TOKEN || DEV_AUTH_TOKEN,
    usingDevToken,
    publicBaseUrl,
    ...(env.AGENT_NUMBER ? { agentNumber: env.AGENT_NUMBER } : {}),
  };
}
