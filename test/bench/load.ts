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
  /** Headers for connection i (e.g. a different person's token per connection). */
  headersFor?: (connection: number) => Record<string, string>;
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
      const headers = s.headersFor?.(next++) ?? {};
      if (s.body !== undefined) headers['content-type'] = 'application/json';
      client.setHeaders(headers);
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
