// What operators see of the query API: one JSON log line per request (pino) and Prometheus metrics (prom-client)
// at GET /metrics. Both carry no personal data: a log line has the request id, method, route *template*, status
// and time taken — never the URL (its query string names people), a body, a header, an address or a token.
// Every request gets a request id (X-Request-Id: a well-formed one from the load balancer is kept, otherwise a
// new one), echoed in the answer so a caller's report can be matched to the log line.
//
// /metrics is open to loopback (a Prometheus agent on the machine) and to whoever presents `METRICS_TOKEN` as a
// bearer token; anyone else gets 403. Under API_WORKERS it answers for all workers (summed by the primary).
import cluster from 'node:cluster';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import {
  AggregatorRegistry,
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type Metric,
} from 'prom-client';
import { clusterMetrics } from './cluster.ts';
import type { ServerRoute } from './http/routes.ts';
import type { OperationalStore } from './store/types.ts';

/** The JSON logger of a server: level from LOG_LEVEL (default info), ISO times, the service name and pid. */
export function createLogger(service: string, destination?: DestinationStream, level?: string): Logger {
  const options = {
    level: level ?? (process.env['LOG_LEVEL'] || 'info'),
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A request id from the load balancer is kept only when it has a load balancer's shape (32 hex digits as nginx's
 * $request_id, or a UUID): no free text, so nothing personal can be smuggled into the log through it.
 */
const REQUEST_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Our own ids: a random prefix per process and a counter. Unique is all a request id must be; drawing random bytes
 * for each request (a system call each) cost about 5 % of the API's CPU under load.
 */
const ID_PREFIX = randomBytes(9).toString('base64url');
let idCounter = 0;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  idCounter += 1;
  return `${ID_PREFIX}-${idCounter.toString(36)}`;
}

/** Whether the request comes from this machine. */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = (req.socket.remoteAddress ?? '').toLowerCase();
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/** Who may read /metrics: loopback, or a bearer token equal to METRICS_TOKEN (when one is set). */
export function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (fromLoopback(req)) return true;
  if (!token) return false;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Matches a request to its route template (`/v1/employer/staff/{ref}/contributions`), never to its values. */
