// What operators see of the phone server: JSON log lines (pino) and Prometheus metrics (prom-client) at
// GET /metrics, with the same rules as the query API's (query-api/src/telemetry.ts; the processes share no code
// but the contract): no personal data — a line has the request id, the webhook's route, the status, the time, and
// the call's lines name the call by the last 6 characters of its CallSid only, never the caller's number, keys or
// speech. /metrics answers loopback or a bearer METRICS_TOKEN, anyone else 403.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The webhooks and probes, the only route labels (anything else is `unmatched`). */
const ROUTES = new Set([
  '/ivr/voice',
  '/ivr/input',
  '/ivr/noinput',
  '/ivr/fallback',
  '/ivr/status',
  '/healthz',
  '/readyz',
  '/metrics',
]);

/** A load balancer's request id (32 hex digits or a UUID) is kept; anything else is replaced (no free text). */
const REQUEST_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The request id of the webhook being handled (for the call's log lines). */
const current = new AsyncLocalStorage<string>();

export function currentRequestId(): string | undefined {
  return current.getStore();
}

export function createLogger(destination?: DestinationStream, level?: string): Logger {
  const options = {
    level: level ?? (process.env.LOG_LEVEL || 'info'),
    base: { service: 'ivr', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

export function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  const address = (req.socket.remoteAddress ?? '').toLowerCase();
  if (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')) return true;
  if (!token) return false;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface IvrTelemetryOptions {
  logger?: Logger;
  metricsToken?: string | undefined;
  defaultMetrics?: boolean;
}

export class IvrTelemetry {
  readonly logger: Logger;
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status'>;
  readonly #latency: Histogram<'route'>;
  readonly #metricsToken: string | undefined;

  constructor(options: IvrTelemetryOptions = {}) {
    this.logger = options.logger ?? createLogger();
    this.#metricsToken = options.metricsToken;
    this.#requests = new Counter({
      name: 'consulta_ivr_http_requests_total',
      help: 'Webhooks and probes by route and status',
      labelNames: ['route', 'status'],
      registers: [this.registry],
    });
    this.#latency = new Histogram({
      name: 'consulta_ivr_http_request_duration_seconds',
      help: 'Time to answer a webhook, by route (Twilio waits 15 s at most)',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'consulta_ivr_' });
  }

  /** The active-calls gauge, read from the call store when scraped. */
  countCallsWith(count: () => Promise<number>): void {
    new Gauge({
      name: 'consulta_ivr_active_calls',
      help: 'Calls in progress in the call store (all instances, when it is shared)',
      registers: [this.registry],
      async collect() {
        this.set(await count());
      },
    });
  }

  /** Handles one request: its id (X-Request-Id), /metrics, and when answered its log line and metrics. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const given = req.headers['x-request-id'];
    const id =
      typeof given === 'string' && REQUEST_ID.test(given) ? given : randomBytes(12).toString('base64url');
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    const path = (req.url ?? '').split('?')[0] ?? '';
    const route = ROUTES.has(path) ? path : 'unmatched';
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.headersSent ? res.statusCode : 0;
      this.#requests.inc({ route, status: String(status) });
      this.#latency.observe({ route }, seconds);
      this.logger.info(
        { reqId: id, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10 },
        res.writableFinished ? 'request' : 'request aborted',
      );
    });
    if (route === '/metrics' && req.method === 'GET') {
      if (!metricsAllowed(req, this.#metricsToken)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden\n');
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(503, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n'),
      );
      return;
    }
    current.run(id, next);
  }
}
