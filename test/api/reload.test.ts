// A running API and a data load: `npm run import` (a real child process) loads another export into the data folder
// of a running API while a client keeps asking. Every answer must be wholly from one snapshot (all answers with the
// same asOf are identical, and equal to what that snapshot answers alone), none fails, and the first answer after
// the load carries the new asOf: no restart.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../query-api/src/generator/index.ts';
import { call, login, startTestApi, type TestApi } from './helpers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'query-api', 'src', 'interchange', 'cli.ts');
const NEW_AS_OF = '2026-12-01T21:00:00.000Z';

let api: TestApi;
const work = mkdtempSync(join(tmpdir(), 'consulta-reload-'));
const exportDir = join(work, 'export');

beforeAll(async () => {
  api = await startTestApi({
    rateLimits: {
      client: { perSecond: 100_000, burst: 100_000 },
      web: { perSecond: 100_000, burst: 100_000 },
    },
  });
  await generateDataset({
    dir: work,
    persons: 1000,
    seed: 'reload-other',
    exportTo: exportDir,
    asOf: new Date(NEW_AS_OF),
  });
});
afterAll(async () => {
  await api?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a data load into a running API', () => {
  it('switches every answer from one snapshot to the next, never mixing them, without a restart', async () => {
    const worker = api.creds.insured.find((p) => p.profile === 'worker-arrears');
    const token = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: worker?.nationalId,
      pin: worker?.pin,
    });
    const ask = async (): Promise<{ status: number; body: string; asOf: string }> => {
      const reply = await call(api.url, 'GET', '/v1/me/registration', { key: api.kioskKey, token });
      return { status: reply.status, body: JSON.stringify(reply.body), asOf: String(reply.body?.asOf) };
    };
    const before = await ask();
    expect(before.status).toBe(200);
    expect(before.asOf).toBe(api.creds.asOf);

    const child = spawn(TSX, [CLI, exportDir, '--reason', 'reload test'], {
      env: { ...process.env, DATA_DIR: api.dir, OPERATOR: 'reload-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exited: number | null = null;
    const done = new Promise<number>((resolveExit) => child.on('exit', (code) => resolveExit(code ?? -1)));
    void done.then((code) => (exited = code));

    const during: { status: number; body: string; asOf: string }[] = [];
    while (exited === null) during.push(await ask());
    expect(await done, stderr).toBe(0);

    const after = await ask();
    expect(after.status).toBe(200);
    expect(after.asOf).toBe(NEW_AS_OF);
    expect(after.body).not.toBe(before.body);

    expect(during.length).toBeGreaterThan(10);
    for (const answer of during) {
      expect(answer.status).toBe(200);
      // Wholly one snapshot or wholly the other.
      expect([before.body, after.body]).toContain(answer.body);
    }
    // Once the new snapshot answered, the old one never answers again.
    const firstNew = during.findIndex((a) => a.asOf === NEW_AS_OF);
    if (firstNew >= 0) expect(during.slice(firstNew).every((a) => a.asOf === NEW_AS_OF)).toBe(true);
  });
});
