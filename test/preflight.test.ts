// The preflight `npm test` starts with: a missing system program is one line naming it and the exact install
// command, exit 1, within seconds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', 'scripts', 'preflight.mjs');

describe('the test preflight', () => {
  it('passes on a machine with everything the tests need', () => {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('names a missing Chromium and the command that installs it, in one line, and exits 1', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/nonexistent/chromium');
    expect(lines[0]).toMatch(/apt-get install -y --no-install-recommends chromium/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('names a PostgreSQL or Redis that does not answer, with the command that starts it, and exits 1', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        TEST_PG_URL: 'postgres://postgres@127.0.0.1:1/postgres',
        TEST_REDIS_URL: 'redis://127.0.0.1:2',
      },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/PostgreSQL is not answering at 127\.0\.0\.1:1\b.*pg_ctlcluster/);
    expect(lines[1]).toMatch(/Redis is not answering at 127\.0\.0\.1:2\b.*redis-server --daemonize yes/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
