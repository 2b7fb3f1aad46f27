// `API_WORKERS`: the query API on every core. The primary process forks that many workers (node:cluster); they
// share one listening port (the primary hands out connections in turn) and one data set: records read by all,
// the operational store written by all through SQLite's WAL (each query-log append is an immediate transaction
// that reads the chain's head and appends to it, so the log stays one chain whoever writes). The primary serves
// no requests: it prepares the stores once, keeps the workers running (a worker that dies is replaced, after a
// back-off that grows while workers keep dying, so a crash loop does not spin), answers the workers' requests for
// the metrics of all workers (prom-client's AggregatorRegistry), and stops them on SIGTERM/SIGINT.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Logger } from 'pino';

/** Messages between a worker and the primary (the metrics of all workers, on a worker's /metrics). */
interface MetricsRequest {
  type: 'consulta:metrics-request';
  id: number;
}
interface MetricsReply {
  type: 'consulta:metrics-reply';
  id: number;
  text?: string;
  error?: string;
}

/** The first restart waits this long; each further one within the window doubles it, up to the maximum. */
export const RESTART_BACKOFF = { firstMs: 250, maxMs: 30_000, windowMs: 60_000 };

/** How long to wait before replacing a worker, given when the recent worker deaths happened (ms since epoch). */
export function restartDelay(deaths: readonly number[], now: number): number {
  const recent = deaths.filter((t) => now - t < RESTART_BACKOFF.windowMs).length;
  if (recent <= 1) return RESTART_BACKOFF.firstMs;
  return Math.min(RESTART_BACKOFF.maxMs, RESTART_BACKOFF.firstMs * 2 ** (recent - 1));
}

export interface PrimaryOptions {
  workers: number;
  log: Logger;
  /** Called once, when the first worker listens, with its address. */
  onListening: (address: { address: string; port: number }) => void;
}

/**
 * Runs the primary: forks and supervises the workers. Resolves with the exit code: 0 when they have all stopped
 * after a signal; a worker's own code when it died before any worker listened (a start failure such as a taken
 * port: the worker has said why, and replacing it would only fail again).
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { log } = options;
  const aggregator = new AggregatorRegistry();
  const deaths: number[] = [];
  let stopping = false;
  let announced = false;
  let failedStart: (code: number) => void = () => undefined;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: MetricsRequest) => {
      if (message?.type !== 'consulta:metrics-request') return;
      aggregator.clusterMetrics().then(
        (text) =>
          worker.send({ type: 'consulta:metrics-reply', id: message.id, text } satisfies MetricsReply),
        (err: unknown) =>
          worker.send({
            type: 'consulta:metrics-reply',
            id: message.id,
            error: (err as Error).message,
          } satisfies MetricsReply),
      );
    });
    log.info({ event: 'worker_started', worker: worker.id, workerPid: worker.process.pid }, 'worker started');
    return worker;
  };

  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    options.onListening({ address: address.address ?? '127.0.0.1', port: address.port });
  });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!announced) {
      failedStart(code || 1);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && now - (deaths[0] as number) > RESTART_BACKOFF.windowMs) deaths.shift();
    const delay = restartDelay(deaths, now);
    log.error(
      {
        event: 'worker_died',
        worker: worker.id,
        workerPid: worker.process.pid,
        code,
        signal,
        restartInMs: delay,
      },
      'worker died: replacing it',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  });

  for (let i = 0; i < options.workers; i++) fork();

  return new Promise((resolveStopped) => {
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter(
        (w): w is Worker => w !== undefined && !w.isDead(),
      );
      if (alive.length === 0) resolveStopped(code);
      let left = alive.length;
      for (const worker of alive) {
        worker.once('exit', () => {
          if (--left === 0) resolveStopped(code);
        });
        // Each worker closes its server and stores on SIGTERM (main.ts), writing its last checkpoint.
        worker.process.kill('SIGTERM');
      }
    };
    failedStart = stop;
    process.once('SIGTERM', () => stop(0));
    process.once('SIGINT', () => stop(0));
  });
}

let nextRequest = 0;

/**
 * In a worker: the Prometheus text of all workers, aggregated by the primary (each worker answers it with its
 * own registry, which must be given to AggregatorRegistry.setRegistries). Outside a cluster: undefined.
 */
export function clusterMetrics(timeoutMs = 5000): Promise<string> | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  const id = ++nextRequest;
  return new Promise((resolveText, reject) => {
    const onMessage = (message: MetricsReply) => {
      if (message?.type !== 'consulta:metrics-reply' || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.text !== undefined) resolveText(message.text);
      else reject(new Error(message.error ?? 'no metrics'));
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer with the metrics'));
    }, timeoutMs);
    process.on('message', onMessage);
    process.send?.({ type: 'consulta:metrics-request', id } satisfies MetricsRequest);
  });
}
