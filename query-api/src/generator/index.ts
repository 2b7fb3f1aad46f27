// The data generator: builds a records database (all five categories of the record, plus the derived tables the
// query API reads) and registers clients in the operational store. `buildDemoDataset` makes the small documented
// demo set; `generateDataset` the same model at any size. Everything derives from the seed, except salted hashes
// and the load time. Files are built under temporary names in the target folder and renamed into place at the
// end, so a failed or interrupted load leaves the previous data set as it was.
import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  accessSync,
  constants,
} from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSURANCE_TYPES, type PersonStatus, type RecordCategory } from '../../../shared/src/domain.ts';
import { DEFAULT_REGION_PROFILE } from '../../../shared/src/ids.ts';
import { hashSecret } from '../auth/secrets.ts';
import { Batch } from './batch.ts';
import { CITIES, DATA_THROUGH, FIRST_DETAIL_YEAR, yearParams } from './catalog.ts';
import { monthText } from './calendar.ts';
import {
  DEMO_CURRENT_EMPLOYER,
  DEMO_DELEGATE_IDS,
  DEMO_EMPLOYERS,
  DEMO_EXTRA_EMPLOYER_IDS,
  DEMO_EXTRA_IDS,
  DEMO_FORMER_EMPLOYER,
  DEMO_PERSONS,
  DEMO_PROFILES,
  DEMO_SEED,
  demoPlan,
} from './demo.ts';
import {
  EMPLOYER_MONTH_FIELDS,
  EMPLOYER_TOTAL_FIELDS,
  createContext,
  employerRow,
  randomPlan,
  realise,
  type Sinks,
} from './model.ts';
import { digitsFor, rngFor, tokenFor } from './rng.ts';

export const SCHEMA_VERSION = '1';
export const RECORDS_FILE = 'records.sqlite';
export const OPERATIONAL_FILE = 'operational.sqlite';
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';
export const BENCH_CREDENTIALS_FILE = 'bench-credentials.json';
/** Generated (non-demo) data sets: persons 1..200 get a PIN, employers 1..100 a password and phone PIN. */
export const BENCH_PERSONS = 200;
export const BENCH_EMPLOYERS = 100;
export const BENCH_DELEGATES = 5;

const STORE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'store');

export interface ClientCredential {
  channel: 'kiosk' | 'phone';
  clientId: string;
  /** The X-Client-Key header value: `<clientId>.<secret>`. */
  key: string;
}
export interface InsuredCredential {
  nationalId: string;
  pin: string;
  profile: string;
  personId: number;
  name: string;
  status: PersonStatus;
}
export interface DelegateCredential {
  delegateNationalId: string;
  authorizationCode: string;
  forNationalId: string;
  categories: RecordCategory[];
  fromMonth: string;
  toMonth: string;
  validUntil: string;
  label: string;
}
export interface EmployerCredential {
  unitNumber: string;
  password: string;
  phonePin: string;
  employerId: number;
  name: string;
  profile: string;
}
/** The shape of demo-credentials.json and bench-credentials.json. */
export interface DemoCredentials {
  asOf: string;
  dataThrough: string;
  seed: string;
  clients: ClientCredential[];
  insured: InsuredCredential[];
  delegates: DelegateCredential[];
  employers: EmployerCredential[];
}

export interface GenerateOptions {
  dir: string;
  persons: number;
  seed: string;
  /** Default: one per 100 persons, at least 20. */
  employers?: number;
  onProgress?: (done: number, total: number) => void;
  /** How many bench identities get credentials (default BENCH_PERSONS persons, BENCH_EMPLOYERS employers). */
  bench?: { persons?: number; employers?: number };
}

interface BuildOptions extends Required<Omit<GenerateOptions, 'onProgress' | 'bench'>> {
  bench?: { persons?: number; employers?: number };
  onProgress?: (done: number, total: number) => void;
  demo: boolean;
  why: string;
  method: string;
  /** Load time; defaults to now. Fixed in tests that compare content. */
  asOf?: Date;
}

/** A clear, one-line problem with the request (bad size, unwritable folder…), as opposed to a bug. */
export class GeneratorInputError extends Error {}

