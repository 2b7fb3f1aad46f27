// The generator's promises: the demo identities have the documented properties, every ID is valid and unique,
// the same seed gives the same content, the credentials file has the agreed shape and its secrets verify.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { isValidNationalId, UNIT_NUMBER_PATTERN } from '../../../shared/src/ids.ts';
import { verifySecret } from '../auth/secrets.ts';
import { CITIES } from './catalog.ts';
import { generateDataset, readBenchCredentials, readDemoCredentials, type DemoCredentials } from './index.ts';

const dir = inject('demoDataDir');
const credentials: DemoCredentials = readDemoCredentials(dir);
const records = new Database(join(dir, 'records.sqlite'), { readonly: true });
afterAll(() => records.close());

const one = <T>(sql: string, ...params: unknown[]): T => records.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]): T[] => records.prepare(sql).all(...params) as T[];

function personId(profile: string): number {
  const insured = credentials.insured.find((i) => i.profile === profile);
  if (!insured) throw new Error(`no demo identity ${profile}`);
  return one<{ id: number }>('SELECT id FROM person WHERE national_id = ?', insured.nationalId).id;
}

describe('demo credentials file', () => {
  it('has the agreed shape', () => {
    expect(credentials.clients.map((c) => c.channel).sort()).toEqual(['kiosk', 'phone']);
    for (const c of credentials.clients) expect(c.key.startsWith(`${c.clientId}.`)).toBe(true);
    for (const i of credentials.insured) {
      expect(isValidNationalId(i.nationalId)).toBe(true);
      expect(i.pin).toMatch(/^\d{6}$/);
      expect(typeof i.profile).toBe('string');
    }
    const profiles = credentials.insured.map((i) => i.profile);
    for (const p of ['worker-arrears', 'retiree', 'unemployed', 'flexible']) expect(profiles).toContain(p);
    expect(profiles.filter((p) => p.startsWith('spare-')).length).toBeGreaterThanOrEqual(4);
    expect(credentials.insured.length).toBeGreaterThanOrEqual(25);
    for (const d of credentials.delegates) {
      expect(isValidNationalId(d.delegateNationalId)).toBe(true);
      expect(isValidNationalId(d.forNationalId)).toBe(true);
      expect(d.authorizationCode.length).toBeGreaterThanOrEqual(4);
      expect(d.categories.length).toBeGreaterThan(0);
    }
    for (const e of credentials.employers) {
      expect(e.unitNumber).toMatch(UNIT_NUMBER_PATTERN);
      expect(e.phonePin).toMatch(/^\d{6}$/);
      expect(e.password.length).toBeGreaterThan(0);
    }
  });

  it('holds secrets that verify against the stored hashes, and only hashes are stored', async () => {
    const worker = credentials.insured.find((i) => i.profile === 'worker-arrears');
    const stored = one<{ pin_hash: string }>(
      'SELECT pin_hash FROM person_credential JOIN person ON person.id = person_id WHERE national_id = ?',
      worker?.nationalId,
    );
    expect(stored.pin_hash.startsWith('scrypt$')).toBe(true);
    expect(await verifySecret(worker?.pin ?? '', stored.pin_hash)).toBe(true);
    expect(await verifySecret('000000', stored.pin_hash)).toBe(false);

    const employer = credentials.employers[0];
    const employerHashes = one<{ password_hash: string; phone_pin_hash: string }>(
      'SELECT password_hash, phone_pin_hash FROM employer_credential JOIN employer ON employer.id = employer_id WHERE unit_number = ?',
      employer?.unitNumber,
    );
    expect(await verifySecret(employer?.password ?? '', employerHashes.password_hash)).toBe(true);
    expect(await verifySecret(employer?.phonePin ?? '', employerHashes.phone_pin_hash)).toBe(true);

    const ops = new Database(join(dir, 'operational.sqlite'), { readonly: true });
    try {
      for (const c of credentials.clients) {
        const row = ops
          .prepare('SELECT channel, key_hash, revoked_at FROM client WHERE client_id = ?')
          .get(c.clientId) as {
          channel: string;
          key_hash: string;
          revoked_at: string | null;
        };
        expect(row.channel).toBe(c.channel);
        expect(row.revoked_at).toBeNull();
        expect(row.key_hash).not.toContain(c.key.slice(c.clientId.length + 1));
        expect(await verifySecret(c.key, row.key_hash)).toBe(true);
      }
      const log = ops.prepare('SELECT what, why, method, who FROM maintenance_log').all() as Record<
        string,
        string
      >[];
      expect(log.length).toBeGreaterThanOrEqual(1);
      expect(log[0]?.what).toContain('demo');
      expect(log[0]?.who?.length).toBeGreaterThan(0);
      expect(ops.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      ops.close();
    }
  });
});

describe('demo records', () => {
  it('has meta, rates and a consistent store', () => {
    const meta = Object.fromEntries(
      all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]),
    );
    expect(Number.isNaN(Date.parse(meta.as_of ?? ''))).toBe(false);
    expect(JSON.parse(meta.region_profile ?? '{}')).toMatchObject({
      currency: 'CNY',
      idScheme: 'cn-resident-18',
    });
    expect(meta.schema_version).toBe('1');
    expect(Number(meta.persons)).toBe(one<{ n: number }>('SELECT count(*) AS n FROM person').n);
    const rate = one<{ employer_bp: number; individual_bp: number }>(
      "SELECT employer_bp, individual_bp FROM contribution_rate WHERE year = 2024 AND insurance_type = 'pension'",
    );
    expect(rate).toEqual({ employer_bp: 1600, individual_bp: 800 });
    expect(all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('gives every person a valid, unique resident ID matching birth date and a region code', () => {
    const persons = all<{ national_id: string; birth_date: string; sex: string }>(
      'SELECT national_id, birth_date, sex FROM person',
    );
    expect(persons.length).toBeGreaterThan(2000);
    expect(new Set(persons.map((p) => p.national_id)).size).toBe(persons.length);
    const counties = new Set([...CITIES.flatMap((c) => c.counties.map((k) => k.code))]);
    for (const p of persons) {
      expect(isValidNationalId(p.national_id), p.national_id).toBe(true);
      expect(p.national_id.slice(6, 14)).toBe(p.birth_date.replaceAll('-', ''));
      expect(Number(p.national_id[16]) % 2).toBe(p.sex === 'M' ? 1 : 0);
      expect(p.national_id.slice(0, 6)).toMatch(/^[1-6]\d{5}$/);
    }
    expect(persons.some((p) => counties.has(p.national_id.slice(0, 6)))).toBe(true);
    const ages = one<{ min: number; max: number }>(
      'SELECT min(2026 - CAST(substr(birth_date, 1, 4) AS INTEGER)) AS min, max(2026 - CAST(substr(birth_date, 1, 4) AS INTEGER)) AS max FROM person',
    );
    expect(ages.min).toBeGreaterThanOrEqual(18);
    expect(ages.max).toBeLessThanOrEqual(76);
  });

  it('gives every employer a unique, all-digit unit number carrying its own region code', () => {
    const employers = all<{ unit_number: string; region: string }>(
      'SELECT unit_number, region FROM employer ORDER BY id',
    );
    expect(new Set(employers.map((e) => e.unit_number)).size).toBe(employers.length);
    const lastInRegion = new Map<string, number>();
    for (const e of employers) {
      expect(e.unit_number).toMatch(UNIT_NUMBER_PATTERN);
      // Digits only, so a caller types it on a phone keypad: region code + a 5-digit sequence.
      expect(e.unit_number).toMatch(/^\d{11}$/);
      expect(e.unit_number.slice(0, 6)).toBe(e.region);
      // Within a region the sequence counts up in employer order.
      const sequence = Number(e.unit_number.slice(6));
      const previous = lastInRegion.get(e.region);
      if (previous !== undefined) expect(sequence).toBe(previous + 1);
      lastInRegion.set(e.region, sequence);
    }
    for (const e of credentials.employers) expect(e.unitNumber).toMatch(/^\d{11}$/);
  });

  it('the worker has arrears, two employers and a transfer, with 10+ years of monthly history', () => {
    const id = personId('worker-arrears');
    const summary = one<{ months_in_arrears: number; arrears_amount: number }>(
      'SELECT months_in_arrears, arrears_amount FROM person_summary WHERE person_id = ?',
      id,
    );
    expect(summary.months_in_arrears).toBeGreaterThan(0);
    expect(summary.arrears_amount).toBeGreaterThan(0);
    const arrears = one<{ n: number }>(
      "SELECT count(*) AS n FROM contribution WHERE person_id = ? AND status = 'arrears'",
      id,
    );
    expect(arrears.n).toBe(summary.months_in_arrears);
    const employers = all<{ employer_id: number }>(
      'SELECT DISTINCT employer_id FROM employment WHERE person_id = ?',
      id,
    );
    expect(employers.length).toBeGreaterThanOrEqual(2);
    expect(all('SELECT * FROM transfer WHERE person_id = ?', id)).toHaveLength(1);
    expect(
      one<{ n: number }>('SELECT count(*) AS n FROM contribution WHERE person_id = ?', id).n,
    ).toBeGreaterThanOrEqual(120);
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM contribution WHERE person_id = ? AND status = 'late'", id)
        .n,
    ).toBeGreaterThan(0);
  });

  it('the worker’s current employer has staff of whom some are in arrears; the former sees only its months', () => {
    const current = credentials.employers.find((e) => e.profile === 'current-employer');
    const former = credentials.employers.find((e) => e.profile === 'former-employer');
    const employerId = (unit?: string): number =>
      one<{ id: number }>('SELECT id FROM employer WHERE unit_number = ?', unit).id;
    const statuses = all<{ status: string; n: number }>(
      'SELECT status, count(*) AS n FROM employer_staff_status WHERE employer_id = ? AND current = 1 GROUP BY status',
      employerId(current?.unitNumber),
    );
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    expect(byStatus.arrears ?? 0).toBeGreaterThan(0);
    expect(byStatus.paid ?? 0).toBeGreaterThan(0);

    const id = personId('worker-arrears');
    const formerId = employerId(former?.unitNumber);
    const period = one<{ first_month: string; last_month: string }>(
      'SELECT first_month, last_month FROM employment WHERE person_id = ? AND employer_id = ?',
      id,
      formerId,
    );
    const months = one<{ first: string; last: string; n: number }>(
      'SELECT min(month) AS first, max(month) AS last, count(*) AS n FROM contribution WHERE person_id = ? AND employer_id = ?',
      id,
      formerId,
    );
    expect(months.first >= period.first_month && months.last <= period.last_month).toBe(true);
    expect(months.n).toBeLessThan(
      one<{ n: number }>('SELECT count(*) AS n FROM contribution WHERE person_id = ?', id).n,
    );
    const staff = one<{ ref: string; current: number }>(
      'SELECT ref, current FROM employer_staff_status WHERE employer_id = ? AND person_id = ?',
      formerId,
      id,
    );
    expect(staff.current).toBe(0);
    // A keyed, opaque reference: never the person's number (random letters may contain its digits by chance).
    expect(staff.ref).not.toMatch(/^\d+$/);
    expect(staff.ref).not.toBe(String(id));
  });

  it('the retiree draws a pension; the unemployed person an unemployment benefit; the flexible worker subsidies', () => {
    const retiree = personId('retiree');
    expect(one<{ status: string }>('SELECT status FROM person WHERE id = ?', retiree).status).toBe('retired');
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM benefit_payment WHERE person_id = ? AND benefit = 'pension'",
        retiree,
      ).n,
    ).toBeGreaterThan(12);
    expect(
      one<{ eligible: number }>(
        "SELECT eligible FROM benefit_eligibility WHERE person_id = ? AND benefit = 'pension'",
        retiree,
      ).eligible,
    ).toBe(1);

    const unemployed = personId('unemployed');
    expect(one<{ status: string }>('SELECT status FROM person WHERE id = ?', unemployed).status).toBe(
      'unemployed',
    );
    expect(
      one<{ n: number }>(
        "SELECT count(*) AS n FROM benefit_payment WHERE person_id = ? AND benefit = 'unemployment_benefit'",
        unemployed,
      ).n,
    ).toBeGreaterThan(0);

    const flexible = personId('flexible');
    expect(one<{ status: string }>('SELECT status FROM person WHERE id = ?', flexible).status).toBe(
      'flexible',
    );
    expect(
      one<{ n: number }>('SELECT count(*) AS n FROM subsidy WHERE person_id = ?', flexible).n,
    ).toBeGreaterThan(0);
    expect(
      one<{ n: number }>(
        'SELECT count(*) AS n FROM contribution WHERE person_id = ? AND employer_id IS NULL',
        flexible,
      ).n,
    ).toBeGreaterThan(0);
  });

  it('has one current and one expired delegate authorisation for the worker', () => {
    const worker = credentials.insured.find((i) => i.profile === 'worker-arrears')?.nationalId;
    const today = new Date().toISOString().slice(0, 10);
    const forWorker = credentials.delegates.filter((d) => d.forNationalId === worker);
    expect(forWorker.some((d) => d.validUntil > today && !d.categories.includes('benefits'))).toBe(true);
    expect(forWorker.some((d) => d.validUntil < today)).toBe(true);
    const rows = all<{ categories: string; valid_until: string }>(
      'SELECT categories, valid_until FROM delegate_authorization',
    );
    expect(rows).toHaveLength(credentials.delegates.length);
  });

  it('has realistic spread: arrears and late months a few percent, retirees, transfers, corrections', () => {
    const share = one<{ arrears: number; late: number }>(
      "SELECT avg(status = 'arrears') AS arrears, avg(status = 'late') AS late FROM contribution",
    );
    expect(share.arrears).toBeGreaterThan(0.0005);
    expect(share.arrears).toBeLessThan(0.05);
    expect(share.late).toBeGreaterThan(0.002);
    expect(share.late).toBeLessThan(0.05);
    const statuses = Object.fromEntries(
      all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM person GROUP BY status').map(
        (r) => [r.status, r.n],
      ),
    );
    for (const s of ['working', 'retired', 'unemployed', 'flexible'])
      expect(statuses[s] ?? 0).toBeGreaterThan(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM transfer').n).toBeGreaterThan(10);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM correction').n).toBeGreaterThan(5);
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM benefit_payment WHERE benefit = 'medical_reimbursement'")
        .n,
    ).toBeGreaterThan(100);
  });
});

