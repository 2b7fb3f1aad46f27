// Faults at start and under load (issue 8 §5): a missing or corrupt database stops the API with a clear message
// and exit 1; `kill -9` in the middle of traffic loses no entry of an answered request, and after a restart the
// log (chain and checkpoints) verifies. The API runs as its own process here, as in production.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteOperationalStore } from '../../query-api/src/store/sqlite/operational.ts';
import { freePort, repoRoot } from '../bench/processes.ts';
import { copyDemoData, login } from './helpers.ts';

const tsxArgs = ['--import', 'tsx'];

describe('faults', () => {
  let data: ReturnType<typeof copyDemoData>;
  let keys: string;
  let env: Record<string, string>;
  beforeAll(() => {
    data = copyDemoData();
    keys = mkdtempSync(join(tmpdir(), 'consulta-fault-keys-'));
    env = {
      LOG_SIGNING_KEY_FILE: join(keys, 'key', 'query-log.key'),
      CHECKPOINT_DIR: join(keys, 'checkpoints'),
      DATA_DIR: data.dir,
    };
  });
  afterAll(() => {
    data?.remove();
    rmSync(keys, { recursive: true, force: true });
  });

  const runMain = (dir: string) =>
    spawnSync(process.execPath, [...tsxArgs, 'query-api/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env, DATA_DIR: dir, API_PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses to start without records, or with a corrupt one, with a clear message and exit 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'consulta-fault-empty-'));
    try {
      const missing = runMain(empty);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain(`No data set in ${empty}`);
      const broken = copyDemoData();
      try {
        writeFileSync(join(broken.dir, 'records.sqlite'), Buffer.alloc(8192, 7));
        const corrupt = runMain(broken.dir);
        expect(corrupt.status).toBe(1);
        expect(corrupt.stderr).toContain('records.sqlite');
        expect(corrupt.stderr).toContain('cannot be read');
        expect(corrupt.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      } finally {
        broken.remove();
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  function start(port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [...tsxArgs, 'query-api/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env, API_PORT: String(port), RATE_LIMIT_CLIENT_PER_SECOND: '100000' },
      stdio: 'ignore',
    });
    return (async () => {
      for (let i = 0; i < 300; i++) {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
        } catch {
          // not yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the API did not start');
    })();
  }

  it('kill -9 under load: every answered request has its entry, and the log verifies after a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let api = await start(port);
    const kiosk = data.creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
    const worker = data.creds.insured.find((p) => p.profile === 'worker-arrears');
    const token = await login(base, kiosk, {
      method: 'pin',
      nationalId: worker?.nationalId,
      pin: worker?.pin,
    });
    let answered = 0;
    let stop = false;
    const load = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/v1/me/summary`, {
            headers: { 'x-client-key': kiosk, authorization: `Bearer ${token}` },
          });
          await res.arrayBuffer();
          if (res.status === 200) answered++;
        } catch {
          // the process is gone
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    });
    while (answered < 300) await new Promise((r) => setTimeout(r, 20));
    api.kill('SIGKILL');
    await new Promise((r) => api.once('exit', r));
    stop = true;
    await Promise.all(load);

    const ops = openSqliteOperationalStore({ path: join(data.dir, 'operational.sqlite') });
    let logged = 0;
    try {
      for await (const e of ops.iterateQueryLog())
        if (e.resource === 'me/summary' && e.outcome === 'ok') logged++;
    } finally {
      await ops.close();
    }
    expect(logged).toBeGreaterThanOrEqual(answered);

    api = await start(port);
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
    const verify = spawnSync(process.execPath, [...tsxArgs, 'query-api/src/ops/cli.ts', 'verify-log'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});
