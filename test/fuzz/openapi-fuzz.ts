// A fuzzer derived from the API's own OpenAPI document (GET /v1/openapi.json): every operation, its path and
// query parameters and its JSON body are turned into fast-check arbitraries (valid values from the schemas,
// mixed with near-misses and junk), sent with every kind of caller (no key, wrong key, kiosk, phone; no token,
// junk token, real sessions of each role), and every answer is checked: never a 5xx, every error a
// problem+json 4xx, every success in the shape the route table declares. No request is hand-listed.
import fc from 'fast-check';
import { problem } from '@consulta/shared';
import type { z } from 'zod';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { loginBody } from '../api/login-body.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

export interface Operation {
  method: string;
  /** OpenAPI form: /v1/employer/staff/{ref}/contributions. */
  path: string;
  pathParams: [string, Schema][];
  queryParams: [string, Schema][];
  body: Schema | null;
  /** The declared success shape: null for no content, undefined when the route table does not hold it. */
  response: z.ZodType | null | undefined;
  status: number;
}

/** The operations of a served OpenAPI document, with the response schema the route table declares. */
export function operations(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Schema }[];
      const route = ROUTES.find((r) => r.path === path && r.method === method);
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => [p.name, p.schema]),
        queryParams: params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        response: route ? route.response : undefined,
        status: route ? route.status : 200,
      });
    }
  }
  return out;
}

/** Anything JSON can hold, small. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    "' OR 1=1 --",
    '𝔘𝔫𝔦',
    '9'.repeat(400),
    '-1',
    '1e309',
  ),
);

/** A value for a JSON schema: mostly valid, sometimes a near miss, sometimes junk. */
export function fromSchema(schema: Schema, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid(schema, doc, depth), weight: 6 }, { arbitrary: junk, weight: 1 });
}

function resolveRef(schema: Schema, doc: Schema): Schema {
  if (schema && typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop();
    return doc.components?.schemas?.[name] ?? {};
  }
  return schema ?? {};
}

function valid(input: Schema, doc: Schema, depth: number): fc.Arbitrary<unknown> {
  const schema = resolveRef(input, doc);
  if (depth > 6) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.const !== undefined) return fc.constant(schema.const);
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, doc, depth + 1)));
  const type = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [schema.type as string]
      : ['string'];
  const arbs = type.map((t) => ofType(t, schema, doc, depth));
  return arbs.length === 1 && arbs[0] ? arbs[0] : fc.oneof(...arbs);
}

function ofType(type: string, schema: Schema, doc: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
      return fc.oneof(
        { arbitrary: fc.integer({ min, max: Math.min(max, min + 20) }), weight: 4 },
        { arbitrary: fc.integer({ min, max }), weight: 2 },
        { arbitrary: fc.constantFrom(min - 1, max + 1, 0), weight: 1 },
      );
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'array':
      return fc.array(valid(schema.items ?? {}, doc, depth + 1), { maxLength: 4 });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const entries = Object.entries(props);
      if (entries.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 });
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of entries) record[name] = fromSchema(prop, doc, depth + 1);
      // Required fields are usually present (so that requests get past validation), sometimes dropped.
      return fc
        .tuple(
          fc.record(record, { requiredKeys: [...required] }),
          fc.subarray(entries.map(([name]) => name)),
          fc.boolean(),
        )
        .map(([value, drop, keep]) => {
          const out: Record<string, unknown> = { ...value };
          if (!keep) for (const name of drop) delete out[name];
          return out;
        });
    }
    default: {
      if (typeof schema.pattern === 'string') {
        return fc.oneof(
          { arbitrary: fc.stringMatching(new RegExp(schema.pattern)), weight: 4 },
          { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
        );
      }
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
      return fc.oneof(
        { arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 60) }), weight: 4 },
        { arbitrary: fc.string({ minLength: maxLength + 1, maxLength: maxLength + 8 }), weight: 1 },
      );
    }
  }
}

// ---------------------------------------------------------------- requests

/** The callers the fuzzer sends as (keys and tokens come from real logins at the start). */
export interface Callers {
  kioskKey: string;
  phoneKey: string;
  /** Session tokens by caller name, e.g. 'kiosk:insured', 'web:employer', 'phone:employer'. */
  tokens: Record<string, { key: string | undefined; token: string }>;
}

export interface FuzzRequest {
  operation: Operation;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  caller: string;
}

function encodePath(op: Operation, values: Record<string, unknown>): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values[name];
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    return encodeURIComponent(text === '' ? 'x' : text);
  });
}

