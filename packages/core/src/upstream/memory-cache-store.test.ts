import { describe, expect, it } from 'vitest';
import { createMemoryCacheStore } from './memory-cache-store.js';
import { manualClock } from './upstream.fixture.js';

const entry = (body: unknown) => ({ status: 200, headers: {}, body });

describe('createMemoryCacheStore', () => {
  it('returns an entry until its TTL runs out', async () => {
    const clock = manualClock();
    const store = createMemoryCacheStore({ now: clock.now });
    await store.set('a', entry(1), 100);
    clock.advance(99);
    expect(await store.get('a')).toEqual(entry(1));
    clock.advance(1);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('never')).toBeUndefined();
  });

  it('drops the least recently used entry past maxEntries', async () => {
    const store = createMemoryCacheStore({ maxEntries: 2 });
    await store.set('a', entry('a'), 60_000);
    await store.set('b', entry('b'), 60_000);
    await store.get('a'); // a is now the most recently used
    await store.set('c', entry('c'), 60_000);
    expect(await store.get('a')).toEqual(entry('a'));
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toEqual(entry('c'));
  });

  it('replaces an entry on set, and a TTL of 0 removes it', async () => {
    const store = createMemoryCacheStore();
    await store.set('a', entry(1), 60_000);
    await store.set('a', entry(2), 60_000);
    expect(await store.get('a')).toEqual(entry(2));
    await store.set('a', entry(3), 0);
    expect(await store.get('a')).toBeUndefined();
  });

  it('rejects a bad maxEntries', () => {
    expect(() => createMemoryCacheStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
