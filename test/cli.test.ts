// Every command a newcomer runs: `--help` prints its usage and exits 0; an unknown flag is one line and exit 2;
// `npm run call -- --url` takes the webhook URL as a person pastes it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The scripts behind the npm commands (package.json), run directly to spare npm's start-up. */
const COMMANDS: Record<string, string> = {
  bench: 'test/bench/run.ts',
  ops: 'query-api/src/ops/cli.ts',
  'data:generate': 'query-api/src/generator/cli.ts',
  call: 'ivr-server/src/call/cli.ts',
  api: 'query-api/src/main.ts',
  ivr: 'ivr-server/src/main.ts',
  start: 'scripts/start.ts',
  import: 'query-api/src/interchange/cli.ts',
  statements: 'query-api/src/rights/statements-cli.ts',
  'db:migrate': 'query-api/src/store/pg/migrate-cli.ts',
  fuzz: 'test/fuzz/cli.ts',
  soak: 'test/soak/run.ts',
};

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: join(ROOT, 'no-such-data-dir'), IVR_PORT: '59998' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('every command', () => {
  for (const [name, script] of Object.entries(COMMANDS)) {
    it(`${name}: --help prints the usage, an unknown flag is one line and exit 2`, async () => {
      const help = await run(script, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(
        name === 'start' ? 'npm start' : name === 'data:generate' ? 'usage' : `npm run ${name}`,
      );
      expect(help.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const bogus = await run(script, ['--no-such-flag']);
      expect(bogus.code, bogus.stderr).toBe(2);
      const lines = bogus.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.includes('development auth token'));
      expect(lines, bogus.stderr).toHaveLength(1);
      expect(lines[0]).toContain('no-such-flag');
    });
  }

  it('call: --url takes the webhook URL as pasted, with or without its path and slash', async () => {
    for (const pasted of [
      'http://127.0.0.1:59999/ivr/voice',
      'http://127.0.0.1:59999/ivr/voice/',
      'http://127.0.0.1:59999/',
    ]) {
      const result = await run(COMMANDS.call ?? '', ['--url', pasted, '--keys', '']);
      expect(result.code, pasted).toBe(1);
      expect(result.stderr, pasted).toContain('no phone server at http://127.0.0.1:59999 ');
    }
    const bad = await run(COMMANDS.call ?? '', ['--url', 'not a url']);
    expect(bad.code).toBe(2);
  });
});
