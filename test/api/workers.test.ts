// Issue 9, "every core": `npm run api` with API_WORKERS=2 is a primary and two workers sharing one port over one
// SQLite data set. Run as its own process on a private copy of the demo data: a session made on one worker is
// used on requests that both workers serve (each request on a new connection, so the primary hands them out in
// turn); a worker killed with SIGKILL is replaced and requests go on; and the query log, appended by both workers
// at once, is still one chain that `ops verify-log` accepts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bench/processes.ts';
import { copyDemoData, login, loginBody } from './helpers.ts';

const tsxArgs = ['--import', 'tsx'];

interface LogLine {
  pid: number;
  msg: string;
  event?: string;
  workerPid?: number;
  route?: string;
  status?: number;
}

/** One GET on a connection of its own (no keep-alive), so that each request may reach another worker. */
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API_WORKERS=2 on SQLite', () => {
  let data: ReturnType<typeof copyDemoData>;
  let keys: string;
  let env: Record<string, string>;
  let child: ChildProcess | undefined;
  const lines: LogLine[] = [];
  let base = '';

  beforeAll(async () => {
    data = copyDemoData();
    keys = mkdtempSync(join(tmpdir(), 'consulta-workers-keys-'));
    env = {
      LOG_SIGNING_KEY_FILE: join(keys, 'key', 'query-log.key'),
      CHECKPOINT_DIR: join(keys, 'checkpoints'),
      DATA_DIR: data.dir,
    };
    child = spawn(process.execPath, [...tsxArgs, 'query-api/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        API_PORT: '0',
        API_WORKERS: '2',
        LOG_LEVEL: 'info',
        RATE_LIMIT_CLIENT_PER_SECOND: '100000',
        RATE_LIMIT_CLIENT_BURST: '100000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const proc = child;
    base = await new Promise<string>((resolve, reject) => {
      let rest = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop() ?? '';
        for (const text of parts) {
          const m = /listening on (http:\/\/[\d.:]+) with 2 workers/.exec(text);
          if (m?.[1]) resolve(m[1]);
          if (text.startsWith('{')) lines.push(JSON.parse(text) as LogLine);
        }
      });
      proc.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
    });
    await waitFor(() => lines.filter((l) => l.event === 'worker_listening').length >= 2, 'both workers');
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    data?.remove();
    rmSync(keys, { recursive: true, force: true });
  });

  async function waitFor(test: () => boolean, what: string, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The pids that answered the summary with 200 (from the workers' request log lines). */
  const summaryPids = (from = 0) =>
    new Set(
      lines
        .slice(from)
        .filter((l) => l.route === '/v1/me/summary' && l.status === 200)
        .map((l) => l.pid),
    );

  it('serves one session from both workers, replaces a killed worker, and keeps the log one chain', async () => {
    const kiosk = data.creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
    const person = data.creds.insured.find((p) => p.profile === 'worker-arrears');
    if (!person) throw new Error('no demo identity');
    const token = await login(base, kiosk, loginBody.pin(person));
    const headers = { 'x-client-key': kiosk, authorization: `Bearer ${token}` };
    const burst = async (n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i += 8)
        statuses.push(
          ...(await Promise.all(Array.from({ length: 8 }, () => get(`${base}/v1/me/summary`, headers)))),
        );
      return statuses;
    };

    expect(new Set(await burst(64))).toEqual(new Set([200]));
    await waitFor(() => summaryPids().size >= 2, 'summary answers logged by both workers', 5000);
    const workers = [...summaryPids()];
    expect(workers).toHaveLength(2);

    // A worker dies: it is replaced (after the back-off), and the other answers meanwhile.
    const victim = workers[0] as number;
    const mark = lines.length;
    process.kill(victim, 'SIGKILL');
    await waitFor(
      () => lines.slice(mark).some((l) => l.event === 'worker_died' && l.workerPid === victim),
      'the primary to see the worker die',
    );
    await waitFor(
      () => lines.slice(mark).some((l) => l.event === 'worker_listening' && l.pid !== victim),
      'a replacement worker',
    );
    const replacement = lines.slice(mark).find((l) => l.event === 'worker_listening')?.pid;
    const after = lines.length;
    expect(new Set(await burst(64))).toEqual(new Set([200]));
    await waitFor(() => summaryPids(after).size >= 2, 'answers from the survivor and the replacement', 5000);
    const now = summaryPids(after);
    expect(now.has(victim)).toBe(false);
    expect(now.has(replacement as number)).toBe(true);

    // The aggregated metrics (loopback) count the summary answers of the live workers.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const counted =
      /consulta_api_http_requests_total\{route="\/v1\/me\/summary",method="GET",status="200"\} (\d+)/.exec(
        metrics,
      );
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(64);

    // SIGTERM stops the workers (each signs its last checkpoint), then the primary.
    const proc = child as ChildProcess;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    const verify = spawnSync(process.execPath, [...tsxArgs, 'query-api/src/ops/cli.ts', 'verify-log'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/ok|verified/i);
  });
});
