// The token bucket: bursts, refill, the retry time, separate keys, and a clock that steps back.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the time of the next token', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('a', t)).toBeNull();
    expect(limiter.take('a', t)).toBe(t + 500);
    expect(limiter.take('b', t)).toBeNull();
    expect(limiter.take('a', t + 500)).toBeNull();
    expect(limiter.take('a', t + 500)).not.toBeNull();
  });

  it('does not drain when the clock steps back', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2 });
    expect(limiter.take('a', 10_000_000)).toBeNull();
    expect(limiter.take('a', 1_000)).toBeNull();
    expect(limiter.take('a', 1_000)).not.toBeNull();
    expect(limiter.take('a', 10_001_000)).toBeNull();
  });
});
