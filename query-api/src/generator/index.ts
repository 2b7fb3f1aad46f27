// The data generator: a producer of the interchange format (docs/interchange.md). It writes an export of the
// synthetic record model (all five categories of the record, with the credentials the core system issues), and a
// data load then goes through the importer like any agency export: one loading path to trust. `buildDemoDataset`
// makes the small documented demo set; `generateDataset` the same model at any size; `exportDataset` only writes
// the export. Everything derives from the seed, except salted hashes, the staff references and the load time.
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
import { INSURANCE_TYPES, type PersonStatus, type RecordCategory } from '../../../shared/src/domain.ts';
import { DEFAULT_REGION_PROFILE } from '../../../shared/src/ids.ts';
import { hashSecret } from '../auth/secrets.ts';
import { CsvWriter } from '../interchange/csv.ts';
import {
  ENTITIES,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_FILE,
  type EntityName,
  type Manifest,
} from '../interchange/format.ts';
import { formatError, importExport } from '../interchange/importer.ts';
import { openLoadTarget } from '../store/open.ts';
import { CITIES, DATA_THROUGH, FIRST_DETAIL_YEAR, yearParams } from './catalog.ts';
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
import { createContext, employerRow, randomPlan, realise, type RowSink, type Sinks } from './model.ts';
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
  /** Only write the export (interchange format) to this folder: no data load. */
  exportTo?: string;
  /** Load into PostgreSQL at this URL (DATABASE_URL) instead of SQLite files in `dir`. */
  databaseUrl?: string | undefined;
}

interface BuildOptions extends Required<
  Omit<GenerateOptions, 'onProgress' | 'bench' | 'exportTo' | 'databaseUrl'>
