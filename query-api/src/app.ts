// The query API's composition: opens both stores, builds the services once, and serves the one route table
// through two thin adapters: a node:http fast lane for the record-reading GET routes and Express for the rest
// (and for everything the fast lane leaves), both mapping every error to problem+json the same way. `startApi` is what main.ts, the tests and the other processes' tests use.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ClientAuthenticator, DEFAULT_UNVERIFIED_KEYS } from './auth/clients.ts';
import { RateLimiter, type BucketConfig } from './auth/rate-limit.ts';
import { SessionService, type Caller } from './auth/sessions.ts';
import type { ApiDeps } from './http/context.ts';
import { createFastLane } from './http/fast-lane.ts';
import {
  API_HEADERS,
  DOCUMENT_HEADERS,
  DOCUMENT_ONLY_HEADERS,
  JSON_TYPE,
  PROBLEM_TYPE,
  clientAddress,
  resolveClient,
  searchOf,
  runRoute,
  type Answer,
} from './http/pipeline.ts';
import { ApiProblem, toProblem } from './http/problem.ts';
import { ROUTES } from './http/routes.ts';
import { staticKiosk } from './http/static.ts';
import { Checkpointer, logOrigin } from './log/checkpoints.ts';
import { queryLogConfigFromEnv, type QueryLogConfig } from './log/config.ts';
import { QueryLog } from './log/query-log.ts';
import { disclosureDocument } from './policy/disclosure.ts';
import { loadSigningKey } from './log/signing.ts';
import { DEFAULT_AGENCY, type AgencyConfig } from './rights/documents.ts';
import { withOwnPins } from './rights/pins.ts';
import {
  OPERATIONAL_SQLITE,
  RECORDS_SQLITE,
  type StoreConfig,
  openStores,
  storeConfigFromEnv,
} from './store/open.ts';
import { ApiTelemetry, routeMatcher } from './telemetry.ts';
import type { RecordsStore } from './store/types.ts';

export interface RateLimits {
  /** Per registered client (a kiosk terminal, the phone server). */
  client: BucketConfig;
  /** Per address on the web channel (no client key): stricter. */
  web: BucketConfig;
  /** Certificate verification, per client or address. */
  verify: BucketConfig;
  /** Call-back requests, per phone client. */
  callback: BucketConfig;
  /** Client keys not verified yet (each may cost a hash), per address. */
  unverifiedKeys: BucketConfig;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  client: { perSecond: 200, burst: 400 },
  web: { perSecond: 10, burst: 30 },
  verify: { perSecond: 0.5, burst: 10 },
  callback: { perSecond: 2, burst: 20 },
  unverifiedKeys: DEFAULT_UNVERIFIED_KEYS,
};

export interface ApiOptions {
  /** Folder with records.sqlite and operational.sqlite (SQLite), and beside which the log key must not live. */
  dataDir: string;
  /**
   * PostgreSQL for both stores (`DATABASE_URL`) and replicas for record reads (`RECORDS_READ_URL`); by default
   * from the environment, SQLite under dataDir when no database URL is set (store/open.ts).
   */
  store?: Pick<StoreConfig, 'databaseUrl' | 'recordsReadUrls' | 'poolMax'>;
  port?: number;
  host?: string;
  /** The kiosk's web build, served at / (same origin as the API). */
  staticDir?: string;
  /** The agency's IANA time zone the web build shows times in (`AGENCY_TIME_ZONE`; default Asia/Shanghai). */
  timeZone?: string | undefined;
  /** Clock injection for tests of expiry. */
  now?: () => Date;
  sessionIdleSeconds?: number;
  sessionMaxSeconds?: number;
  lockoutMinutes?: number;
  rateLimits?: Partial<RateLimits>;
  /** The agency's name per language and the public check address printed on documents. */
  agency?: AgencyConfig;
  /** The query log's signing key and checkpoint witness (default: from the environment, see log/config.ts). */
  queryLog?: Partial<QueryLogConfig>;
  /** How long a write waits for another process's lock on the operational store before failing (503). */
  storeBusyTimeoutMs?: number;
  /** Connection and timeout limits of the HTTP server. */
  http?: Partial<HttpLimits>;
  /** JSON request logs and /metrics (telemetry.ts); by default a logger at LOG_LEVEL and loopback-only metrics. */
  telemetry?: ApiTelemetry;
}

