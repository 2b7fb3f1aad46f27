// Where the phone server keeps each call's state between webhooks, by CallSid: a small get/set/delete interface
// with expiry, so that a store shared by several phone-server instances (Redis, PostgreSQL) can replace the
// in-memory one without touching the call logic. Values go in and come out as JSON: nothing that a shared store
// could not hold (no functions, no promises, no shared references) survives a round trip even in memory.

export interface CallStore<T> {
  get(sid: string): Promise<T | undefined>;
  /**
   * Stores (or replaces) a call's value; it expires `ttlMs` after this write. A value that is not live (an ended
   * call) is final: a later `set` of a live value for the same sid does nothing, so a step that finishes after
   * the hang-up was recorded cannot bring the call (and what it holds) back.
   */
  set(sid: string, value: T, ttlMs: number): Promise<void>;
  delete(sid: string): Promise<void>;
  /**
   * Claims `key` for `ttlMs` if nobody holds it: true for the first claimant only, across every instance that
   * shares the store. A step token is claimed before its step runs, so that it runs once even when Twilio's
   * retry of it reaches another instance.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Live values (those `isLive` accepts), counted without reading them (the active-calls gauge). */
  countLive?(): Promise<number>;
  /** Throws when the store cannot answer now (readiness). */
  ping?(): Promise<void>;
  /**
   * Values that expired since the last call, handed over once (the in-memory store can; a store that expires
   * keys on its own may return nothing — the API sessions those calls held expire at the API anyway).
   */
  takeExpired?(): Promise<T[]>;
  /** Every live value (tests and the benchmark count calls with it). */
  values?(): T[];
  close?(): Promise<void>;
}

/** The default store: one process's memory. Run one phone-server instance per number with it. */
export class MemoryCallStore<T> implements CallStore<T> {
  private readonly map = new Map<string, { json: string; expiresAt: number; live: boolean }>();
  private readonly claims = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly now: () => number = () => Date.now(),
    /** Whether a value is a call in progress; one that is not is final (see `set`). By default every value is. */
    private readonly isLive: (value: T) => boolean = () => true,
  ) {}

  get(sid: string): Promise<T | undefined> {
    const entry = this.map.get(sid);
    if (!entry || entry.expiresAt <= this.now()) return Promise.resolve(undefined);
    return Promise.resolve(JSON.parse(entry.json) as T);
  }

  set(sid: string, value: T, ttlMs: number): Promise<void> {
    const t = this.now();
    const live = this.isLive(value);
    const held = this.map.get(sid);
    if (live && held && !held.live && held.expiresAt > t) return Promise.resolve();
    this.map.set(sid, { json: JSON.stringify(value), expiresAt: t + ttlMs, live });
    return Promise.resolve();
  }

  delete(sid: string): Promise<void> {
    this.map.delete(sid);
    return Promise.resolve();
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    const t = this.now();
    const held = this.claims.get(key);
    if (held !== undefined && held > t) return Promise.resolve(false);
    this.claims.set(key, t + ttlMs);
    return Promise.resolve(true);
  }

  /** Expired values, at most once a minute (a sweep walks every call). */
  takeExpired(): Promise<T[]> {
    const t = this.now();
    if (t - this.lastSweep < 60_000) return Promise.resolve([]);
    this.lastSweep = t;
    for (const [key, until] of this.claims) if (until <= t) this.claims.delete(key);
    const out: T[] = [];
    for (const [sid, entry] of this.map) {
      if (entry.expiresAt <= t) {
        this.map.delete(sid);
        out.push(JSON.parse(entry.json) as T);
      }
    }
    return Promise.resolve(out);
  }

  values(): T[] {
    const t = this.now();
    return [...this.map.values()].filter((e) => e.expiresAt > t).map((e) => JSON.parse(e.json) as T);
  }
}
