// The shared call store: Redis (`IVR_STATE_URL=redis://…`), so that several phone-server instances behind one
// address can take alternate webhooks of one call, and a call survives the instance that began it. Redis expires
// the keys itself (the 30-minute idle expiry is the TTL of each write), so nothing is handed over on expiry: the
// API sessions of calls that simply went quiet expire at the API.
//
// Keys, under a prefix (default `consulta:ivr:`):
//   call:<CallSid>   the call's JSON, with its TTL
//   ended:<CallSid>  set with a call that is no longer live: its value is final (a live value never replaces it)
//   claim:<key>      a step token being run (SET NX): one instance runs a step, once
//   live             a sorted set of the CallSids of live calls, scored by expiry (the active-calls gauge)
import { Redis } from 'ioredis';
import type { CallStore } from './call-store.ts';

/**
 * KEYS: the call, its ended marker, the live set. ARGV: the value, its TTL (ms), 1 if live, the CallSid, the live
 * set's score. A live value is not written over an ended call; an ended one is written with its marker.
 */
const SET_SCRIPT = `
if ARGV[3] == '1' then
  if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('ZREM', KEYS[3], ARGV[4])
end
return 1`;

export interface RedisCallStoreOptions<T> {
  url: string;
  /** Every key starts with this (several deployments or tests may share one Redis). */
  prefix?: string;
  /**
   * Whether a value is a call in progress (counted by `countLive`); one that is not is final (see CallStore.set).
   * By default every value is.
   */
  isLive?: (value: T) => boolean;
  /** How long a command may wait for Redis before the webhook fails (and Twilio plays its fallback). */
  commandTimeoutMs?: number;
}

export class RedisCallStore<T> implements CallStore<T> {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly isLive: (value: T) => boolean;

  constructor(options: RedisCallStoreOptions<T>) {
    this.prefix = options.prefix ?? 'consulta:ivr:';
    this.isLive = options.isLive ?? (() => true);
    this.redis = new Redis(options.url, {
      // A webhook must not hang while Redis is away: fail the command, Twilio calls the fallback URL.
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      lazyConnect: true,
    });
    // Connection errors surface as failed commands (and /readyz); the event would otherwise crash the process.
    this.redis.on('error', () => undefined);
  }

  /** Connects and checks that Redis answers (at start: a wrong IVR_STATE_URL stops the server). */
  async connect(): Promise<void> {
    await this.redis.connect();
    await this.ping();
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${id}`;
  }

  async get(sid: string): Promise<T | undefined> {
    const json = await this.redis.get(this.key('call', sid));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set(sid: string, value: T, ttlMs: number): Promise<void> {
    // One script, so that checking for the final value and writing are one step for every instance.
    await this.redis.eval(
      SET_SCRIPT,
      3,
      this.key('call', sid),
      this.key('ended', sid),
      `${this.prefix}live`,
      JSON.stringify(value),
      String(ttlMs),
      this.isLive(value) ? '1' : '0',
      sid,
      String(Date.now() + ttlMs),
    );
  }

  async delete(sid: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.key('call', sid), this.key('ended', sid))
      .zrem(`${this.prefix}live`, sid)
      .exec();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('claim', key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async countLive(): Promise<number> {
    const live = `${this.prefix}live`;
    const result = await this.redis.multi().zremrangebyscore(live, '-inf', Date.now()).zcard(live).exec();
    return Number(result?.[1]?.[1] ?? 0);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
