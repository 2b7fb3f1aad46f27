// The phone server's client of the query API, derived from the route table: a call names a route of the
// contract, its input is checked against the route's schemas before it is sent and its answer against the
// route's response schema. Every request carries the phone client key (which fixes the channel, so the API
// applies the phone's disclosure rules), has a short timeout (a caller must not hear silence while the API
// struggles), and comes back as data, a problem, or "unavailable" — never a thrown surprise.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Problem } from '../../shared/src/api.ts';
import { clientSideProblem, prepareRequest, readResponse } from '../../shared/src/client.ts';
import type { RouteName, RouteRequest, RouteResponse } from '../../shared/src/contract.ts';

export type ApiResult<T> =
  | { kind: 'ok'; data: T }
  | { kind: 'problem'; problem: Problem }
  | { kind: 'unavailable'; reason: 'timeout' | 'network' | 'bad_response' | 'server_error' };

export interface ApiClientOptions {
  apiUrl: string;
  clientKey: string;
  /** Milliseconds before a request counts as "the API is down". */
  timeoutMs?: number;
}

export class ApiClient {
  private readonly base: string;
  private readonly clientKey: string;
  private readonly timeoutMs: number;

  /**
   * node:http with a keep-alive pool rather than fetch: a webhook waits for this call, and undici's per-request
   * overhead showed in the p99 of the phone benchmark.
   */
  private readonly agent: HttpAgent;

  constructor(options: ApiClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    const isHttps = this.base.startsWith('https:');
    this.agent = isHttps
      ? new HttpsAgent({ keepAlive: true, maxSockets: 256 })
      : new HttpAgent({ keepAlive: true, maxSockets: 256 });
    this.clientKey = options.clientKey;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** Calls one route of the contract, with the caller's session token when there is one. */
  async call<N extends RouteName>(
    name: N,
    input: RouteRequest<N> & { token?: string | undefined },
  ): Promise<ApiResult<RouteResponse<N>>> {
    const prepared = prepareRequest(name, input);
    if (!prepared.ok) return { kind: 'problem', problem: clientSideProblem(prepared.errors) };
    const { method, path, body } = prepared.request;
    const headers: Record<string, string> = { 'X-Client-Key': this.clientKey, Accept: 'application/json' };
    if (input.token) headers.Authorization = `Bearer ${input.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: { status: number; text: string };
    try {
      response = await this.send(method, path, headers, body);
    } catch (error) {
      const name = (error as { name?: string }).name;
      return {
        kind: 'unavailable',
        reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
      };
    }
    let json: unknown;
    try {
      json = response.text ? JSON.parse(response.text) : null;
    } catch {
      return { kind: 'unavailable', reason: 'bad_response' };
    }
    const result = readResponse(name, response.status, json);
    if (result.kind === 'ok') return result;
    if (result.kind === 'bad_response') {
      return { kind: 'unavailable', reason: response.status >= 500 ? 'server_error' : 'bad_response' };
    }
    // A 500 is the API's own fault: the caller hears that it is unavailable, not a problem to act on.
    if (result.problem.code === 'internal') return { kind: 'unavailable', reason: 'server_error' };
    return result;
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(this.base + path);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers:
            body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Whether the query API says it can answer now (its /readyz). */
  async ready(): Promise<boolean> {
    try {
      return (await this.send('GET', '/readyz', { Accept: 'application/json' }, undefined)).status === 200;
    } catch {
      return false;
    }
  }

  /** Closes idle keep-alive connections (on shutdown). */
  close(): void {
    this.agent.destroy();
  }
}
