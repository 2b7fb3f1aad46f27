// The in-memory call store: values round-trip as JSON (what a shared store could hold), expire, and expired values
// are handed over once for clean-up. Both stores: an ended call is final.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryCallStore, type CallStore } from './call-store.ts';
import { RedisCallStore } from './redis-call-store.ts';

describe('MemoryCallStore', () => {
  it('keeps JSON copies, forgets on expiry and hands expired values over once', async () => {
    let t = 1_000_000;
    const store = new MemoryCallStore<{ n: number; list: number[] }>(() => t);
    const value = { n: 1, list: [1] };
    await store.set('a', value, 1000);
    value.list.push(2); // no shared reference: the store holds what was written
    expect(await store.get('a')).toEqual({ n: 1, list: [1] });
    await store.set('b', { n: 2, list: [] }, 5000);
    expect(store.values()).toHaveLength(2);
    t += 61_000;
    expect(await store.get('a')).toBeUndefined();
    expect(store.values()).toHaveLength(0);
    expect((await store.takeExpired()).map((v) => v.n).sort()).toEqual([1, 2]);
    expect(await store.takeExpired()).toEqual([]);
    await store.set('c', { n: 3, list: [] }, 1000);
    await store.delete('c');
    expect(await store.get('c')).toBeUndefined();
  });

  it('lets one claimant hold a key until it expires', async () => {
    let t = 0;
    const store = new MemoryCallStore<number>(() => t);
    expect(await store.claim('CA1:token', 1000)).toBe(true);
    expect(await store.claim('CA1:token', 1000)).toBe(false);
    expect(await store.claim('CA1:other', 1000)).toBe(true);
    t += 1000;
    expect(await store.claim('CA1:token', 1000)).toBe(true);
  });
});

// A step that finishes after the hang-up was recorded must not bring the call back, on either store.
const REDIS_URL = process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379';
interface Entry {
  ended: boolean;
  secret?: string;
}
const stores: [string, () => CallStore<Entry> & { close?(): Promise<void> }][] = [
  ['memory', () => new MemoryCallStore<Entry>(Date.now, (e) => !e.ended)],
  [
    'redis',
    () =>
      new RedisCallStore<Entry>({
        url: REDIS_URL,
        prefix: `consulta-test:${randomUUID()}:`,
        isLive: (e) => !e.ended,
      }),
  ],
];
describe.each(stores)('an ended call stays ended (%s)', (_name, make) => {
  it('ignores a live value written after the end, and counts the call no more', async () => {
    const store = make();
    if (store instanceof RedisCallStore) await store.connect();
    try {
      await store.set('CA1', { ended: false, secret: 'pending national id' }, 60_000);
      expect(await store.countLive?.()).toBe(store instanceof RedisCallStore ? 1 : undefined);
      await store.set('CA1', { ended: true }, 60_000);
      // The late step's save:
      await store.set('CA1', { ended: false, secret: 'pending national id' }, 60_000);
      expect(await store.get('CA1')).toEqual({ ended: true });
      if (store instanceof RedisCallStore) expect(await store.countLive()).toBe(0);
      // An ended value may still be replaced by another ended one (a later status callback).
      await store.set('CA1', { ended: true, secret: 'x' }, 60_000);
      expect(await store.get('CA1')).toEqual({ ended: true, secret: 'x' });
      // Another call is not affected.
      await store.set('CA2', { ended: false }, 60_000);
      expect(await store.get('CA2')).toEqual({ ended: false });
      await store.delete('CA1');
      await store.delete('CA2');
    } finally {
      await store.close?.();
    }
  });
});
