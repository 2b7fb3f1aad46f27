// `npm start`: the whole system on the embedded default — generates the demo data set when absent, builds the
// kiosk's screens when needed, then runs the query API, the phone server and the kiosk, each as its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchKiosk } from '../electron/src/launch.ts';

const USAGE = `npm start   the whole system on the embedded SQLite default: generates the demo data set into DATA_DIR
            when absent, builds the kiosk's screens when needed, then runs the query API, the phone server
            and the kiosk (the Electron window where its binary is installed, else the web version's address)

Environment: DATA_DIR (data/), API_PORT (8080), API_HOST (127.0.0.1), IVR_PORT (8081). Ctrl+C stops everything.`;
const cliArgs = process.argv.slice(2);
if (cliArgs.includes('--help') || cliArgs.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (cliArgs.length > 0) {
  console.error(`start: unknown argument "${cliArgs[0]}" (npm start -- --help)`);
  process.exit(2);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
const apiPort = process.env.API_PORT ?? '8080';
const apiHost = process.env.API_HOST ?? '127.0.0.1';
const apiUrl = `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`;
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    stdio: 'pipe',
  });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  if (child.stdout) forward(child.stdout, process.stdout);
  if (child.stderr) forward(child.stderr, process.stderr);
  children.push(child);
  return child;
}

function runToEnd(name: string, command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    run(name, command, args).on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${name} failed (${code})`)),
    );
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function waitForApi(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${apiUrl}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the query API did not answer at ${apiUrl}/healthz`);
}

function stopAll(code: number): never {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}

async function main(): Promise<void> {
  if (!existsSync(join(dataDir, 'records.sqlite'))) {
    console.log(`No data set in ${dataDir}: generating the demo data set (npm run data:demo)…`);
    await runToEnd('data', tsx, ['query-api/src/generator/cli.ts', '--demo']);
  }
  const dist = join(root, 'renderer', 'dist', 'index.html');
  if (!existsSync(dist) || newestMtime(join(root, 'renderer', 'src')) > statSync(dist).mtimeMs) {
    console.log('Building the kiosk screens (renderer)…');
    await runToEnd('build', 'npm', ['run', 'build', '-w', 'renderer']);
  }
  const api = run('api', tsx, ['query-api/src/main.ts']);
  api.on('exit', (code) => {
    console.error(`The query API stopped (${code}); stopping everything.`);
    stopAll(1);
  });
  await waitForApi();
  run('ivr', tsx, ['ivr-server/src/main.ts'], { QUERY_API_URL: apiUrl });
  const kiosk = launchKiosk({ apiUrl, dataDir, log: (line) => console.log(`[kiosk] ${line}`) });
  if (kiosk.child) children.push(kiosk.child);
  console.log(
    `Consulta is running. Query API ${apiUrl} · phone server http://127.0.0.1:${process.env.IVR_PORT ?? '8081'} · try a call: npm run call`,
  );
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  stopAll(1);
});
