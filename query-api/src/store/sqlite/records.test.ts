// The records store against the demo data set: opened read-only (no write gets through, a missing file is not
// created), and its answers agree with the raw tables.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RecordsStore } from '../types.ts';
import { openRecordsDatabase, openSqliteRecordsStore } from './records.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDataDir: string;
  }
}

const dir = inject('demoDataDir');
const path = join(dir, 'records.sqlite');
const digest = (): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the records database connection', () => {
  it('refuses every kind of write', () => {
    const before = digest();
    const db = openRecordsDatabase(path);
    expect(db.readonly).toBe(true);
    expect(() => db.exec(`INSERT INTO meta (key, value) VALUES ('x', 'y')`)).toThrow();
    expect(() => db.exec(`UPDATE person SET name = 'x' WHERE id = 1`)).toThrow();
    expect(() => db.exec('DELETE FROM contribution')).toThrow();
    expect(() => db.exec('CREATE TABLE intruder (x)')).toThrow();
    expect(() => db.exec('DROP TABLE person')).toThrow();
    // Even a connection that turns query_only off is still opened read-only.
    db.pragma('query_only = OFF');
    expect(() => db.exec(`UPDATE person SET name = 'x' WHERE id = 1`)).toThrow(/readonly/i);
    db.close();
    expect(digest()).toBe(before);
  });

  it('never creates a missing file', () => {
    const missing = join(dir, 'no-such-records.sqlite');
    expect(() => openRecordsDatabase(missing)).toThrow();
    expect(existsSync(missing)).toBe(false);
  });
});

describe('the records store', () => {
  let store: RecordsStore;
  let raw: Database.Database;
  beforeAll(() => {
    store = openSqliteRecordsStore({ path });
    raw = new Database(path, { readonly: true });
  });
  afterAll(async () => {
    await store.close();
    raw.close();
  });

  it('reports the load time and the last month of the data', async () => {
    const meta = Object.fromEntries(
      (raw.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    expect(store.asOf).toBe(meta['as_of']);
    expect(store.dataThrough).toBe(meta['data_through']);
    expect(await store.healthy()).toBe(true);
  });

  it("agrees with the raw tables on a person's months and summary", async () => {
    const personId = 1;
    const months = await store.contributionMonths(personId, { from: '0000-01', to: '9999-12' });
    const count = raw.prepare('SELECT COUNT(*) FROM contribution WHERE person_id = ?').pluck().get(personId);
    expect(months).toHaveLength(count as number);
    const facts = await store.summaryFacts(personId, { from: '0000-01', to: '9999-12' });
    const arrears = months.filter((m) => m.status === 'arrears').length;
    expect(facts.monthsInArrears).toBe(arrears);
    // The delegate's path (a month range) scans instead of using the precomputed row, and must agree.
    const scanned = await store.summaryFacts(personId, { from: '0001-01', to: '9998-12' });
    expect(scanned.monthsInArrears).toBe(facts.monthsInArrears);
    expect(scanned.arrearsAmount).toBe(facts.arrearsAmount);
    expect(scanned.latestPaidMonth).toBe(facts.latestPaidMonth);
  });

  it('names every region of a transfer and a registration from the region table', async () => {
    const region = raw.prepare('SELECT name AS local, name_en AS en FROM region WHERE code = ?');
    const personId = 1;
    const transfers = (await store.other(personId)).transfers;
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) {
      expect(t.fromRegionName).toEqual(region.get(t.fromRegion));
      expect(t.toRegionName).toEqual(region.get(t.toRegion));
    }
    expect(transfers.map((t) => [t.fromRegionName?.en, t.toRegionName?.en])).toContainEqual([
      'Chengdu',
      'Shenzhen',
    ]);
    const person = (await store.registration(personId))?.person;
    expect(person?.regionName).toEqual(region.get(person?.region));
  });

  it('leaves the name out for a code missing from the region table', async () => {
    const copyDir = mkdtempSync(join(tmpdir(), 'consulta-regions-'));
    const copy = join(copyDir, 'records.sqlite');
    copyFileSync(path, copy);
    try {
      const [first] = (await store.other(1)).transfers;
      if (!first) throw new Error('person 1 has no transfer');
      const writable = new Database(copy);
      writable.prepare('DELETE FROM region WHERE code = ?').run(first.fromRegion);
      writable.close();
      const other = openSqliteRecordsStore({ path: copy });
      const [t] = (await other.other(1)).transfers;
      await other.close();
      expect(t?.fromRegion).toBe(first.fromRegion);
      expect(t?.fromRegionName).toBeUndefined();
      expect(t?.toRegionName).toEqual(first.toRegionName);
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });

  it('pages the staff list worst status first and resolves references only inside the unit', async () => {
    const page = await store.staffPage(1, { offset: 0, limit: 1000 });
    expect(page.rows).toHaveLength(page.total);
    const order = ['arrears', 'late', 'paid'];
    const ranks = page.rows.map((r) => order.indexOf(r.status));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const first = page.rows[0];
    if (!first) throw new Error('unit 1 has no staff');
    expect(await store.staffPersonByRef(1, first.ref)).toBe(first.personId);
    expect(await store.staffPersonByRef(2, first.ref)).toBeNull();
    const inArrears = await store.staffPage(1, { status: 'arrears', offset: 0, limit: 5 });
    expect(inArrears.rows.every((r) => r.status === 'arrears')).toBe(true);
    expect(inArrears.total).toBe(ranks.filter((r) => r === 0).length);
  });
});
