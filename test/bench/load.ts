// A thin wrapper over autocannon: one scenario → requests/s and latency percentiles, with per-connection headers.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

export interface Scenario {
  name: string;
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Path and headers for connection i (e.g. a different person per connection). */
  requestFor?: (connection: number) => { path?: string; headers?: Record<string, string> };
}

export async function runLoad(s: Scenario): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.durationSeconds,
    method: s.method ?? 'GET',
    ...(s.body === undefined ? {} : { body: s.body }),
    setupClient: (client) => {
      const request = s.requestFor?.(next++) ?? {};
      const headers = { ...request.headers };
      if (s.body !== undefined) headers['content-type'] = 'application/json';
      client.setRequests([
        {
          method: s.method ?? 'GET',
          path: request.path ?? new URL(s.url).pathname,
          headers,
          ...(s.body === undefined ? {} : { body: s.body }),
        },
      ]);
    },
  });
  return {
    name: s.name,
    connections: s.connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/**
 * One connection, one request at a time, timed with a sub-millisecond clock (autocannon reports whole
 * milliseconds, too coarse for a 2 ms target). Returns the same shape as runLoad.
 */
export async function runSequential(s: Scenario): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(s.url);
  const samples: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const end = performance.now() + s.durationSeconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const request = s.requestFor?.(i) ?? {};
    const started = performance.now();
    try {
      const status = await new Promise<number>((done, fail) => {
        const req = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            method: s.method ?? 'GET',
            path: request.path ?? target.pathname,
            headers: request.headers ?? {},
          },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode ?? 0));
          },
        );
        req.on('error', fail);
        req.end(s.body);
      });
      if (status < 200 || status >= 300) non2xx++;
      samples.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
  agent.destroy();
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    Number((samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(3));
  return {
    name: s.name,
    connections: 1,
    requestsPerSecond: Math.round(samples.length / s.durationSeconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    non2xx,
    errors,
    total: samples.length,
  };
}

/** Where the machine's CPU went while `run` ran, in cores (1.0 = one core busy the whole time). */
export interface CpuShare {
  /** Cores of this machine. */
  cores: number;
  /** Busy cores, every process together (/proc/stat). */
  busy: number;
  /** Busy cores of this process: the load generator (autocannon runs in it). */
  loadGenerator: number;
}

function machineTicks(): { busy: number; total: number } {
  // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal …
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** Runs `run` and says how much CPU the machine, and the load generator, used meanwhile. */
export async function withCpuShare<T>(run: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
  const cores = availableParallelism();
  const before = machineTicks();
  const own = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(own);
  const after = machineTicks();
  const share = (after.busy - before.busy) / Math.max(after.total - before.total, 1);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    result,
    cpu: {
      cores,
      busy: round(share * cores),
      loadGenerator: round((used.user + used.system) / 1e6 / seconds),
    },
  };
}
