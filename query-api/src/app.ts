// The query API's composition: opens both stores, builds the services once, mounts the route table on Express
// and maps every error to problem+json. `startApi` is what main.ts, the tests and the other processes' tests use.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ClientAuthenticator } from './auth/clients.ts';
import { RateLimiter, type BucketConfig } from './auth/rate-limit.ts';
import { SessionService } from './auth/sessions.ts';
import type { ApiDeps } from './http/context.ts';
import { clientMiddleware, securityHeaders, sessionMiddleware } from './http/middleware.ts';
import { openApiDocument } from './http/openapi.ts';
import { ApiProblem, sendProblem } from './http/problem.ts';
import { ROUTES, type RouteDef } from './http/routes.ts';
import { LogUnavailableError, QueryLog } from './log/query-log.ts';
import { openSqliteOperationalStore } from './store/sqlite/operational.ts';
import { openSqliteRecordsStore } from './store/sqlite/records.ts';

export interface RateLimits {
  /** Per registered client (a kiosk terminal, the phone server). */
  client: BucketConfig;
  /** Per address on the web channel (no client key): stricter. */
  web: BucketConfig;
  /** Certificate verification, per client or address. */
  verify: BucketConfig;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  client: { perSecond: 200, burst: 400 },
  web: { perSecond: 10, burst: 30 },
  verify: { perSecond: 0.5, burst: 10 },
};

export interface ApiOptions {
  /** Folder with records.sqlite and operational.sqlite. */
  dataDir: string;
  port?: number;
  host?: string;
  /** The kiosk's web build, served at / (same origin as the API). */
  staticDir?: string;
  /** Clock injection for tests of expiry. */
  now?: () => Date;
  sessionIdleSeconds?: number;
  sessionMaxSeconds?: number;
  lockoutMinutes?: number;
  rateLimits?: Partial<RateLimits>;
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

/** Operator log lines: codes and routes only, never personal data. */
function operatorLog(message: string): void {
  console.error(`[query-api] ${new Date().toISOString()} ${message}`);
}

function isSqliteError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && err.name === 'SqliteError';
}

export function createApp(deps: ApiDeps, options: { staticDir?: string } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);

  const openapi = JSON.stringify(openApiDocument(ROUTES));
  const json = express.json({ limit: '8kb', strict: true });
  const client = clientMiddleware(deps);
  const session = sessionMiddleware(deps);

  app.get('/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });

  for (const route of ROUTES) {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    const chain: express.RequestHandler[] = [];
    if (route.path !== '/healthz') chain.push(client);
    if (route.body) chain.push(json);
    if (route.auth === 'session') chain.push(session);
    chain.push(handle(route, deps));
    app[route.method](path, ...chain);
  }

  if (options.staticDir) {
    const staticDir = resolve(options.staticDir);
    app.use(express.static(staticDir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true }));
    // The kiosk is a single-page app: unknown non-API paths get its index.
    app.get(/^\/(?!v1\/|healthz).*/, (_req, res, next) => {
      const index = join(staticDir, 'index.html');
      if (existsSync(index)) res.setHeader('Cache-Control', 'no-cache').sendFile(index);
      else next();
    });
  }

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new ApiProblem('not_found')));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    sendProblem(res, toProblem(err, req));
  });
  return app;
}

function handle(route: RouteDef, deps: ApiDeps): express.RequestHandler {
  return async (req, res) => {
    const body = await route.handler(req, res, deps);
    if (res.headersSent) return;
    if (route.response === null) {
      res.status(route.status).end();
      return;
    }
    if (res.statusCode === 200) res.status(route.status);
    res.json(body);
  };
}

function toProblem(err: unknown, req: Request): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (err instanceof LogUnavailableError) {
    const cause =
      err.cause instanceof Error ? ((err.cause as { code?: string }).code ?? err.cause.name) : 'unknown';
    operatorLog(`query log write failed (${cause}) on ${req.method} ${req.route?.path ?? 'unknown route'}`);
    return new ApiProblem('log_unavailable');
  }
  const httpError = err as { type?: string; status?: number };
  if (httpError.type === 'entity.parse.failed') {
    return new ApiProblem('bad_request', { errors: [{ path: '(body)', message: 'not valid JSON' }] });
  }
  if (httpError.type === 'entity.too.large') {
    return new ApiProblem('bad_request', { status: 413, detail: 'the body is too large' });
  }
  if (typeof httpError.type === 'string' && typeof httpError.status === 'number' && httpError.status < 500) {
    return new ApiProblem('bad_request', { status: httpError.status, detail: httpError.type });
  }
  if (isSqliteError(err)) {
    operatorLog(`store fault ${err.code} on ${req.method} ${req.route?.path ?? 'unknown route'}`);
    return new ApiProblem('store_unavailable');
  }
  operatorLog(
    `internal error on ${req.method} ${req.route?.path ?? 'unknown route'}: ${(err as Error)?.name}`,
  );
  return new ApiProblem('internal');
}

/** Opens the stores, builds the services and listens. */
export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const dataDir = resolve(options.dataDir);
  const recordsPath = join(dataDir, 'records.sqlite');
  const opsPath = join(dataDir, 'operational.sqlite');
  if (!existsSync(recordsPath) || !existsSync(opsPath)) {
    throw new Error(
      `no data set in ${dataDir} (records.sqlite and operational.sqlite): run \`npm run data:demo\``,
    );
  }
  const records = openSqliteRecordsStore({ path: recordsPath });
  const ops = openSqliteOperationalStore({ path: opsPath });
  const now = options.now ?? (() => new Date());
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const deps: ApiDeps = {
    records,
    ops,
    sessions: new SessionService(records, ops, {
      idleSeconds: options.sessionIdleSeconds ?? 300,
      maxSeconds: options.sessionMaxSeconds ?? 1800,
      lockoutMinutes: options.lockoutMinutes ?? 15,
    }),
    clients: new ClientAuthenticator(ops),
    log: new QueryLog(ops, now),
    clientLimiter: new RateLimiter(limits.client),
    webLimiter: new RateLimiter(limits.web),
    verifyLimiter: new RateLimiter(limits.verify),
    now,
    employerSummaryFrom: monthsBack(records.dataThrough, 24),
  };
  const app = createApp(deps, options.staticDir ? { staticDir: options.staticDir } : {});
  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      records.close();
      ops.close();
    },
  };
}
