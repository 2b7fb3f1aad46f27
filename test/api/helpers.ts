// Helpers for the query API's cross-process tests: a private copy of the demo data set (so that lock-outs,
// sessions and log tampering never leak into other test files), the demo credentials, and a small HTTP client.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loginBody } from './login-body.ts';
import { startApi, type ApiOptions, type RunningApi } from '../../query-api/src/app.ts';
import type { OperationalStore, StoredQueryLogEntry } from '../../query-api/src/store/types.ts';
import {
  readDemoCredentials as readCredentials,
  type DemoCredentials,
} from '../../query-api/src/generator/index.ts';

// The generator's own type and reader: tests read exactly what it writes.
export { readCredentials, loginBody, type DemoCredentials };

/** Every query-log entry of a store, in id order. */
export async function logEntries(ops: OperationalStore): Promise<StoredQueryLogEntry[]> {
  const entries: StoredQueryLogEntry[] = [];
  for await (const e of ops.iterateQueryLog()) entries.push(e);
  return entries;
}

/** A fresh copy of the demo data set in its own temporary folder. */
export function copyDemoData(): { dir: string; creds: DemoCredentials; remove(): void } {
  const source = inject('demoDataDir');
  const dir = mkdtempSync(join(tmpdir(), 'consulta-api-test-'));
  for (const file of ['records.sqlite', 'operational.sqlite', 'demo-credentials.json']) {
    copyFileSync(join(source, file), join(dir, file));
  }
  return { dir, creds: readCredentials(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApi extends RunningApi {
  dir: string;
  creds: DemoCredentials;
  kioskKey: string;
  phoneKey: string;
  stop(): Promise<void>;
}

/** Starts the real API on loopback over a private copy of the demo data. */
export async function startTestApi(options: Partial<ApiOptions> = {}): Promise<TestApi> {
  const data = copyDemoData();
  const api = await startApi({ dataDir: data.dir, ...options });
  const key = (channel: 'kiosk' | 'phone'): string => {
    const client = data.creds.clients.find((c) => c.channel === channel);
    if (!client) throw new Error(`the demo data set has no ${channel} client`);
    return client.key;
  };
  return {
    ...api,
    dir: data.dir,
    creds: data.creds,
    kioskKey: key('kiosk'),
    phoneKey: key('phone'),
    async stop() {
      await api.close();
      data.remove();
    },
  };
}

export interface Reply {
  status: number;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export interface CallOptions {
  key?: string | undefined;
  token?: string | undefined;
  body?: unknown;
  /** A raw body string, sent as JSON content type. */
  raw?: string;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.key) headers['x-client-key'] = options.key;
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: parsed,
    headers: res.headers,
  };
}

/** Logs in and returns the token; throws with the problem when the login fails. */
export async function login(base: string, key: string | undefined, body: unknown): Promise<string> {
  const reply = await call(base, 'POST', '/v1/sessions', { key, body });
  if (reply.status !== 201) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.token as string;
}

/** The n-th spare demo identity (kept for tests that lock identities out). */
export function spareIdentity(creds: DemoCredentials, n: number): DemoCredentials['insured'][number] {
  const p = creds.insured.filter((x) => x.profile.startsWith('spare'))[n];
  if (!p) throw new Error('not enough spare identities');
  return p;
}