/** The small deterministic demo data set with its documented identities. */
export function buildDemoDataset({ dir, asOf }: { dir: string; asOf?: Date }): Promise<DemoCredentials> {
  return build({
    dir,
    persons: DEMO_PERSONS,
    employers: DEMO_EMPLOYERS,
    seed: DEMO_SEED,
    demo: true,
    why: 'demo data set for development, demonstration and tests',
    method: 'generator (npm run data:demo / buildDemoDataset): built into temporary files, then renamed',
    ...(asOf ? { asOf } : {}),
  });
}

/** The same model at any size; writes bench-credentials.json for the bench identities. */
export function generateDataset(options: GenerateOptions & { asOf?: Date }): Promise<DemoCredentials> {
  const employers = options.employers ?? Math.max(20, Math.round(options.persons / 100));
  return build({
    ...options,
    employers,
    demo: false,
    why: `generated data set (${options.persons} persons, seed ${options.seed})`,
    method: 'generator (npm run data:generate): built into temporary files, then renamed',
  });
}

export function readDemoCredentials(dir: string): DemoCredentials {
  return readCredentials(join(dir, DEMO_CREDENTIALS_FILE));
}

export function readBenchCredentials(dir: string): DemoCredentials {
  return readCredentials(join(dir, BENCH_CREDENTIALS_FILE));
}

function readCredentials(path: string): DemoCredentials {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials;
  for (const key of ['clients', 'insured', 'delegates', 'employers'] as const) {
    if (!Array.isArray(parsed[key])) throw new Error(`${path}: "${key}" is missing`);
  }
  return parsed;
}