export function routeMatcher(
  routes: readonly Pick<ServerRoute, 'method' | 'path'>[],
): (method: string, url: string) => string {
  const table = routes.map((r) => ({
    method: r.method.toUpperCase(),
    path: r.path,
    regex: new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`),
  }));
  return (method, url) => {
    const path = url.split('?')[0] ?? '';
    if (path === '/metrics') return '/metrics';
    for (const r of table)
      if (r.regex.test(path)) return r.method === method ? r.path : `${r.path} (other method)`;
    if (method === 'GET' && !path.startsWith('/v1/')) return 'static';
    return 'unmatched';
  };
}

export interface TelemetryOptions {
  service: string;
  /** Route templates for the labels. */
  routeOf: (method: string, url: string) => string;
  logger?: Logger;
  /** METRICS_TOKEN: a bearer token that may read /metrics from other machines. */
  metricsToken?: string | undefined;
  /** Node's own metrics (memory, event loop, GC): on in servers, off in tests that start many. */
  defaultMetrics?: boolean;
}

/** One server's logger and metrics; `observe` every request, `serveMetrics` answers GET /metrics. */
export class Telemetry {
  readonly logger: Logger;
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly latency: Histogram<'route' | 'method'>;
  readonly #options: TelemetryOptions;

  constructor(options: TelemetryOptions) {
    this.#options = options;
    this.logger = options.logger ?? createLogger(options.service);
    const prefix = `consulta_${options.service.replace(/-/g, '_')}_`;
    this.requests = this.counter(`${prefix}http_requests_total`, 'HTTP requests by route and status', [
      'route',
      'method',
      'status',
    ]);
    this.latency = new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: 'Time to answer, by route',
      labelNames: ['route', 'method'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix });
    // In a cluster worker, the primary's AggregatorRegistry asks each worker for this registry's metrics (an
    // AggregatorRegistry made in the worker is what listens for the question).
    if (cluster.isWorker) {
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries([this.registry]);
    }
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Registers a metric made elsewhere (e.g. a PostgreSQL pool's gauge). */
  register(metric: Metric): void {
    this.registry.registerMetric(metric);
  }

  /** Gives the request its id (echoed as X-Request-Id) and, when the answer is sent, its log line and metrics. */
  observe(
    req: IncomingMessage,
    res: ServerResponse,
    extra?: (status: number, route: string) => void,
  ): string {
    const id = requestIdOf(req);
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const route = this.#options.routeOf(method, req.url ?? '/');
    const done = () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.headersSent ? res.statusCode : 0;
      this.requests.inc({ route, method, status: String(status) });
      this.latency.observe({ route, method }, seconds);
      extra?.(status, route);
      this.logger.info(
        { reqId: id, method, route, status, ms: Math.round(seconds * 10_000) / 10 },
        res.writableFinished ? 'request' : 'request aborted',
      );
    };
    res.once('close', done);
    return id;
  }

  /** Answers GET /metrics (true) or leaves the request alone (false). */
  serveMetrics(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.url ?? '').split('?')[0] !== '/metrics') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return true;
    }
    if (!metricsAllowed(req, this.#options.metricsToken)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden\n');
      return true;
    }
    const text = clusterMetrics() ?? this.registry.metrics();
    text.then(
      (body) => {
        res.writeHead(200, { 'Content-Type': this.registry.contentType, 'Cache-Control': 'no-store' });
        res.end(body);
      },
      (err: unknown) => {
        this.logger.error({ err: (err as Error).message }, 'metrics unavailable');
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
    return true;
  }
}

/** The query API's telemetry: the common set, logins and lock-outs, and the query log's write latency. */
export class ApiTelemetry extends Telemetry {
  readonly logins: Counter<'outcome'>;
  readonly lockouts: Counter;
  readonly logWrites: Histogram<'kind'>;

  constructor(options: Omit<TelemetryOptions, 'service'>) {
    super({ ...options, service: 'api' });
    this.logins = this.counter('consulta_api_logins_total', 'Login answers by outcome', ['outcome']);
    this.lockouts = this.counter(
      'consulta_api_lockouts_total',
      'Logins refused because the identity is locked out (423)',
    );
    this.logWrites = new Histogram({
      name: 'consulta_api_query_log_write_seconds',
      help: 'Time to append to the query log (one transaction: one entry, or a group-commit batch)',
      labelNames: ['kind'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [this.registry],
    });
  }

  /** The request's log line and metrics, and for POST /v1/sessions the login outcome. */
  observeApi(req: IncomingMessage, res: ServerResponse): string {
    return this.observe(req, res, (status, route) => {
      if (route !== '/v1/sessions' || req.method !== 'POST') return;
      const outcome =
        status === 201
          ? 'ok'
          : status === 401
            ? 'wrong'
            : status === 423
              ? 'locked'
              : status === 429
                ? 'throttled'
                : 'other';
      this.logins.inc({ outcome });
      if (status === 423) this.lockouts.inc();
    });
  }

  /** Times the store's query-log appends (whether they return at once or a promise). */
  timeLogWrites(ops: OperationalStore): void {
    const time = <A extends unknown[], R>(kind: string, fn: (...args: A) => R) => {
      return (...args: A): R => {
        const timer = this.logWrites.startTimer({ kind });
        // The timer's end takes labels: called without arguments, never with a resolved value (a log head).
        const end = (): void => void timer();
        const result = fn(...args);
        if (result instanceof Promise) void result.then(end, end);
        else end();
        return result;
      };
    };
    ops.appendQueryLog = time('entry', ops.appendQueryLog.bind(ops));
    ops.appendQueryLogBatch = time('batch', ops.appendQueryLogBatch.bind(ops));
  }
}
