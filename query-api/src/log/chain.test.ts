// The query log's chain against a real operational store on disk: appends verify, and editing, deleting or
// reordering an entry through a separate read-write connection is found at the right entry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import type { OperationalStore, StoredQueryLogEntry } from '../store/types.ts';
import { GENESIS_HASH, verifyChain } from './chain.ts';
import { LogUnavailableError, QueryLog } from './query-log.ts';

let dir: string;
let path: string;
let ops: OperationalStore;

/** Records `count` entries (each written at once, no group commit) and waits until they are written. */
async function fill(count: number): Promise<void> {
  const log = new QueryLog(ops, () => new Date('2025-01-02T03:04:05.000Z'));
  const mark = log.mark();
  for (let i = 0; i < count; i++) {
    log.record({
      channel: 'kiosk',
      clientId: 'kiosk-1',
      role: 'insured',
      actor: `person:${i}`,
      subject: `person:${i}`,
      resource: 'me/summary',
      outcome: 'ok',
    });
  }
  await log.written(mark);
}

async function entries(): Promise<StoredQueryLogEntry[]> {
  const out: StoredQueryLogEntry[] = [];
  for await (const e of ops.iterateQueryLog()) out.push(e);
  return out;
}

/** Tampering needs the append-only triggers out of the way, as an attacker with file access would do. */
function tamper(sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER query_log_no_update; DROP TRIGGER query_log_no_delete;');
  raw.exec(sql);
  raw.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consulta-log-'));
  path = join(dir, 'operational.sqlite');
  ops = openSqliteOperationalStore({ path, create: true });
});
afterEach(async () => {
  await ops.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the query log chain', () => {
  it('chains every entry to the previous one', async () => {
    await fill(5);
    const written = await entries();
    expect(written.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(written[0]?.prevHash).toBe(GENESIS_HASH);
    expect(written[1]?.prevHash).toBe(written[0]?.hash);
    expect(await verifyChain(written)).toEqual({ ok: true, count: 5 });
  });

  it('refuses updates and deletes through SQL (append-only triggers)', async () => {
    await fill(2);
    const raw = new Database(path);
    expect(() => raw.exec(`UPDATE query_log SET outcome = 'x' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM query_log WHERE id = 1')).toThrow(/append-only/);
    raw.close();
  });

  it('finds an edited entry', async () => {
    await fill(5);
    tamper(`UPDATE query_log SET subject = 'person:999' WHERE id = 3`);
    const result = await verifyChain(ops.iterateQueryLog());
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.id).toBe(3);
    expect(result.count).toBe(2);
  });

  it('finds a deleted entry', async () => {
    await fill(5);
    tamper('DELETE FROM query_log WHERE id = 2');
    expect((await verifyChain(ops.iterateQueryLog())).firstBroken?.id).toBe(3);
  });

  it('finds a deleted first entry', async () => {
    await fill(3);
    tamper('DELETE FROM query_log WHERE id = 1');
    expect((await verifyChain(ops.iterateQueryLog())).firstBroken?.id).toBe(2);
  });

  it('finds an entry whose hash was recomputed without its successors', async () => {
    await fill(4);
    tamper(`UPDATE query_log SET hash = '${'a'.repeat(64)}' WHERE id = 2`);
    expect((await verifyChain(ops.iterateQueryLog())).firstBroken?.id).toBe(2);
  });

  it('reads a log longer than one page in order, and a range of it', async () => {
    await fill(2345);
    const all = await verifyChain(ops.iterateQueryLog());
    expect(all).toEqual({ ok: true, count: 2345 });
    const ids: number[] = [];
    for await (const e of ops.iterateQueryLog({ fromId: 999, toId: 2001 })) ids.push(e.id);
    expect(ids).toHaveLength(1003);
    expect(ids[0]).toBe(999);
    expect(ids.at(-1)).toBe(2001);
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1)).toBe(true);
  });

  it('rejects with LogUnavailableError when the entry cannot be written', async () => {
    await fill(1);
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    raw.close();
    await expect(fill(1)).rejects.toBeInstanceOf(LogUnavailableError);
    expect(await entries()).toHaveLength(1);
  });
});

describe('the query log with group commit', () => {
  const fields = (i: number) => ({
    channel: 'kiosk' as const,
    clientId: 'kiosk-1',
    role: 'insured',
    actor: `person:${i}`,
    subject: `person:${i}`,
    resource: 'me/summary',
    outcome: 'ok',
  });

  it('writes the entries of one turn in one batch, chained, before `written` resolves', async () => {
    const log = new QueryLog(ops, () => new Date('2025-01-02T03:04:05.000Z'), { groupCommit: true });
    const mark = log.mark();
    for (let i = 0; i < 3; i++) log.record(fields(i));
    expect(await entries()).toHaveLength(0);
    await log.written(mark);
    const second = log.mark();
    log.record(fields(3));
    await log.written(second);
    const written = await entries();
    expect(written.map((e) => e.actor)).toEqual(['person:0', 'person:1', 'person:2', 'person:3']);
    expect(await verifyChain(written)).toEqual({ ok: true, count: 4 });
  });

  it('makes `written` wait for a batch whose write has started but not finished', async () => {
    // A store that answers later than at once (as a server database does): the batch is taken off the log
    // at the end of the turn, and a call asking `written` meanwhile must still wait for it.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolveGate) => (release = resolveGate));
    const slow: OperationalStore = Object.create(ops) as OperationalStore;
    slow.appendQueryLogBatch = async (batch) => {
      await gate;
      return ops.appendQueryLogBatch(batch);
    };
    const log = new QueryLog(slow, () => new Date('2025-01-02T03:04:05.000Z'), { groupCommit: true });
    const mark = log.mark();
    log.record(fields(1));
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    let done = false;
    const waiting = log.written(mark).then(() => (done = true));
    await new Promise((resolveTurn) => setTimeout(resolveTurn, 20));
    expect(done).toBe(false);
    release();
    await waiting;
    expect((await entries()).map((e) => e.actor)).toEqual(['person:1']);
  });

  it('writes batches in the order they were recorded even when the store is slow', async () => {
    const slow: OperationalStore = Object.create(ops) as OperationalStore;
    let calls = 0;
    slow.appendQueryLogBatch = async (batch) => {
      // The first batch takes longest: were writes not serialised, the second would land first.
      const delay = calls++ === 0 ? 30 : 1;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delay));
      return ops.appendQueryLogBatch(batch);
    };
    const log = new QueryLog(slow, () => new Date('2025-01-02T03:04:05.000Z'), { groupCommit: true });
    const first = log.mark();
    log.record(fields(1));
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    log.record(fields(2));
    await Promise.all([log.written(first)]);
    expect((await entries()).map((e) => e.actor)).toEqual(['person:1', 'person:2']);
  });

  it('fails every call whose entries were in a batch that could not be written, and only those', async () => {
    const log = new QueryLog(ops, () => new Date('2025-01-02T03:04:05.000Z'), { groupCommit: true });
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const mark = log.mark();
    log.record(fields(1));
    log.record(fields(2));
    await expect(log.written(mark)).rejects.toBeInstanceOf(LogUnavailableError);
    expect(await entries()).toHaveLength(0);
    raw.exec('DROP TRIGGER refuse');
    raw.close();
    const later = log.mark();
    log.record(fields(3));
    await expect(log.written(later)).resolves.toBeUndefined();
    expect((await entries()).map((e) => e.actor)).toEqual(['person:3']);
  });
});
