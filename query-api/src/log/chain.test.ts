// The query log's chain against a real operational store on disk: appends verify, and editing, deleting or
// reordering an entry through a separate read-write connection is found at the right entry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import type { OperationalStore } from '../store/types.ts';
import { GENESIS_HASH, verifyChain } from './chain.ts';
import { LogUnavailableError, QueryLog } from './query-log.ts';

let dir: string;
let path: string;
let ops: OperationalStore;

function fill(count: number): void {
  const log = new QueryLog(ops, () => new Date('2025-01-02T03:04:05.000Z'));
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
afterEach(() => {
  ops.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the query log chain', () => {
  it('chains every entry to the previous one', () => {
    fill(5);
    const entries = [...ops.iterateQueryLog()];
    expect(entries.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(verifyChain(entries)).toEqual({ ok: true, count: 5 });
  });

  it('refuses updates and deletes through SQL (append-only triggers)', () => {
    fill(2);
    const raw = new Database(path);
    expect(() => raw.exec(`UPDATE query_log SET outcome = 'x' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM query_log WHERE id = 1')).toThrow(/append-only/);
    raw.close();
  });

  it('finds an edited entry', () => {
    fill(5);
    tamper(`UPDATE query_log SET subject = 'person:999' WHERE id = 3`);
    const result = verifyChain(ops.iterateQueryLog());
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.id).toBe(3);
    expect(result.count).toBe(2);
  });

  it('finds a deleted entry', () => {
    fill(5);
    tamper('DELETE FROM query_log WHERE id = 2');
    expect(verifyChain(ops.iterateQueryLog()).firstBroken?.id).toBe(3);
  });

  it('finds a deleted first entry', () => {
    fill(3);
    tamper('DELETE FROM query_log WHERE id = 1');
    expect(verifyChain(ops.iterateQueryLog()).firstBroken?.id).toBe(2);
  });

  it('finds an entry whose hash was recomputed without its successors', () => {
    fill(4);
    tamper(`UPDATE query_log SET hash = '${'a'.repeat(64)}' WHERE id = 2`);
    expect(verifyChain(ops.iterateQueryLog()).firstBroken?.id).toBe(2);
  });

  it('throws LogUnavailableError when the entry cannot be written', () => {
    fill(1);
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    raw.close();
    expect(() => fill(1)).toThrow(LogUnavailableError);
    expect([...ops.iterateQueryLog()]).toHaveLength(1);
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
    expect([...ops.iterateQueryLog()]).toHaveLength(0);
    await log.written(mark);
    const second = log.mark();
    log.record(fields(3));
    await log.written(second);
    const entries = [...ops.iterateQueryLog()];
    expect(entries.map((e) => e.actor)).toEqual(['person:0', 'person:1', 'person:2', 'person:3']);
    expect(verifyChain(entries)).toEqual({ ok: true, count: 4 });
  });

  it('fails every call whose entries were in a batch that could not be written, and only those', async () => {
    const log = new QueryLog(ops, () => new Date('2025-01-02T03:04:05.000Z'), { groupCommit: true });
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const mark = log.mark();
    log.record(fields(1));
    log.record(fields(2));
    await expect(log.written(mark)).rejects.toBeInstanceOf(LogUnavailableError);
    expect([...ops.iterateQueryLog()]).toHaveLength(0);
    raw.exec('DROP TRIGGER refuse');
    raw.close();
    const later = log.mark();
    log.record(fields(3));
    await expect(log.written(later)).resolves.toBeUndefined();
    expect([...ops.iterateQueryLog()].map((e) => e.actor)).toEqual(['person:3']);
  });
});
