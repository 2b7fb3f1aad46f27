// The phone server's client of the query API: every request carries the phone client key (which fixes the
// channel, so the API applies the phone's disclosure rules), has a short timeout (a caller must not hear silence
// while the API struggles), and comes back as data, a problem, or "unavailable" — never a thrown surprise.
import type { z } from 'zod';
import { problem as problemSchema, type Problem } from '../../shared/src/api.ts';

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

  constructor(options: ApiClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.clientKey = options.clientKey;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  async request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: S | null,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiResult<z.infer<S>>> {
    const headers: Record<string, string> = { 'X-Client-Key': this.clientKey, Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      return {
        kind: 'unavailable',
        reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
      };
    }
    let body: unknown;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unavailable', reason: 'timeout' };
      return { kind: 'unavailable', reason: 'bad_response' };
    }
    if (!response.ok) {
      const parsed = problemSchema.safeParse(body);
      if (parsed.success && response.status < 500) return { kind: 'problem', problem: parsed.data };
      if (parsed.success && parsed.data.code !== 'internal') return { kind: 'problem', problem: parsed.data };
      return { kind: 'unavailable', reason: 'server_error' };
    }
    if (schema === null) return { kind: 'ok', data: body as z.infer<S> };
    const parsed = schema.safeParse(body);
    if (!parsed.success) return { kind: 'unavailable', reason: 'bad_response' };
    return { kind: 'ok', data: parsed.data };
  }
}
