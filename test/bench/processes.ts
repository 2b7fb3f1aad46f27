// Starting the servers under test as their own processes, so the load generator does not share their event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startProcess(
  script: string,
  env: Record<string, string>,
  url: string,
  healthPath: string,
): Promise<Server> {
  const child = spawn(tsx, [script], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url + healthPath);
      if (res.status < 500) return { url, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${script} did not answer at ${url}${healthPath}`);
}

/** A port nothing listens on now (the OS picks it), so concurrent runs don't answer for each other. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