/**
 * A digest of every table's rows, leaving out salted hashes, the load time and staff references (keyed by the
 * installation's own secret): the only values not derived from the seed.
 */
function contentHash(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    for (const { name } of tables) {
      // Sorted in JavaScript: row order is not part of the content (and not every table has three columns).
      const lines = (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
        .filter((row) => !(name === 'meta' && row.key === 'as_of'))
        .map((row) =>
          JSON.stringify(Object.entries(row).filter(([k]) => !k.endsWith('_hash') && k !== 'ref')),
        )
        .sort();
      hash.update(`${name}\n${lines.join('\n')}\n`);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

describe('generateDataset', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const run = async (seed: string): Promise<string> => {
    const out = mkdtempSync(join(tmpdir(), 'consulta-gen-'));
    dirs.push(out);
    await generateDataset({ dir: out, persons: 300, seed, bench: { persons: 2, employers: 1 } });
    return out;
  };

  it('is deterministic: the same seed gives the same content, another seed other content', async () => {
    const [a, b, c] = await Promise.all([run('s1'), run('s1'), run('s2')]);
    const hashA = contentHash(join(a, 'records.sqlite'));
    expect(contentHash(join(b, 'records.sqlite'))).toBe(hashA);
    expect(contentHash(join(c, 'records.sqlite'))).not.toBe(hashA);
    const bench = readBenchCredentials(a);
    expect(bench.insured).toHaveLength(2);
    expect(bench.employers).toHaveLength(1);
    expect(bench.clients).toHaveLength(2);
  });
});

describe('a second data load into the same folder', () => {
  it('replaces the records, keeps the operational store (its logs), re-registers the same clients and never revives a revoked one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'consulta-reload-'));
    try {
      const options = { dir: out, persons: 60, seed: 'reload', bench: { persons: 1, employers: 1 } };
      const first = await generateDataset(options);
      // An operator revokes the phone client between the loads: the reload must not re-admit it.
      const revoke = new Database(join(out, 'operational.sqlite'));
      revoke
        .prepare(`UPDATE client SET revoked_at = ? WHERE client_id = 'phone-bench-1'`)
        .run(new Date().toISOString());
      revoke.close();
      const second = await generateDataset({ ...options, persons: 80 });
      const ops = new Database(join(out, 'operational.sqlite'), { readonly: true });
      try {
        expect(
          ops.prepare(`SELECT revoked_at FROM client WHERE client_id = 'phone-bench-1'`).pluck().get(),
        ).not.toBeNull();
        expect(
          ops.prepare(`SELECT revoked_at FROM client WHERE client_id = 'kiosk-bench-1'`).pluck().get(),
        ).toBeNull();
        expect(ops.prepare('SELECT count(*) FROM maintenance_log').pluck().get()).toBe(2);
        expect(ops.prepare('SELECT count(*) FROM client').pluck().get()).toBe(2);
        const kiosk = second.clients.find((c) => c.channel === 'kiosk');
        expect(kiosk?.key).toBe(first.clients.find((c) => c.channel === 'kiosk')?.key);
        const hash = ops
          .prepare('SELECT key_hash FROM client WHERE client_id = ?')
          .pluck()
          .get(kiosk?.clientId);
        expect(await verifySecret(kiosk?.key ?? '', String(hash))).toBe(true);
      } finally {
        ops.close();
      }
      const db = new Database(join(out, 'records.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(80);
      } finally {
        db.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
