// The operator's commands on a private copy of the demo data: integrity check, backup and restore of the
// operational store, clients, and the maintenance log every change writes. Also `npm run api` without data.
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { copyDemoData } from './helpers.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');

let data: ReturnType<typeof copyDemoData>;
let scratch: string;

async function ops(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runOps([...args, '--data-dir', data.dir, '--operator', 'test-operator'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  } catch (e) {
    return { code: 2, out, err: [...err, (e as Error).message] };
  }
}

beforeAll(() => {
  data = copyDemoData();
  scratch = mkdtempSync(join(tmpdir(), 'consulta-ops-'));
});
afterAll(() => {
  data?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run ops', () => {
  it('checks the integrity of both databases', async () => {
    const result = await ops('check');
    expect(result.code).toBe(0);
    expect(result.out).toEqual(['records: ok', 'operational: ok']);
  });

  it('refuses a changing command without a reason, and records the reason and the operator otherwise', async () => {
    const refused = await ops('clients', 'add', '--channel', 'kiosk', '--description', 'hall B');
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/--reason/);
    const added = await ops(
      'clients',
      'add',
      '--channel',
      'kiosk',
      '--description',
      'hall B',
      '--reason',
      'new terminal',
    );
    expect(added.code).toBe(0);
    const key = added.out.at(-1) ?? '';
    expect(key).toMatch(/^kiosk-[0-9a-f]+\.[A-Za-z0-9_-]+$/);
    const list = await ops('clients', 'list');
    expect(list.out.some((l) => l.startsWith(key.split('.')[0] ?? '-') && l.includes('active'))).toBe(true);
    // The key itself is never stored.
    const db = new Database(join(data.dir, 'operational.sqlite'), { readonly: true });
    const hashes = db.prepare('SELECT key_hash FROM client').pluck().all() as string[];
    db.close();
    expect(hashes.some((h) => h.includes(key))).toBe(false);
    const log = await ops('maintenance-log');
    const last = log.out.at(-1) ?? '';
    expect(last).toContain('test-operator');
    expect(last).toContain('new terminal');
    expect(last).toContain('registered kiosk client');
  });

  it('backs up and restores the operational store, refusing a damaged backup', async () => {
    const backup = join(scratch, 'ops-backup.sqlite');
    expect((await ops('backup', '--to', backup, '--reason', 'nightly')).code).toBe(0);
    expect(existsSync(backup)).toBe(true);
    // A change after the backup disappears with the restore.
    await ops('clients', 'add', '--channel', 'phone', '--description', 'after backup', '--reason', 'test');
    expect((await ops('clients', 'list')).out.some((l) => l.includes('after backup'))).toBe(true);
    const damaged = join(scratch, 'damaged.sqlite');
    writeFileSync(damaged, 'this is not a database');
    const refused = await ops('restore', '--from', damaged, '--reason', 'test');
    expect(refused.code).toBe(2);
    expect((await ops('check')).code).toBe(0);
    const restored = await ops('restore', '--from', backup, '--reason', 'disk replaced');
    expect(restored.code).toBe(0);
    expect((await ops('clients', 'list')).out.some((l) => l.includes('after backup'))).toBe(false);
    const log = (await ops('maintenance-log')).out.join('\n');
    expect(log).toContain('backup of the operational store');
    expect(log).toContain('restore of the operational store');
    expect((await ops('verify-log')).code).toBe(0);
  });

  it('answers an unknown command or flag with usage and a non-zero exit', async () => {
    expect((await ops('frobnicate')).code).toBe(2);
    expect((await ops('check', '--bogus')).code).toBe(2);
  });
});

describe('npm run api', () => {
  it('says how to create the data set when there is none, and exits non-zero', async () => {
    const empty = join(scratch, 'empty');
    const result = await run('npx', ['tsx', 'query-api/src/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: empty, API_PORT: '0' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('npm run data:demo');
  });

  it('says so plainly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await run('npx', ['tsx', 'query-api/src/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: data.dir, API_PORT: String(port) },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
