// Shared setup of the phone's end-to-end tests: the real query API on the demo data set, the real phone server in
// front of it, the call simulator playing Twilio, and a direct API client (with the phone's client key, so it sees
// what the phone channel may see) to compute what the caller should hear.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startApi } from '../../query-api/src/app.ts';
import { startIvr, type RunningIvr } from '../../ivr-server/src/app.ts';
import type { AgentHours } from '../../ivr-server/src/agent-hours.ts';
import { CallSimulator, formatTranscript } from '../../ivr-server/src/call/simulator.ts';
import { keysForUnitNumber } from '../../ivr-server/src/menu/states.ts';
import type { Language } from '../../shared/src/i18n.ts';
import {
  readDemoCredentials as readCredentials,
  type DemoCredentials,
} from '../../query-api/src/generator/index.ts';

// The generator's own type and reader: tests read exactly what it writes.
export { readCredentials, type DemoCredentials };

/** A private copy of the demo data set, for tests that change the operational store (lock-outs). */
export function copyDataDir(dataDir: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-ivr-'));
  cpSync(dataDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const LANGUAGE_KEY: Record<Language, string> = { es: '1', en: '2', 'zh-CN': '3' };

export interface Hotline {
  apiUrl: string;
  ivr: RunningIvr;
  authToken: string;
  creds: DemoCredentials;
  phoneKey: string;
  /** What the phone server logged. */
  logLines: string[];
  /** A new simulated call (not started), from and to the given numbers. */
  newCall: (numbers?: { from?: string; to?: string }) => CallSimulator;
  /** Starts a call and presses the keys in order; does not hang up. */
  call: (inputs: string[], numbers?: { from?: string; to?: string }) => Promise<CallSimulator>;
  /** GET or POST the API directly with the phone client key. */
  api: <T>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ) => Promise<{ status: number; body: T }>;
  /** Logs in directly at the API with the phone client key. */
  login: (body: Record<string, string>) => Promise<string>;
  stopApi: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startHotline(
  dataDir: string,
  options: {
    agentNumber?: string;
    agentHours?: AgentHours;
    languageByNumber?: Record<string, Language>;
  } = {},
): Promise<Hotline> {
  const creds = readCredentials(dataDir);
  const phoneKey = creds.clients.find((c) => c.channel === 'phone')?.key;
  if (!phoneKey) throw new Error('the demo data set has no phone client');
  const api = await startApi({ dataDir, port: 0 });
  let apiOpen = true;
  const authToken = randomBytes(16).toString('hex');
  const logLines: string[] = [];
  const ivr = await startIvr({
    log: (line) => logLines.push(line),
    apiUrl: api.url,
    clientKey: phoneKey,
    authToken,
    // Generous: on a loaded 2-core machine the first PIN hashes can take seconds; the slow-API tests set their own.
    apiTimeoutMs: 8000,
    ...(options.agentNumber ? { agentNumber: options.agentNumber } : {}),
    ...(options.agentHours ? { agentHours: options.agentHours } : {}),
    ...(options.languageByNumber ? { languageByNumber: options.languageByNumber } : {}),
  });
  const newCall = (numbers: { from?: string; to?: string } = {}) =>
    new CallSimulator({ ivrUrl: ivr.url, authToken, ...numbers });
  const hotline: Hotline = {
    apiUrl: api.url,
    ivr,
    authToken,
    creds,
    phoneKey,
    logLines,
    newCall,
    call: async (inputs, numbers) => {
      const call = newCall(numbers);
      await call.start();
      for (const input of inputs) {
        if (!call.waiting)
          throw new Error(`the call ended before "${input}":\n${formatTranscript(call.transcript)}`);
        await call.input(input);
      }
      return call;
    },
    api: async (method, path, token, body) => {
      const headers: Record<string, string> = { 'X-Client-Key': phoneKey };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(api.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    login: async (body) => {
      const res = await hotline.api<{ token: string }>('POST', '/v1/sessions', undefined, body);
      if (res.status !== 201) throw new Error(`direct login failed: ${res.status}`);
      return res.body.token;
    },
    stopApi: async () => {
      if (apiOpen) {
        apiOpen = false;
        await api.close();
      }
    },
    close: async () => {
      await ivr.close();
      await hotline.stopApi();
    },
  };
  return hotline;
}

/** The keys that log an insured person in, in a language: language, who, ID #, confirm, PIN #. */
export function insuredLoginKeys(lang: Language, nationalId: string, pin: string): string[] {
  return [LANGUAGE_KEY[lang], '1', `${nationalId.replace(/X$/i, '*')}#`, '1', `${pin}#`];
}

/** The keys that log an employer in: language, who, unit number # (letters as * key place), phone PIN #. */
export function employerLoginKeys(lang: Language, unitNumber: string, pin: string): string[] {
  return [LANGUAGE_KEY[lang], '2', `${keysForUnitNumber(unitNumber)}#`, `${pin}#`];
}

/** Everything a caller heard, for privacy checks: the text and, separately, the digits read as codes. */
export function assertNothingPrivate(call: CallSimulator, secrets: string[]): void {
  const heard = call.heardText();
  const compact = heard.replace(/\s+/g, '');
  for (const secret of secrets) {
    if (!secret) continue;
    if (heard.includes(secret) || compact.includes(secret.replace(/\s+/g, ''))) {
      throw new Error(`the phone said something it must not: …${secret.slice(-4)}`);
    }
  }
}

/** A demo insured person by profile (throws when the data set has none). */
export function demoInsured(
  creds: DemoCredentials,
  profile = 'worker-arrears',
): DemoCredentials['insured'][number] {
  const p = creds.insured.find((x) => x.profile === profile);
  if (!p) throw new Error(`no demo identity ${profile}`);
  return p;
}

/** Phone sessions in a data folder's operational store (open, expired or ended alike). */
export function phoneSessions(dataDir: string): number {
  const db = new Database(join(dataDir, 'operational.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM session WHERE channel = 'phone'").pluck().get() as number;
  } finally {
    db.close();
  }
}
