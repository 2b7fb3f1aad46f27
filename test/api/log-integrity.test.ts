// The query log against someone who holds the database files but not the signing key. A real API writes a log
// (login and record reads over HTTP, checkpoints every 20 entries, a final one at close); each test then attacks
// a private copy as such an attacker would — triggers dropped, hashes recomputed with the published algorithm,
// triggers restored — and `ops verify-log` must report it and exit 1. Exports are verified with the public key
// alone, and `export-log` honours a slow reader and reports a closed one.
import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApi } from '../../query-api/src/app.ts';
import { generateDataset } from '../../query-api/src/generator/index.ts';
import { GENESIS_HASH, entryHash, entryMac } from '../../query-api/src/log/chain.ts';
import { Checkpointer, logOrigin, witnessPath } from '../../query-api/src/log/checkpoints.ts';
import { QueryLog } from '../../query-api/src/log/query-log.ts';
import {
  loadSigningKey,
  readVerifierKey,
  signCheckpoint,
  signingKey,
} from '../../query-api/src/log/signing.ts';
import { verifyExport } from '../../query-api/src/log/verify.ts';
import { runOps } from '../../query-api/src/ops/cli.ts';
import type { LogDbRow } from '../../query-api/src/store/db-rows.ts';
import { openSqliteOperationalStore } from '../../query-api/src/store/sqlite/operational.ts';
import { call, copyDemoData, login, loginBody } from './helpers.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

/** A deployment's folders: the data set, the key (elsewhere), the checkpoint witness (elsewhere again). */
interface Site {
  root: string;
  data: string;
  keyFile: string;
  checkpoints: string;
  ops: string;
}

function site(root: string): Site {
  return {
    root,
    data: join(root, 'data'),
    keyFile: join(root, 'keys', 'query-log.key'),
    checkpoints: join(root, 'checkpoints'),
    ops: join(root, 'data', 'operational.sqlite'),
  };
}

let pristine: Site;
let entryCount = 0;
const scratch: string[] = [];

/** A private copy of the pristine site for one attack. */
function copySite(): Site {
  const root = mkdtempSync(join(tmpdir(), 'consulta-attack-'));
  scratch.push(root);
  cpSync(pristine.root, root, { recursive: true });
  return site(root);
}