> {
  databaseUrl?: string | undefined;
  /** Write the export to this folder and stop (no data load). */
  exportTo?: string;
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
export function buildDemoDataset({
  dir,
  asOf,
  exportTo,
  databaseUrl,
}: {
  dir: string;
  asOf?: Date;
  exportTo?: string;
  /** Load into PostgreSQL at this URL (DATABASE_URL) instead of SQLite files in `dir`. */
  databaseUrl?: string | undefined;
}): Promise<DemoCredentials> {
  return build({
    dir,
    databaseUrl,
    ...(exportTo ? { exportTo } : {}),
    persons: DEMO_PERSONS,
    employers: DEMO_EMPLOYERS,
    seed: DEMO_SEED,
    demo: true,
    why: 'demo data set for development, demonstration and tests',
    method: 'generator (npm run data:demo / buildDemoDataset): an export loaded by the importer',
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
    method: 'generator (npm run data:generate): an export loaded by the importer',
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
  const target = o.exportTo ?? o.dir;
  try {
    makeFolder(resolve(target));
    accessSync(target, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GeneratorInputError(`cannot write to the folder ${target}${code ? ` (${code})` : ''}`);
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
  // The data set holds personal data and credentials: owner-only.
  mkdirSync(dir, { mode: 0o700 });
}

interface SecretSpec {
  secret: string;
  hash: Promise<string>;
}
function secret(value: string): SecretSpec {
  return { secret: value, hash: hashSecret(value) };
}

/** What writing an export established: the secrets (for the credentials file) and the identities they belong to. */
interface Produced {
  asOf: string;
  pins: Map<number, SecretSpec>;
  employerSecrets: Map<number, { password: SecretSpec; phonePin: SecretSpec }>;
  delegations: Delegation[];
  codes: SecretSpec[];
  nationalIds: Map<number, string>;
  names: Map<number, { name: string; status: PersonStatus }>;
  employerNames: Map<number, { unitNumber: string; name: string }>;
}

async function build(o: BuildOptions): Promise<DemoCredentials> {
  checkOptions(o);
  const asOf = (o.asOf ?? new Date()).toISOString();
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

  if (o.exportTo) {
    makeFolder(resolve(o.exportTo));
    const produced = await writeExport(o, o.exportTo, asOf);
    const credentials = credentialsOf(o, produced, await hashClients(clients));
    writeCredentials(join(o.exportTo, o.demo ? DEMO_CREDENTIALS_FILE : BENCH_CREDENTIALS_FILE), credentials);
    return credentials;
  }

  // The export is written next to the data (same file system), loaded by the importer, then removed.
  const exportDir = join(o.dir, `.export-${process.pid}`);
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { mode: 0o700 });
  let produced: Produced;
  const clientKeys = await hashClients(clients);
  try {
    produced = await writeExport(o, exportDir, asOf);
    // SQLite files in o.dir, or PostgreSQL when a database URL is given (store/open.ts).
    const target = await openLoadTarget({ dataDir: o.dir, databaseUrl: o.databaseUrl });
    const ops = target.ops;
    try {
      const result = await importExport({
        from: exportDir,
        sink: target.sink,
        ops,
        reason: o.why,
        who: operator(),
        method: o.method,
      });
      if (result.outcome !== 'loaded') {
        const first = result.errors[0];
        throw new Error(
          `the generated export was refused (${result.errorCount} errors)${first ? `: ${formatError(first)}` : ''}`,
        );
      }
      // The clients go through the operational store: a reload re-issues the same keys and never revives a
      // client an operator revoked.
      for (const c of clientKeys) {
        await ops.registerClient({
          clientId: c.clientId,
          channel: c.channel,
          keyHash: c.keyHash,
          description: `${o.demo ? 'demo' : 'bench'} ${c.channel} client (data generator)`,
          createdAt: asOf,
          revokedAt: null,
        });
      }
    } finally {
      await target.close();
    }
  } finally {
    rmSync(exportDir, { recursive: true, force: true });
  }
  const credentials = credentialsOf(o, produced, clientKeys);
  writeCredentials(join(o.dir, o.demo ? DEMO_CREDENTIALS_FILE : BENCH_CREDENTIALS_FILE), credentials);
  return credentials;
}

function hashClients(
  clients: { channel: 'kiosk' | 'phone'; clientId: string; key: SecretSpec }[],
): Promise<{ channel: 'kiosk' | 'phone'; clientId: string; key: SecretSpec; keyHash: string }[]> {
  return Promise.all(clients.map(async (c) => ({ ...c, keyHash: await c.key.hash })));
}

function writeCredentials(file: string, credentials: DemoCredentials): void {
  rmSync(`${file}.tmp`, { force: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function credentialsOf(
  o: BuildOptions,
  p: Produced,
  clientKeys: { channel: 'kiosk' | 'phone'; clientId: string; key: SecretSpec }[],
): DemoCredentials {
  return {
    asOf: p.asOf,
    dataThrough: DATA_THROUGH,
    seed: o.seed,
    clients: clientKeys.map((c) => ({ channel: c.channel, clientId: c.clientId, key: c.key.secret })),
    insured: [...p.pins].map(([id, s]) => ({
      nationalId: p.nationalIds.get(id) ?? '',
      pin: s.secret,
      profile: o.demo ? (DEMO_PROFILES.find((d) => d.id === id)?.profile ?? 'extra') : 'bench',
      personId: id,
      name: p.names.get(id)?.name ?? '',
      status: p.names.get(id)?.status ?? 'working',
    })),
    delegates: p.delegations.map((d, i) => ({
      delegateNationalId: p.nationalIds.get(d.delegateId) ?? '',
      authorizationCode: p.codes[i]?.secret ?? '',
      forNationalId: p.nationalIds.get(d.forId) ?? '',
      categories: d.categories,
      fromMonth: d.fromMonth,
      toMonth: d.toMonth,
      validUntil: d.validUntil,
      label: d.label,
    })),
    employers: [...p.employerSecrets].map(([id, s]) => ({
      unitNumber: p.employerNames.get(id)?.unitNumber ?? '',
      password: s.password.secret,
      phonePin: s.phonePin.secret,
      employerId: id,
      name: p.employerNames.get(id)?.name ?? '',
      profile: !o.demo
        ? 'bench'
        : id === DEMO_CURRENT_EMPLOYER
          ? 'current-employer'
          : id === DEMO_FORMER_EMPLOYER
            ? 'former-employer'
            : 'extra',
    })),
  };
}

/** Writes one CSV per entity and the manifest (last, under a temporary name: an export without one is unfinished). */
async function writeExport(o: BuildOptions, dir: string, asOf: string): Promise<Produced> {
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

  const writers = new Map<string, CsvWriter>();
  const writer = (name: EntityName): CsvWriter => {
    let w = writers.get(name);
    if (!w) {
      const e = ENTITIES.find((x) => x.name === name);
      if (!e) throw new Error(`unknown entity ${name}`);
      w = new CsvWriter(
        join(dir, e.file),
        e.columns.map((c) => c.name),
      );
      writers.set(name, w);
    }
    return w;
  };
  for (const e of ENTITIES) writer(e.name as EntityName);

  const ctx = createContext(o.seed, o.employers, o.demo);
  const row = (name: EntityName, values: (string | number | null)[]): void => {
    const w = writer(name);
    w.v.push(...values);
    w.end();
  };
  for (const c of [...CITIES].sort((a, b) => a.code.localeCompare(b.code)))
    row('regions', [c.code, c.name, c.nameEn]);
  for (let y = FIRST_DETAIL_YEAR; y <= Number(DATA_THROUGH.slice(0, 4)); y++) {
    const params = yearParams(y);
    for (const type of [...INSURANCE_TYPES].sort())
      row('contribution_rates', [y, type, ...params.rates[type]]);
  }
  const employerNames = new Map<number, { unitNumber: string; name: string }>();
  for (const e of ctx.employers) {
    const values = employerRow(ctx, e);
    if (employerSecrets.has(e.id))
      employerNames.set(e.id, { unitNumber: String(values[1]), name: String(values[2]) });
    row('employers', values);
  }

  const keep = new Set(pinIds);
  const delegateIds = new Set(delegations.map((d) => d.delegateId));
  const nationalIds = new Map<number, string>();
  const names = new Map<number, { name: string; status: PersonStatus }>();
  const persons = writer('persons');
  const personSink: RowSink = {
    v: persons.v,
    end() {
      const id = persons.v[0] as number;
      if (keep.has(id)) names.set(id, { name: String(persons.v[2]), status: persons.v[8] as PersonStatus });
      persons.end();
    },
  };
  const sinks: Sinks = {
    person: personSink,
    enrolment: writer('enrolments'),
    employment: writer('employment_periods'),
    contribution: writer('contributions'),
    subsidy: writer('subsidies'),
    benefitEligibility: writer('benefit_eligibility'),
    benefitPayment: writer('benefit_payments'),
    contributionPeriod: writer('contribution_periods'),
    account: writer('accounts'),
    accountYear: writer('account_years'),
    accountMovement: writer('account_movements'),
    transfer: writer('transfers'),
    correction: writer('corrections'),
  };
  const chunk = 5000;
  o.onProgress?.(0, o.persons);
  for (let id = 1; id <= o.persons; id++) {
    const rng = rngFor(o.seed, 'person', id);
    const plan = o.demo ? demoPlan(ctx, rng, id) : randomPlan(ctx, rng);
    const nid = realise(ctx, sinks, id, plan, rng);
    if (keep.has(id) || delegateIds.has(id)) nationalIds.set(id, nid);
    if (id % chunk === 0) {
      o.onProgress?.(id, o.persons);
      await new Promise((done) => setImmediate(done));
    }
  }
  o.onProgress?.(o.persons, o.persons);

  // The credentials the core system issued, as hashes, in key order.
  for (const [id, s] of [...pins].sort((a, b) => a[0] - b[0])) row('person_credentials', [id, await s.hash]);
  for (const [id, s] of [...employerSecrets].sort((a, b) => a[0] - b[0])) {
    row('employer_credentials', [id, await s.password.hash, await s.phonePin.hash]);
  }
  const authorizations = await Promise.all(
    delegations.map(async (d, i) => [
      d.forId,
      i + 1,
      nationalIds.get(d.delegateId) ?? '',
      await (codes[i] as SecretSpec).hash,
      d.categories.join(','),
      d.fromMonth,
      d.toMonth,
      d.validUntil,
    ]),
  );
  authorizations.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  for (const a of authorizations) row('delegate_authorizations', a);

  const files: Manifest['files'] = {};
  for (const e of ENTITIES) {
    const w = writers.get(e.name);
    if (!w) continue;
    const { sha256, rows } = w.close();
    files[e.name] = { file: e.file, rows, sha256 };
  }
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    kind: 'full',
    exportedAt: asOf,
    dataThrough: DATA_THROUGH,
    firstDetailMonth: `${FIRST_DETAIL_YEAR}-01`,
    regionProfile: DEFAULT_REGION_PROFILE,
    producer: `consulta data generator (${o.demo ? 'demo' : 'generated'} data set, ${o.persons} persons, ${o.employers} employers, seed ${o.seed})`,
    files,
  };
  writeFileSync(join(dir, `${MANIFEST_FILE}.tmp`), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(join(dir, `${MANIFEST_FILE}.tmp`), join(dir, MANIFEST_FILE));
  return { asOf, pins, employerSecrets, delegations, codes, nationalIds, names, employerNames };
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
