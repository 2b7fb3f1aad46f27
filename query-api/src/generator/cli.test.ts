// The CLI's refusals: bad input is one clear line on stderr, exit code 2, and an existing data set stays
// byte-identical.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'query-api', 'src', 'generator', 'cli.ts');

function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((done) => {
    execFile(TSX, [CLI, ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(dir, name)))
          .digest('hex'),
      ]),
  );
}

describe('data generator CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'consulta-cli-'));
  const existing = join(work, 'data');
  cpSync(inject('demoDataDir'), existing, { recursive: true });
  const before = digest(existing);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    [['--persons', '10', '--bogus'], /unknown option '--bogus'/i],
    [['--persons', 'ten'], /--persons must be a positive integer/],
    [['--persons', '0'], /--persons must be a positive integer/],
    [['--persons', '-5'], /--persons/],
    [['--persons', '2.5'], /--persons must be a positive integer/],
    [['--seed', 'x'], /--persons N is required/],
    [['--demo', '--persons', '10'], /--demo takes no --persons/],
  ])('refuses %j with exit code 2 and leaves the data set untouched', async (args, message) => {
    const result = await cli([...args, '--out', existing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(digest(existing)).toEqual(before);
  });

  it('refuses a folder it cannot write, with a clear message', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await cli(['--persons', '10', '--seed', '1'], { DATA_DIR: join(file, 'data') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write to the folder .*a-file/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