async function verify(s: Site, ...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await runOps(
      [
        'verify-log',
        '--data-dir',
        s.data,
        '--key-file',
        s.keyFile,
        '--checkpoint-dir',
        s.checkpoints,
        ...extra,
      ],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
  } catch (e) {
    code = 2;
    err.push((e as Error).message);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const TRIGGERS = `
CREATE TRIGGER query_log_no_update BEFORE UPDATE ON query_log BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;
CREATE TRIGGER query_log_no_delete BEFORE DELETE ON query_log BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;`;

/** The attacker's tools: drop the triggers, change rows, recompute every hash from `fromId`, restore triggers. */
function attack(s: Site, change: (db: Database.Database) => void, rechainFrom: number | null): void {
  const db = new Database(s.ops);
  try {
    db.exec('DROP TRIGGER query_log_no_update; DROP TRIGGER query_log_no_delete;');
    change(db);
    if (rechainFrom !== null) {
      const rows = db
        .prepare('SELECT * FROM query_log WHERE id >= ? ORDER BY id')
        .all(rechainFrom) as LogDbRow[];
      let prev =
        rechainFrom === 1
          ? GENESIS_HASH
          : (db
              .prepare('SELECT hash FROM query_log WHERE id = ?')
              .pluck()
              .get(rechainFrom - 1) as string);
      const update = db.prepare('UPDATE query_log SET prev_hash = ?, hash = ? WHERE id = ?');
      for (const r of rows) {
        const hash = entryHash(prev, r.id, {
          at: r.at,
          channel: r.channel,
          clientId: r.client_id,
          role: r.role,
          actor: r.actor,
          subject: r.subject,
          resource: r.resource,
          outcome: r.outcome,
        });
        update.run(prev, hash, r.id);
        prev = hash;
      }
    }
    db.exec(TRIGGERS);
  } finally {
    db.close();
  }
}

function count(s: Site): number {
  const db = new Database(s.ops, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM query_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'consulta-trustlog-'));
  scratch.push(root);
  pristine = site(root);
  const demo = copyDemoData();
  cpSync(demo.dir, pristine.data, { recursive: true });
  demo.remove();
  const api = await startApi({
    dataDir: pristine.data,
    queryLog: {
      keyFile: pristine.keyFile,
      checkpointDir: pristine.checkpoints,
      policy: { everyEntries: 20, everySeconds: 3600 },
    },
  });
  try {
    const kioskKey = demo.creds.clients.find((c) => c.channel === 'kiosk')?.key;
    const person = demo.creds.insured[0];
    if (!kioskKey || !person) throw new Error('demo credentials incomplete');
    const token = await login(api.url, kioskKey, loginBody.pin(person));
    for (let i = 0; i < 70; i++) {
      const reply = await call(api.url, 'GET', '/v1/me/summary', { key: kioskKey, token });
      expect(reply.status).toBe(200);
    }
  } finally {
    await api.close();
  }
  entryCount = count(pristine);
  expect(entryCount).toBeGreaterThanOrEqual(71);
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('a log written by the API', () => {
  it('verifies: chain, MACs and checkpoints, with the key or with the public key alone', async () => {
    const s = copySite();
    const ok = await verify(s);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(
      new RegExp(
        `OK: ${entryCount} entries verified \\(chain, MACs, \\d+ signed checkpoints, newest ${entryCount} entries`,
      ),
    );
    const pub = await verify(s, '--public-key', `${s.keyFile}.pub`);
    expect(pub.code, pub.err).toBe(0);
    expect(pub.out).toContain('MACs are not checked');
  });

  it('keeps the key, the witness and the data files owner-only, the key outside DATA_DIR', () => {
    expect(statSync(pristine.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(pristine.root, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(witnessPath(pristine.checkpoints)).mode & 0o777).toBe(0o600);
    expect(statSync(pristine.checkpoints).mode & 0o777).toBe(0o700);
    expect(readFileSync(pristine.ops).includes(readFileSync(pristine.keyFile))).toBe(false);
  });
});

describe('verify-log reports each attack and exits 1', () => {
  it('an entry rewritten and the whole chain recomputed (triggers dropped and restored): the exact entry', async () => {
    const s = copySite();
    attack(s, (db) => db.exec(`UPDATE query_log SET subject = 'person:999999' WHERE id = 30`), 30);
    const db = new Database(s.ops, { readonly: true });
    const triggers = db
      .prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'query_log'`)
      .pluck()
      .get();
    db.close();
    expect(triggers).toBe(2);
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('BROKEN at entry 30: the MAC does not match');
    // With only the public key the signed checkpoints still catch it, within the checkpoint's range.
    const pub = await verify(s, '--public-key', `${s.keyFile}.pub`);
    expect(pub.code).toBe(1);
    const at = Number(/BROKEN at entry (\d+)/.exec(pub.err)?.[1]);
    expect(at).toBeLessThanOrEqual(30);
    expect(pub.err).toMatch(/do not match the checkpoint/);
  });

  it('the newest entries deleted', async () => {
    const s = copySite();
    attack(s, (db) => db.prepare('DELETE FROM query_log WHERE id > ?').run(entryCount - 25), null);
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      `BROKEN at entry ${entryCount - 24}: entries ${entryCount - 24}..${entryCount} are missing`,
    );
  });

  it('the newest entries deleted with every checkpoint in the database: the witness still has them', async () => {
    const s = copySite();
    attack(
      s,
      (db) => {
        db.prepare('DELETE FROM query_log WHERE id > ?').run(entryCount - 5);
        db.exec('DROP TRIGGER log_checkpoint_no_delete; DELETE FROM log_checkpoint;');
      },
      null,
    );
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`BROKEN at entry ${entryCount - 4}`);
    // And a witness that is missing altogether is reported too.
    rmSync(witnessPath(s.checkpoints));
    const gone = await verify(s);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/witness file .* is missing/);
  });

  it('the newest entries, their checkpoints and the local witness’s newest lines all cut: the shipped copy', async () => {
    const s = copySite();
    const shipped = join(s.root, 'shipped-witness.checkpoints');
    cpSync(witnessPath(s.checkpoints), shipped);
    // Keep only the witness lines and database checkpoints up to 40 entries, and the first 40 entries.
    const kept = readFileSync(witnessPath(s.checkpoints), 'utf8')
      .trimEnd()
      .split('\n')
      .filter((l) => Number((JSON.parse(l) as { note: string }).note.split('\n')[1]) <= 40);
    writeFileSync(witnessPath(s.checkpoints), `${kept.join('\n')}\n`);
    attack(
      s,
      (db) => {
        db.prepare('DELETE FROM query_log WHERE id > 40').run();
        db.exec('DROP TRIGGER log_checkpoint_no_delete; DELETE FROM log_checkpoint WHERE size > 40;');
      },
      null,
    );
    // Locally nothing is left to tell: this is why the witness is shipped off the machine.
    expect((await verify(s)).code).toBe(0);
    const bad = await verify(s, '--witness', shipped);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`BROKEN at entry 41: entries 41..${entryCount} are missing`);
  });

  it('an entry deleted in the middle and the rest renumbered and rechained', async () => {
    const s = copySite();
    attack(
      s,
      (db) => {
        db.exec('DELETE FROM query_log WHERE id = 10');
        db.exec('UPDATE query_log SET id = -(id - 1) WHERE id > 10');
        db.exec('UPDATE query_log SET id = -id WHERE id < 0');
      },
      10,
    );
    expect(count(s)).toBe(entryCount - 1);
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('BROKEN at entry 10: the MAC does not match');
    const pub = await verify(s, '--public-key', `${s.keyFile}.pub`);
    expect(pub.code).toBe(1);
  });

  it('a checkpoint edited in the witness file, or in the database', async () => {
    const s = copySite();
    const file = witnessPath(s.checkpoints);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '') as { note: string };
    const edited = last.note.replace(`\n${entryCount}\n`, `\n${entryCount - 25}\n`);
    expect(edited).not.toBe(last.note);
    writeFileSync(file, [...lines.slice(0, -1), JSON.stringify({ note: edited })].join('\n') + '\n');
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/checkpoint \(witness .*\): the signature does not match \(edited checkpoint\)/);

    const t = copySite();
    const db = new Database(t.ops);
    db.exec('DROP TRIGGER log_checkpoint_no_update');
    db.prepare(`UPDATE log_checkpoint SET note = replace(note, 'time 20', 'time 19') WHERE id = 2`).run();
    db.close();
    const badDb = await verify(t);
    expect(badDb.code).toBe(1);
    expect(badDb.err).toMatch(/checkpoint \(database checkpoint #2\): the signature does not match/);
  });

  it('the key swapped: everything re-keyed and re-signed with the attacker’s own key', async () => {
    const s = copySite();
    const theirs = signingKey(generateKeyPairSync('ed25519').privateKey);
    const origin = await (async () => {
      const store = openSqliteOperationalStore({ path: s.ops });
      try {
        return await logOrigin(store);
      } finally {
        await store.close();
      }
    })();
    const keep = entryCount - 25;
    attack(
      s,
      (db) => {
        db.prepare('DELETE FROM query_log WHERE id > ?').run(keep);
        const rows = db.prepare('SELECT id, hash FROM query_log').all() as { id: number; hash: string }[];
        const setMac = db.prepare('UPDATE query_log SET mac = ? WHERE id = ?');
        for (const r of rows) setMac.run(entryMac(theirs.macKey, r.hash), r.id);
        const head = rows.at(-1)?.hash ?? GENESIS_HASH;
        db.exec('DROP TRIGGER log_checkpoint_no_delete; DELETE FROM log_checkpoint;');
        const note = signCheckpoint(theirs, {
          origin,
          size: keep,
          hash: head,
          time: new Date().toISOString(),
        });
        db.prepare('INSERT INTO log_checkpoint (size, note) VALUES (?, ?)').run(keep, note);
        writeFileSync(witnessPath(s.checkpoints), `${JSON.stringify({ note })}\n`);
      },
      null,
    );
    const bad = await verify(s);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('BROKEN at entry 1: the MAC does not match');
    expect(bad.err).toContain('signed by another key');
    // The supervisor holding only the real public key sees it too.
    const pub = await verify(s, '--public-key', `${s.keyFile}.pub`);
    expect(pub.code).toBe(1);
    expect(pub.err).toMatch(/signed by another key|no valid checkpoint/);
  });
});

describe('export-log and verify-export', () => {
  const today = new Date().toISOString().slice(0, 10);

  async function ops(s: Site, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOps(
      [...args, '--data-dir', s.data, '--key-file', s.keyFile, '--checkpoint-dir', s.checkpoints],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    ).catch((e: unknown) => {
      err.push((e as Error).message);
      return 2;
    });
    return { code, out, err };
  }

  it('carries the checkpoints, so that a supervisor verifies it elsewhere with only the public key', async () => {
    const s = copySite();
    const file = join(s.root, 'export.jsonl');
    const exported = await ops(s, 'export-log', '--from', today, '--to', today, '--out', file);
    expect(exported.code, exported.err.join('\n')).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]?.type).toBe('query-log-export');
    expect(lines.filter((l) => l.type === 'entry')).toHaveLength(entryCount);
    expect(lines.filter((l) => l.type === 'checkpoint').length).toBeGreaterThan(1);

    // Elsewhere: only the export and the public key (printed by `ops public-key`).
    const elsewhere = mkdtempSync(join(tmpdir(), 'consulta-supervisor-'));
    scratch.push(elsewhere);
    const pem = (await ops(s, 'public-key')).out.join('\n');
    writeFileSync(join(elsewhere, 'log.pub'), `${pem}\n`);
    cpSync(file, join(elsewhere, 'export.jsonl'));
    const check = (f: string, key = join(elsewhere, 'log.pub')) =>
      runOps(['verify-export', f, '--public-key', key], { out: () => undefined, err: () => undefined });
    expect(await check(join(elsewhere, 'export.jsonl'))).toBe(0);
    const report = await verifyExport(
      readFileSync(file, 'utf8'),
      readVerifierKey(join(elsewhere, 'log.pub')),
    );
    expect(report.inPeriod).toBe(entryCount);

    // An edited entry, a removed entry, or another key: refused.
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      join(elsewhere, 'edited.jsonl'),
      text.replace(/"subject":"person:\d+"/, '"subject":"person:424242"'),
    );
    expect(await check(join(elsewhere, 'edited.jsonl'))).toBe(1);
    const all = text.trimEnd().split('\n');
    writeFileSync(join(elsewhere, 'cut.jsonl'), [...all.slice(0, 10), ...all.slice(11)].join('\n'));
    expect(await check(join(elsewhere, 'cut.jsonl'))).toBe(1);
    const otherPub = join(elsewhere, 'other.pub');
    writeFileSync(otherPub, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    expect(await check(join(elsewhere, 'export.jsonl'), otherPub)).toBe(1);
  });

  it('an empty period is just the header', async () => {
    const s = copySite();
    const result = await ops(s, 'export-log', '--from', '2000-01-01', '--to', '2000-01-31');
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(1);
    expect(JSON.parse(result.out[0] ?? '')).toMatchObject({ type: 'query-log-export', from: '2000-01-01' });
  });
});

describe('export-log into a pipe (a real process)', () => {
  let s: Site;
  let total = 0;

  beforeAll(async () => {
    // Thousands of entries, written as the API writes them (keyed, checkpointed).
    s = copySite();
    const { key } = loadSigningKey({ keyFile: s.keyFile, dataDir: s.data, create: false });
    const store = openSqliteOperationalStore({ path: s.ops, logMacKey: key.macKey });
    const checkpoints = new Checkpointer({
      store,
      key,
      origin: await logOrigin(store),
      checkpointDir: s.checkpoints,
      policy: { everyEntries: 500, everySeconds: 3600 },
    });
    const log = new QueryLog(store, () => new Date(), { checkpoints });
    const mark = log.mark();
    for (let i = 0; i < 3000; i++) {
      log.record({
        channel: 'kiosk',
        clientId: 'kiosk-demo-1',
        role: 'insured',
        actor: `person:${i}`,
        subject: `person:${i}`,
        resource: 'me/summary',
        outcome: 'ok',
      });
    }
    await log.written(mark);
    await checkpoints.stop();
    await store.close();
    total = count(s);
  });

  const cli = (from: string) => [
    'query-api/src/ops/cli.ts',
    'export-log',
    '--from',
    from,
    '--to',
    from,
    '--data-dir',
    s.data,
    '--key-file',
    s.keyFile,
    '--checkpoint-dir',
    s.checkpoints,
  ];

  it('waits for a slow reader and delivers every entry, then exits 0', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const child = spawn(tsx, cli(today), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let paused = false;
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d);
      if (!paused) {
        // A reader that stops for a while once the first bytes arrive: the writer must wait, not give up.
        paused = true;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1500);
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, stderr).toBe(0);
    const text = Buffer.concat(chunks).toString();
    const entries = text.split('\n').filter((l) => l.includes('"type":"entry"'));
    expect(entries).toHaveLength(total);
    expect((await verifyExport(text, readVerifierKey(`${s.keyFile}.pub`))).ok).toBe(true);
  });

  it('reports a reader that goes away (| head) with exit 1', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const quoted = [tsx, ...cli(today)].map((a) => `'${a}'`).join(' ');
    const result = await run('bash', ['-c', `set -o pipefail; ${quoted} | head -n 5 > /dev/null`], {
      cwd: repoRoot,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/export-log failed: the output could not be written \(EPIPE\)/);
  });
});

describe('data files', () => {
  it('are created owner-only by the generator (folder 0700, files 0600, SQLite journals too), and backups too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'consulta-perm-'));
    scratch.push(root);
    const dir = join(root, 'fresh', 'data');
    await generateDataset({ dir, persons: 30, seed: 'perm', bench: { persons: 1, employers: 1 } });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'fresh')).mode & 0o777).toBe(0o700);
    for (const file of ['records.sqlite', 'operational.sqlite', 'bench-credentials.json']) {
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
    const store = openSqliteOperationalStore({ path: join(dir, 'operational.sqlite') });
    try {
      await store.appendQueryLog({
        at: new Date().toISOString(),
        channel: 'kiosk',
        clientId: 'k',
        role: 'insured',
        actor: 'person:1',
        subject: 'person:1',
        resource: 'me/summary',
        outcome: 'ok',
      });
      for (const suffix of ['-wal', '-shm'])
        expect(statSync(join(dir, `operational.sqlite${suffix}`)).mode & 0o777, suffix).toBe(0o600);
    } finally {
      await store.close();
    }
    const demo = inject('demoDataDir');
    for (const file of ['records.sqlite', 'operational.sqlite', 'demo-credentials.json']) {
      expect(statSync(join(demo, file)).mode & 0o777, file).toBe(0o600);
    }
    const s = copySite();
    const backup = join(s.root, 'backup.sqlite');
    const code = await runOps(['backup', '--to', backup, '--data-dir', s.data, '--operator', 't'], {
      out: () => undefined,
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(existsSync(backup)).toBe(true);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
  });
});
