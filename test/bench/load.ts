// A thin wrapper over autocannon: one scenario → requests/s and latency percentiles, with per-connection headers.
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