function operator(): string {
  if (process.env.OPERATOR) return process.env.OPERATOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function checkOptions(o: BuildOptions): void {
  if (!Number.isSafeInteger(o.persons) || o.persons < 1)
    throw new GeneratorInputError('persons must be a positive integer');
  if (!Number.isSafeInteger(o.employers) || o.employers < CITIES.length) {
    throw new GeneratorInputError(`employers must be an integer of at least ${CITIES.length}`);
  }
  if (o.persons < 40 && o.demo) throw new GeneratorInputError('the demo set needs at least 40 persons');
  if (!/^[\w.-]{1,64}$/.test(o.seed))
    throw new GeneratorInputError('seed must be 1-64 letters, digits, ".", "_" or "-"');
  try {
    makeFolder(resolve(o.dir));
    accessSync(o.dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GeneratorInputError(`cannot write to the folder ${o.dir}${code ? ` (${code})` : ''}`);
  }
}

/** mkdir -p one level at a time: Node's recursive mkdirSync can spin forever on some paths (e.g. under /proc). */
function makeFolder(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  mkdirSync(dir);
}

function removeFile(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

interface SecretSpec {
  secret: string;
  hash: Promise<string>;
}
function secret(value: string): SecretSpec {
  return { secret: value, hash: hashSecret(value) };
}

async function build(o: BuildOptions): Promise<DemoCredentials> {
  checkOptions(o);
  const asOf = (o.asOf ?? new Date()).toISOString();
  const recordsPath = join(o.dir, RECORDS_FILE);
  const buildingPath = join(o.dir, `.${RECORDS_FILE}.building`);
  removeFile(buildingPath);

  // Secrets are known up front (deterministic), so their deliberately slow hashes run on the thread pool while
  // the main thread generates the records.
  const pinIds = o.demo
    ? [...DEMO_PROFILES.map((p) => p.id), ...DEMO_EXTRA_IDS]
    : Array.from({ length: Math.min(o.bench?.persons ?? BENCH_PERSONS, o.persons) }, (_, i) => i + 1);
  const pins = new Map(
    pinIds.filter((id) => id <= o.persons).map((id) => [id, secret(digitsFor(o.seed, `pin:${id}`, 6))]),
  );
  const employerIds = o.demo
    ? [DEMO_CURRENT_EMPLOYER, DEMO_FORMER_EMPLOYER, ...DEMO_EXTRA_EMPLOYER_IDS]
    : Array.from({ length: Math.min(o.bench?.employers ?? BENCH_EMPLOYERS, o.employers) }, (_, i) => i + 1);
  const employerSecrets = new Map(
    employerIds
      .filter((id) => id <= o.employers)
      .map((id) => [
        id,
        {
          password: secret(`Unit-${tokenFor(o.seed, `password:${id}`, 10)}`),
          phonePin: secret(digitsFor(o.seed, `phone-pin:${id}`, 6)),
        },
      ]),
  );
  const delegations = delegationPlan(o);
  const codes = delegations.map((d) =>
    secret(tokenFor(o.seed, `authorization:${d.label}`, 10).toUpperCase()),
  );
  const clientIds = o.demo
    ? ([
        ['kiosk', 'kiosk-demo-1'],
        ['phone', 'phone-demo-1'],
      ] as const)
    : ([
        ['kiosk', 'kiosk-bench-1'],
        ['phone', 'phone-bench-1'],
      ] as const);
  const clients = clientIds.map(([channel, clientId]) => ({
    channel,
    clientId,
    key: secret(`${clientId}.${tokenFor(o.seed, `client:${clientId}`, 32)}`),
  }));

  const db = new Database(buildingPath);
  let nationalIds: Map<number, string>;
  const names = new Map<number, { name: string; status: PersonStatus }>();
  try {
    db.pragma('page_size = 8192');
    // Rows arrive in batches per table, so a child may precede its parent within a transaction; the tests run
    // foreign_key_check on the finished set instead.
    db.pragma('foreign_keys = OFF');
    // better-sqlite3 runs SQLite in defensive mode, which refuses journal_mode=OFF; an in-memory journal is next best.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -524288');
    const schema = readFileSync(join(STORE_DIR, 'records-schema.sql'), 'utf8');
    const [beforeLoad, afterLoad] = schema.split(/^-- @after-load.*$/m);
    db.exec(beforeLoad ?? '');

    nationalIds = await loadRecords(db, o, asOf, pinIds, names);

    const insertPin = db.prepare('INSERT INTO person_credential (person_id, pin_hash) VALUES (?, ?)');
    const insertEmployer = db.prepare(
      'INSERT INTO employer_credential (employer_id, password_hash, phone_pin_hash) VALUES (?, ?, ?)',
    );
    const insertDelegation = db.prepare(
      `INSERT INTO delegate_authorization (id, delegate_national_id, code_hash, person_id, categories, from_month, to_month, valid_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const pinHashes = await Promise.all([...pins].map(async ([id, s]) => [id, await s.hash] as const));
    const employerHashes = await Promise.all(
      [...employerSecrets].map(
        async ([id, s]) => [id, await s.password.hash, await s.phonePin.hash] as const,
      ),
    );
    const codeHashes = await Promise.all(codes.map((c) => c.hash));
    db.transaction(() => {
      for (const [id, hash] of pinHashes) insertPin.run(id, hash);
      for (const [id, password, phonePin] of employerHashes) insertEmployer.run(id, password, phonePin);
      delegations.forEach((d, i) => {
        insertDelegation.run(
          i + 1,
          nationalIds.get(d.delegateId) ?? '',
          codeHashes[i] ?? '',
          d.forId,
          d.categories.join(','),
          d.fromMonth,
          d.toMonth,
          d.validUntil,
        );
      });
    })();
    db.exec(afterLoad ?? '');
    // Statistics from a sample of each index: a full ANALYZE would read every page of a multi-gigabyte set.
    db.pragma('analysis_limit = 2000');
    db.exec('ANALYZE');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    db.close();
    removeFile(buildingPath);
    throw error;
  }
  db.close();

  const clientKeys = await Promise.all(clients.map(async (c) => ({ ...c, keyHash: await c.key.hash })));
  const counts = { persons: o.persons, employers: o.employers };
  registerOperational(o, asOf, clientKeys, counts);
  renameSync(buildingPath, recordsPath);

  const employerNames = readEmployerNames(recordsPath, [...employerSecrets.keys()]);
  const credentials: DemoCredentials = {
    asOf,
    dataThrough: DATA_THROUGH,
    seed: o.seed,
    clients: clientKeys.map((c) => ({ channel: c.channel, clientId: c.clientId, key: c.key.secret })),
    insured: [...pins].map(([id, s]) => ({
      nationalId: nationalIds.get(id) ?? '',
      pin: s.secret,
      profile: o.demo ? (DEMO_PROFILES.find((p) => p.id === id)?.profile ?? 'extra') : 'bench',
      personId: id,
      name: names.get(id)?.name ?? '',
      status: names.get(id)?.status ?? 'working',
    })),
    delegates: delegations.map((d, i) => ({
      delegateNationalId: nationalIds.get(d.delegateId) ?? '',
      authorizationCode: codes[i]?.secret ?? '',
      forNationalId: nationalIds.get(d.forId) ?? '',
      categories: d.categories,
      fromMonth: d.fromMonth,
      toMonth: d.toMonth,
      validUntil: d.validUntil,
      label: d.label,
    })),
    employers: [...employerSecrets].map(([id, s]) => ({
      unitNumber: employerNames.get(id)?.unitNumber ?? '',
      password: s.password.secret,
      phonePin: s.phonePin.secret,
      employerId: id,
      name: employerNames.get(id)?.name ?? '',
      profile: !o.demo
        ? 'bench'
        : id === DEMO_CURRENT_EMPLOYER
          ? 'current-employer'
          : id === DEMO_FORMER_EMPLOYER
            ? 'former-employer'
            : 'extra',
    })),
  };
  const file = join(o.dir, o.demo ? DEMO_CREDENTIALS_FILE : BENCH_CREDENTIALS_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return credentials;
}

interface Delegation {
  label: string;
  delegateId: number;
  forId: number;
  categories: RecordCategory[];
  fromMonth: string;
  toMonth: string;
  validUntil: string;
}

function delegationPlan(o: BuildOptions): Delegation[] {
  const window = { fromMonth: `${FIRST_DETAIL_YEAR}-01`, toMonth: DATA_THROUGH };
  if (o.demo) {
    const [a, b, c] = DEMO_DELEGATE_IDS;
    return [
      // The worker's representative: registration and contributions, the last three years only.
      {
        label: 'worker-limited',
        delegateId: a,
        forId: 1,
        categories: ['registration', 'contributions'],
        fromMonth: '2023-11',
        toMonth: DATA_THROUGH,
        validUntil: '2036-12-31',
      },
      // An authorisation that has expired.
      {
        label: 'worker-expired',
        delegateId: b,
        forId: 1,
        categories: ['registration', 'contributions', 'benefits', 'accounts', 'other'],
        ...window,
        validUntil: '2025-06-30',
      },
      // The retiree's representative: benefits and accounts, whole period.
      {
        label: 'retiree-benefits',
        delegateId: c,
        forId: 2,
        categories: ['benefits', 'accounts'],
        ...window,
        validUntil: '2036-12-31',
      },
    ];
  }
  const out: Delegation[] = [];
  for (let i = 1; i <= Math.min(BENCH_DELEGATES, Math.floor(o.persons / 2)); i++) {
    out.push({
      label: `bench-${i}`,
      delegateId: o.persons - i + 1,
      forId: i,
      categories: ['registration', 'contributions', 'benefits', 'accounts', 'other'],
      ...window,
      validUntil: '2036-12-31',
    });
  }
  return out;
}

async function loadRecords(
  db: Database.Database,
  o: BuildOptions,
  asOf: string,
  keepIds: readonly number[],
  names: Map<number, { name: string; status: PersonStatus }>,
): Promise<Map<number, string>> {
  const ctx = createContext(o.seed, o.employers, o.demo);
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  const metaRows: [string, string][] = [
    ['schema_version', SCHEMA_VERSION],
    ['as_of', asOf],
    ['region_profile', JSON.stringify(DEFAULT_REGION_PROFILE)],
    ['seed', o.seed],
    ['persons', String(o.persons)],
    ['employers', String(o.employers)],
    ['data_through', DATA_THROUGH],
    ['first_detail_month', `${FIRST_DETAIL_YEAR}-01`],
    ['kind', o.demo ? 'demo' : 'generated'],
  ];
  const rate = db.prepare(
    'INSERT INTO contribution_rate (year, insurance_type, employer_bp, individual_bp) VALUES (?, ?, ?, ?)',
  );
  const region = db.prepare('INSERT INTO region (code, name, name_en) VALUES (?, ?, ?)');
  const employer = db.prepare(
    'INSERT INTO employer (id, unit_number, name, address, registered_on, region) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const [k, v] of metaRows) meta.run(k, v);
    for (let y = FIRST_DETAIL_YEAR; y <= Number(DATA_THROUGH.slice(0, 4)); y++) {
      const params = yearParams(y);
      for (const type of [...INSURANCE_TYPES].sort()) rate.run(y, type, ...params.rates[type]);
    }
    for (const c of [...CITIES].sort((a, b) => a.code.localeCompare(b.code)))
      region.run(c.code, c.name, c.nameEn);
    for (const e of ctx.employers) employer.run(...employerRow(ctx, e));
  })();

  const batch = (table: string, columns: string): Batch => new Batch(db, table, columns.split(','));
  const sinks: Sinks = {
    person: batch('person', 'id,national_id,name,sex,birth_date,address,registered_on,region,status'),
    enrolment: batch('enrolment', 'person_id,insurance_type,since,until,status'),
    employment: batch('employment', 'person_id,employer_id,first_month,last_month'),
    contribution: batch(
      'contribution',
      'person_id,month,employer_id,base,pension_employer,pension_individual,medical_employer,medical_individual,unemployment_employer,unemployment_individual,work_injury_employer,maternity_employer,status,paid_date',
    ),
    subsidy: batch('subsidy', 'person_id,month,kind,amount'),
    benefitEligibility: batch('benefit_eligibility', 'person_id,benefit,eligible,since,until,monthly_amount'),
    benefitPayment: batch('benefit_payment', 'person_id,paid_date,benefit,period,amount'),
    contributionPeriod: batch('contribution_period', 'person_id,insurance_type,months'),
    account: batch('account', 'person_id,kind,balance'),
    accountYear: batch('account_year', 'person_id,kind,year,accrual,interest,closing_balance'),
    accountMovement: batch('account_movement', 'person_id,kind,date,seq,movement,amount,balance_after'),
    transfer: batch('transfer', 'person_id,date,from_region,to_region,months,funds_transferred'),
    correction: batch('correction', 'person_id,date,category,field,reason'),
    personSummary: batch(
      'person_summary',
      'person_id,latest_paid_month,months_in_arrears,arrears_amount,late_months,last_contribution_month',
    ),
    staffStatus: batch(
      'employer_staff_status',
      'employer_id,person_id,ref,first_month,last_month,current,status,months_in_arrears,arrears_amount,late_months,latest_paid_month',
    ),
  };

  const keep = new Set(keepIds);
  const delegateIds = new Set(delegationPlan(o).map((d) => d.delegateId));
  const ids = new Map<number, string>();
  const chunk = 5000;
  o.onProgress?.(0, o.persons);
  db.exec('BEGIN');
  for (let id = 1; id <= o.persons; id++) {
    const rng = rngFor(o.seed, 'person', id);
    const plan = o.demo ? demoPlan(ctx, rng, id) : randomPlan(ctx, rng);
    const nid = realise(ctx, sinks, id, plan, rng);
    if (keep.has(id) || delegateIds.has(id)) ids.set(id, nid);
    if (id % chunk === 0) {
      for (const b of Object.values(sinks)) b.flush();
      db.exec('COMMIT');
      o.onProgress?.(id, o.persons);
      await new Promise((resolve) => setImmediate(resolve));
      db.exec('BEGIN');
    }
  }
  for (const b of Object.values(sinks)) b.flush();
  db.exec('COMMIT');
  for (const [id] of ids) if (keep.has(id)) names.set(id, lookupPerson(db, id));
  o.onProgress?.(o.persons, o.persons);

  // Employer totals per month and headline figures, from the accumulators filled while realising persons.
  const windowMonths = ctx.last - ctx.first + 1;
  const month = batch(
    'employer_month',
    'employer_id,month,headcount,base,employer_part,individual_part,paid_amount,arrears_amount',
  );
  const summary = batch('employer_summary', 'employer_id,staff_count,staff_in_arrears,arrears_amount');
  db.exec('BEGIN');
  for (const e of ctx.employers) {
    for (let m = 0; m < windowMonths; m++) {
      const k = ((e.id - 1) * windowMonths + m) * EMPLOYER_MONTH_FIELDS;
      const headcount = ctx.employerMonth[k] ?? 0;
      if (headcount === 0) continue;
      month.v.push(e.id, monthText(ctx.first + m), headcount);
      for (let f = 1; f < EMPLOYER_MONTH_FIELDS; f++) month.v.push(ctx.employerMonth[k + f] ?? 0);
      month.end();
    }
    const t = (e.id - 1) * EMPLOYER_TOTAL_FIELDS;
    summary.v.push(
      e.id,
      ctx.employerTotals[t] ?? 0,
      ctx.employerTotals[t + 1] ?? 0,
      ctx.employerTotals[t + 2] ?? 0,
    );
    summary.end();
  }
  month.flush();
  summary.flush();
  db.exec('COMMIT');
  return ids;
}

function lookupPerson(db: Database.Database, id: number): { name: string; status: PersonStatus } {
  return db.prepare('SELECT name, status FROM person WHERE id = ?').get(id) as {
    name: string;
    status: PersonStatus;
  };
}

function readEmployerNames(path: string, ids: number[]): Map<number, { unitNumber: string; name: string }> {
  const db = new Database(path, { readonly: true });
  try {
    const get = db.prepare('SELECT unit_number AS unitNumber, name FROM employer WHERE id = ?');
    return new Map(ids.map((id) => [id, get.get(id) as { unitNumber: string; name: string }]));
  } finally {
    db.close();
  }
}

/**
 * Registers this load's clients and writes the maintenance-log entry. An existing operational store is kept
 * (its query log is an audit trail and outlives any data load): clients are upserted by id (the key is
 * re-issued), except that a revoked client stays revoked with its old key: a load never revives one (the
 * maintenance-log entry names it; register a new client instead). A missing store is created under a temporary
 * name first.
 */
function registerOperational(
  o: BuildOptions,
  asOf: string,
  clients: { channel: 'kiosk' | 'phone'; clientId: string; keyHash: string }[],
  counts: { persons: number; employers: number },
): void {
  const path = join(o.dir, OPERATIONAL_FILE);
  const fresh = !existsSync(path);
  const target = fresh ? join(o.dir, `.${OPERATIONAL_FILE}.building`) : path;
  if (fresh) removeFile(target);
  const db = new Database(target);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(readFileSync(join(STORE_DIR, 'operational-schema.sql'), 'utf8'));
    const upsert = db.prepare(
      `INSERT INTO client (client_id, channel, key_hash, description, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT(client_id) DO UPDATE SET channel = excluded.channel, key_hash = excluded.key_hash,
         description = excluded.description, created_at = excluded.created_at
       WHERE client.revoked_at IS NULL`,
    );
    const revoked = new Set(
      (
        db.prepare('SELECT client_id FROM client WHERE revoked_at IS NOT NULL').pluck().all() as string[]
      ).filter((id) => clients.some((c) => c.clientId === id)),
    );
    const log = db.prepare('INSERT INTO maintenance_log (at, what, why, method, who) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const c of clients) {
        upsert.run(
          c.clientId,
          c.channel,
          c.keyHash,
          `${o.demo ? 'demo' : 'bench'} ${c.channel} client (data generator)`,
          asOf,
        );
      }
      log.run(
        new Date().toISOString(),
        `records data load: ${o.demo ? 'demo' : 'generated'} data set, ${counts.persons} persons, ${counts.employers} employers, seed ${o.seed}, data through ${DATA_THROUGH}, as of ${asOf}` +
          (revoked.size > 0 ? `; revoked clients stay revoked: ${[...revoked].join(', ')}` : ''),
        o.why,
        o.method,
        operator(),
      );
    })();
  } catch (error) {
    db.close();
    if (fresh) removeFile(target);
    throw error;
  }
  db.close();
  if (fresh) renameSync(target, path);
}
