// `npm test` starts here: checks, within a second, that this machine has every system program the tests run,
// and says in one line what is missing and the exact command that installs it (exit 1). Plain Node, no deps:
// it must work before anything else does.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'usage: node scripts/preflight.mjs   (checks Node, the installed packages, Chromium, PostgreSQL and Redis for the tests)',
  );
  process.exit(0);
}

const root = join(import.meta.dirname, '..');

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `sudo ` unless already root (CI runs as root). */
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

const problems = [];

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  problems.push(
    `Node ${process.versions.node} is too old: install Node 20.19 or newer (https://nodejs.org/)`,
  );
}

if (!existsSync(join(root, 'node_modules', '.bin', 'vitest'))) {
  problems.push('the npm packages are not installed: run `npm install`');
} else {
  try {
    // The native SQLite module is compiled by `npm install`; a failed build shows up here, not mid-test.
    const Database = createRequire(join(root, 'query-api', 'package.json'))('better-sqlite3');
    new Database(':memory:').close();
  } catch (err) {
    problems.push(
      `the native SQLite module does not load (${err.code ?? err.message}): ` +
        `run \`${sudo}apt-get install -y python3 make g++ && npm rebuild better-sqlite3\``,
    );
  }
}

// The kiosk tests drive Debian's Chromium (test/kiosk/harness.ts); CHROMIUM_PATH may point elsewhere.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!executable(chromium)) {
  problems.push(
    `Chromium is missing (${chromium}), the kiosk tests need it: ` +
      `run \`${sudo}apt-get install -y --no-install-recommends chromium\` (or set CHROMIUM_PATH)`,
  );
}

// The annual statement's tests render a PDF page to an image to decode its QR code (test/api/statements.test.ts),
// and the PDFs embed Noto Sans CJK.
if (!executable('/usr/bin/pdftoppm')) {
  problems.push(
    'pdftoppm is missing, the statement tests need it: run `' +
      sudo +
      'apt-get install -y --no-install-recommends poppler-utils`',
  );
}
if (!existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') && !process.env.CJK_FONT) {
  problems.push(
    'the Noto Sans CJK font is missing, the statement PDFs need it: run `' +
      sudo +
      'apt-get install -y fonts-noto-cjk` (or set CJK_FONT)',
  );
}

// The PostgreSQL store's tests (contract, replica, the API on PostgreSQL) and the phone's shared call state (Redis)
// need the two local services; a TCP connect is enough to tell, in well under a second.
/** Whether something accepts a TCP connection at host:port within `ms`. */
function listening(host, port, ms = 400) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(ms, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
// The same addresses the tests use (TEST_PG_URL, TEST_REDIS_URL; the local services by default).
const pg = new URL(process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
const redis = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');
const [pgUp, redisUp] = await Promise.all([
  listening(pg.hostname, Number(pg.port || 5432)),
  listening(redis.hostname, Number(redis.port || 6379)),
]);
if (!pgUp) {
  problems.push(
    `PostgreSQL is not answering at ${pg.host}, the PostgreSQL store tests need it: start it with \`` +
      sudo +
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
      '(or install it: `apt-get install -y postgresql`)',
  );
}
if (!redisUp) {
  problems.push(
    `Redis is not answering at ${redis.host}, the phone shared-state tests need it: start it with \`` +
      sudo +
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` ' +
      '(or install it: `apt-get install -y redis-server`)',
  );
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`preflight: ${problem}`);
  process.exit(1);
}
