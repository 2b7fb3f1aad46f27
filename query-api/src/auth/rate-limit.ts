// Token buckets in memory, one per key (a client id, or the address of a web caller). Refused requests get
// the time when a token will be available.
export interface BucketConfig {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size (the burst allowed). */
  burst: number;
}

const MAX_KEYS = 100_000;

export class RateLimiter {
  readonly #config: BucketConfig;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(config: BucketConfig) {
    this.#config = config;
  }

  /** Takes one token; returns null when allowed, or the epoch ms when the next token is due. */
  take(key: string, now: number): number | null {
    const { perSecond, burst } = this.#config;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= MAX_KEYS) this.#buckets.clear();
      bucket = { tokens: burst, at: now };
      this.#buckets.set(key, bucket);
    } else {
      // A clock that steps back (NTP, a test clock) must not drain the bucket: elapsed time is never negative.
      const elapsed = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * perSecond);
      bucket.at = Math.max(now, bucket.at);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return now + Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }
}
