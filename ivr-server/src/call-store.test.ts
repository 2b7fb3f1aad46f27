// The in-memory call store: values round-trip as JSON (what a shared store could hold), expire, and expired values
// are handed over once for clean-up.
import { describe, expect, it } from 'vitest';
import { MemoryCallStore } from './call-store.ts';

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
