// `npm test` starts here: checks, within a second, that this machine has every system program the tests run,
// and says in one line what is missing and the exact command that installs it (exit 1). Plain Node, no deps:
// it must work before anything else does.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'usage: node scripts/preflight.mjs   (checks Node, the installed packages and Chromium for the tests)',
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

if (problems.length > 0) {
  for (const problem of problems) console.error(`preflight: ${problem}`);
  process.exit(1);
}