export interface HttpLimits {
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number;
  /** The request line and headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms): a slow body is not held. */
  requestTimeoutMs: number;
  /** An idle connection (no request in progress) is closed after this (ms). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 2048,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 65_000,
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/**
 * What the server answers when a request cannot even be parsed or does not arrive in time (Node's own answer
 * would be a bare status line): a problem+json 4xx, then the connection is closed.
 */
function clientErrorAnswer(code: string | undefined): string {
  const status =
    code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 408
      : code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : code === 'HPE_URI_TOO_LONG'
          ? 414
          : 400;
  const detail =
    status === 408 ? 'the request did not arrive in time' : 'the request could not be parsed as HTTP';
  const body = JSON.stringify({
    type: '/problems/bad_request',
    title: 'The request is not valid',
    status,
    code: 'bad_request',
    detail,
  });
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
    `Content-Type: ${PROBLEM_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`
  );
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** The first of the 24 months the employer summary covers, counted back from the last month of the records. */
function monthsBack(lastMonth: string, count: number): string {
  const year = Number(lastMonth.slice(0, 4));
  const month = Number(lastMonth.slice(5, 7));
  const index = year * 12 + (month - 1) - (count - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Writes a JSON or problem+json answer from Express with the API's header set (the same as the fast lane's). */
function sendAnswer(res: Response, answer: Answer, type: string): void {
  if (res.headersSent) return;
  for (const name of DOCUMENT_ONLY_HEADERS) res.removeHeader(name);
  res.set({ ...API_HEADERS, ...answer.headers });
  res.status(answer.status);
  if (answer.body === undefined) res.end();
  else res.type(type).send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
}

function sendProblem(res: Response, problem: ApiProblem): void {
  sendAnswer(res, { status: problem.status, headers: problem.headers, body: problem.body }, PROBLEM_TYPE);
}

/** The Express adapter over the route table: every route, static kiosk files, body parsing, the error handler. */
export function createApp(
  deps: ApiDeps,
  options: { staticDir?: string; timeZone?: string | undefined } = {},
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Documents get the full set; JSON answers switch to the API set in sendAnswer.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(DOCUMENT_HEADERS);
    next();
  });

  const json = express.json({ limit: '8kb', strict: true });

  for (const route of ROUTES) {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    const chain: express.RequestHandler[] = [];
    chain.push(async (req, res, next) => {
      res.locals['route'] = route.path;
      if (route.auth !== 'probe') {
        res.locals['caller'] = await resolveClient(deps, req.headers['x-client-key'], clientAddress(req));
      }
      next();
    });
    if (route.body) chain.push(json);
    chain.push(async (req, res) => {
      const answer = await runRoute(route, deps, (res.locals['caller'] as Caller | undefined) ?? null, {
        search: searchOf(req),
        params: req.params as Record<string, string>,
        body: req.body as unknown,
        ip: clientAddress(req),
        authorization: req.headers.authorization,
      });
      sendAnswer(res, answer, JSON_TYPE);
    });
    app[route.method](path, ...chain);
  }

  // The kiosk's web build: compressed, hashed assets cached for a year, the page revalidated (static.ts). Range
  // requests are ignored (the whole file is sent), so a malformed or unsatisfiable range is never an error.
  if (options.staticDir) app.use(staticKiosk(options.staticDir, { timeZone: options.timeZone }));

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ApiProblem('not_found')));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const route = (res.locals['route'] as string | undefined) ?? 'unknown route';
    sendProblem(res, toProblem(err, `${req.method} ${route}`));
  });
  return app;
}

/** The stores and services, built once; `close` signs the last checkpoint and closes the stores. */
export interface ApiServices {
  deps: ApiDeps;
  close(): Promise<void>;
}

/** The SQLite data set must exist before the API opens it (the generator or the importer makes it). */
function requireSqliteDataSet(dataDir: string): void {
  if (!existsSync(join(dataDir, RECORDS_SQLITE)) || !existsSync(join(dataDir, OPERATIONAL_SQLITE))) {
    throw new Error(
      `no data set in ${dataDir} (${RECORDS_SQLITE} and ${OPERATIONAL_SQLITE}): run \`npm run data:demo\``,
    );
  }
}

