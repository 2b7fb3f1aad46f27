// The workers' restart back-off: one death is replaced quickly; a crash loop waits longer and longer, capped.
import { describe, expect, it } from 'vitest';
import { RESTART_BACKOFF, restartDelay } from './cluster.ts';

describe('restartDelay', () => {
  it('grows with the deaths of the last minute and stays within the maximum', () => {
    const now = 10_000_000;
    expect(restartDelay([now], now)).toBe(RESTART_BACKOFF.firstMs);
    expect(restartDelay([now - 1000, now], now)).toBe(RESTART_BACKOFF.firstMs * 2);
    expect(restartDelay([now - 2000, now - 1000, now], now)).toBe(RESTART_BACKOFF.firstMs * 4);
    const loop = Array.from({ length: 20 }, (_, i) => now - i * 100);
    expect(restartDelay(loop, now)).toBe(RESTART_BACKOFF.maxMs);
    // Deaths older than the window do not count.
    expect(restartDelay([now - RESTART_BACKOFF.windowMs - 1, now], now)).toBe(RESTART_BACKOFF.firstMs);
  });
});