function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(name, String(v));
    else params.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** One request to one operation, as an arbitrary. */
export function requestArbitrary(op: Operation, doc: Schema, callers: Callers): fc.Arbitrary<FuzzRequest> {
  const named = Object.keys(callers.tokens);
  const callerArb = fc.oneof(
    { arbitrary: fc.constantFrom(...named), weight: 6 },
    { arbitrary: fc.constantFrom('web', 'kiosk', 'phone', 'bad-key', 'junk-token'), weight: 2 },
  );
  const paramsArb = fc.record(
    Object.fromEntries(op.pathParams.map(([name, schema]) => [name, fromSchema(schema, doc)])),
  );
  const queryArb = fc.record(
    Object.fromEntries(op.queryParams.map(([name, schema]) => [name, fromSchema(schema, doc)])),
    { requiredKeys: [] },
  );
  const bodyArb: fc.Arbitrary<string | undefined> = op.body
    ? fc.oneof(
        { arbitrary: fromSchema(op.body, doc).map((v) => JSON.stringify(v)), weight: 8 },
        {
          arbitrary: fc.constantFrom('{', '', 'null', '[]', '{"a":', '"text"', '{"method":"pin"}'),
          weight: 1,
        },
        { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
      )
    : fc.constant(undefined);
  return fc.tuple(callerArb, paramsArb, queryArb, bodyArb).map(([caller, params, query, body]) => {
    // A session's key and token are added when the request is sent (a logged-out session is replaced).
    const headers: Record<string, string> = {};
    if (callers.tokens[caller]) {
      // set at send time
    } else if (caller === 'kiosk') headers['x-client-key'] = callers.kioskKey;
    else if (caller === 'phone') headers['x-client-key'] = callers.phoneKey;
    else if (caller === 'bad-key') headers['x-client-key'] = 'kiosk-nobody.not-a-key';
    else if (caller === 'junk-token') headers['authorization'] = `Bearer ${'A'.repeat(43)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return {
      operation: op,
      method: op.method,
      url: `${encodePath(op, params)}${queryString(query)}`,
      headers,
      body,
      caller,
    };
  });
}

/** `count` requests spread over every operation in turn, reproducible from `seed`. */
export function sampleRequests(doc: Schema, callers: Callers, count: number, seed: number): FuzzRequest[] {
  const ops = operations(doc);
  const perOp = Math.ceil(count / ops.length);
  const lists = ops.map((op, i) =>
    fc.sample(requestArbitrary(op, doc, callers), { seed: seed + i, numRuns: perOp }),
  );
  const out: FuzzRequest[] = [];
  for (let k = 0; k < perOp && out.length < count; k++) {
    for (const list of lists) {
      const request = list[k];
      if (request && out.length < count) out.push(request);
    }
  }
  return out;
}

// ---------------------------------------------------------------- checking answers

export interface Finding {
  request: FuzzRequest;
  status: number;
  problem: string;
}

export interface FuzzReport {
  requests: number;
  /** Per operation ("GET /v1/me/summary"): how many answers of each status class. */
  byOperation: Map<string, Record<'2xx' | '3xx' | '4xx' | '5xx' | 'failed', number>>;
  findings: Finding[];
  fiveHundreds: number;
}

/** Sends the requests (a few at a time) and checks every answer. */
export async function runRequests(
  base: string,
  requests: readonly FuzzRequest[],
  options: { concurrency?: number; callers?: Callers; onLogout?: (caller: string) => Promise<void> } = {},
): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, byOperation: new Map(), findings: [], fiveHundreds: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const request = requests[next++];
      if (!request) break;
      const key = `${request.method} ${request.operation.path}`;
      const counts = report.byOperation.get(key) ?? { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, failed: 0 };
      report.byOperation.set(key, counts);
      report.requests++;
      let answer: { status: number; type: string; text: string };
      try {
        const session = options.callers?.tokens[request.caller];
        const headers = session
          ? {
              ...request.headers,
              ...(session.key ? { 'x-client-key': session.key } : {}),
              authorization: `Bearer ${session.token}`,
            }
          : request.headers;
        const res = await fetch(`${base}${request.url}`, {
          method: request.method,
          headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        answer = { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
      } catch (err) {
        counts.failed++;
        report.findings.push({ request, status: 0, problem: `no answer: ${(err as Error).message}` });
        continue;
      }
      const { status, type, text } = answer;
      const cls = `${Math.floor(status / 100)}xx` as '2xx' | '3xx' | '4xx' | '5xx';
      if (cls in counts) counts[cls]++;
      const finding = check(request, status, type, text);
      if (status >= 500) report.fiveHundreds++;
      if (finding) report.findings.push({ request, status, problem: finding });
      if (request.method === 'DELETE' && status === 204 && options.onLogout)
        await options.onLogout(request.caller);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}

function check(request: FuzzRequest, status: number, type: string, text: string): string | null {
  if (status >= 500) return `${status}: ${text.slice(0, 200)}`;
  if (status >= 400) {
    if (!type.startsWith('application/problem+json')) return `${status} without problem+json (${type})`;
    const parsed = problem.safeParse(safeJson(text));
    if (!parsed.success) return `${status} problem body does not match the schema`;
    if (parsed.data.status !== status) return `problem status ${parsed.data.status} on a ${status} answer`;
    return null;
  }
  const { response, status: declared } = request.operation;
  if (response === undefined) return null;
  if (status !== declared) return `success ${status}, declared ${declared}`;
  if (response === null) return text === '' ? null : 'a body on a no-content route';
  const parsed = response.safeParse(safeJson(text));
  return parsed.success
    ? null
    : `success body does not match the route's schema: ${parsed.error.message.slice(0, 200)}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The summary table: one line per operation, then the totals. */
export function summaryTable(report: FuzzReport): string {
  const rows = [...report.byOperation.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(9, ...rows.map(([name]) => name.length));
  const head = `${'operation'.padEnd(width)}  ${['2xx', '3xx', '4xx', '5xx', 'failed'].map((h) => h.padStart(6)).join('')}`;
  const lines = rows.map(
    ([name, c]) =>
      `${name.padEnd(width)}  ${[c['2xx'], c['3xx'], c['4xx'], c['5xx'], c.failed].map((n) => String(n).padStart(6)).join('')}`,
  );
  const total = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, failed: 0 };
  for (const [, c] of rows) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
  const foot = `${'total'.padEnd(width)}  ${[total['2xx'], total['3xx'], total['4xx'], total['5xx'], total.failed].map((n) => String(n).padStart(6)).join('')}`;
  return [head, '-'.repeat(head.length), ...lines, '-'.repeat(head.length), foot].join('\n');
}

// ---------------------------------------------------------------- callers

interface DemoCreds {
  clients: { channel: 'kiosk' | 'phone'; key: string }[];
  insured: { profile: string; nationalId: string; pin: string }[];
  delegates: { label: string; delegateNationalId: string; authorizationCode: string }[];
  employers: { profile: string; unitNumber: string; password: string; phonePin: string }[];
}

/** Logs in every kind of caller the fuzzer sends as; `relogin` replaces a session the fuzzer logged out. */
export async function setUpCallers(
  base: string,
  creds: DemoCreds,
): Promise<{ callers: Callers; relogin(caller: string): Promise<void> }> {
  const kioskKey = creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
  const phoneKey = creds.clients.find((c) => c.channel === 'phone')?.key ?? '';
  const worker = creds.insured.find((p) => p.profile === 'worker-arrears') ?? creds.insured[0];
  const delegate = creds.delegates.find((d) => d.label === 'worker-limited') ?? creds.delegates[0];
  const employer = creds.employers.find((e) => e.profile === 'current-employer') ?? creds.employers[0];
  if (!worker || !delegate || !employer) throw new Error('the data set lacks demo identities');
  const bodies: Record<string, { key: string | undefined; body: unknown }> = {
    'kiosk:insured': { key: kioskKey, body: loginBody.pin(worker) },
    'web:insured': { key: undefined, body: loginBody.pin(worker) },
    'phone:insured': { key: phoneKey, body: loginBody.pin(worker) },
    'kiosk:delegate': { key: kioskKey, body: loginBody.delegate(delegate) },
    'web:employer': { key: undefined, body: loginBody.employer(employer) },
    'phone:employer': { key: phoneKey, body: loginBody.employerPin(employer) },
  };
  const tokens: Callers['tokens'] = {};
  const relogin = async (caller: string): Promise<void> => {
    const spec = bodies[caller];
    if (!spec) return;
    const res = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(spec.key ? { 'x-client-key': spec.key } : {}) },
      body: JSON.stringify(spec.body),
    });
    const body = (await res.json()) as { token?: string };
    if (res.status !== 201 || !body.token) throw new Error(`fuzz set-up: ${caller} login gave ${res.status}`);
    tokens[caller] = { key: spec.key, token: body.token };
  };
  for (const caller of Object.keys(bodies)) await relogin(caller);
  return { callers: { kioskKey, phoneKey, tokens }, relogin };
}