/** Opens both stores and builds the services (what startApi serves; tests may serve them other ways). */
export async function openApiServices(options: ApiOptions): Promise<ApiServices> {
  const dataDir = resolve(options.dataDir);
  const storeConfig = { ...storeConfigFromEnv(dataDir), ...options.store, dataDir };
  if (!storeConfig.databaseUrl) requireSqliteDataSet(dataDir);
  const logConfig = { ...queryLogConfigFromEnv(), ...options.queryLog };
  // The key is created on first start, outside DATA_DIR; it never enters the database.
  const { key: logKey, created } = loadSigningKey({
    keyText: logConfig.keyText,
    keyFile: logConfig.keyFile,
    dataDir,
    create: true,
  });
  if (created) {
    console.log(
      `Created the query log signing key ${logConfig.keyFile} (public key: ${logConfig.keyFile}.pub); keep it off the data disk.`,
    );
  }
  // Both stores in one place (store/open.ts): SQLite files under DATA_DIR, or PostgreSQL with DATABASE_URL. A data
  // load switches the records in whole (a new file, or a new schema); each request pins one load (`snapshot()`).
  const stores = await openStores({
    ...storeConfig,
    logMacKey: logKey.macKey,
    busyTimeoutMs: options.storeBusyTimeoutMs ?? 250,
    onRecordsSwitch: (event) => {
      if ('error' in event)
        console.error(`records: could not open the newly loaded records: ${event.error.message}`);
    },
  });
  const { records, ops, rights } = stores;
  const pinned = new WeakMap<RecordsStore, Pick<ApiDeps, 'records' | 'employerSummaryFrom'>>();
  const pinRecords = (): Pick<ApiDeps, 'records' | 'employerSummaryFrom'> => {
    const snapshot = records.snapshot();
    let pin = pinned.get(snapshot);
    if (!pin) {
      pin = { records: snapshot, employerSummaryFrom: monthsBack(snapshot.dataThrough, 24) };
      pinned.set(snapshot, pin);
    }
    return pin;
  };
  options.telemetry?.timeLogWrites(ops);
  const now = options.now ?? (() => new Date());
  const checkpoints = new Checkpointer({
    store: ops,
    key: logKey,
    origin: await logOrigin(ops),
    checkpointDir: logConfig.checkpointDir,
    policy: logConfig.policy,
  });
  await checkpoints.start();
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  // A PIN the person chose (or a one-time PIN from the counter) replaces the records' PIN at login.
  const sessions = await SessionService.open(withOwnPins(records, rights), ops, {
    idleSeconds: options.sessionIdleSeconds ?? 300,
    maxSeconds: options.sessionMaxSeconds ?? 1800,
    lockoutMinutes: options.lockoutMinutes ?? 15,
  });
  const deps: ApiDeps = {
    records,
    ops,
    sessions,
    disclosure: disclosureDocument(sessions.loginPolicy),
    clients: new ClientAuthenticator(ops, limits.unverifiedKeys),
    log: new QueryLog(ops, now, { groupCommit: true, checkpoints }),
    clientLimiter: new RateLimiter(limits.client),
    webLimiter: new RateLimiter(limits.web),
    verifyLimiter: new RateLimiter(limits.verify),
    callbackLimiter: new RateLimiter(limits.callback),
    rights,
    agency: options.agency ?? DEFAULT_AGENCY,
    now,
    employerSummaryFrom: monthsBack(records.dataThrough, 24),
    pinRecords,
  };
  return {
    deps,
    async close() {
      await checkpoints.stop();
      await stores.close();
    },
  };
}

/** Opens the stores, builds the services and listens. */
export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const telemetry = options.telemetry ?? new ApiTelemetry({ routeOf: routeMatcher(ROUTES) });
  const { deps, close } = await openApiServices({ ...options, telemetry });
  const app = createApp(
    deps,
    options.staticDir ? { staticDir: options.staticDir, timeZone: options.timeZone } : {},
  );
  const fastLane = createFastLane(ROUTES, deps);
  // The record-reading GET routes take the fast lane; everything else goes to Express unchanged.
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.http };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often the two timeouts above are checked (Node's default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      telemetry.observeApi(req, res);
      if (telemetry.serveMetrics(req, res)) return;
      if (!fastLane(req, res)) app(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorAnswer(err.code));
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await close();
    },
  };
}
