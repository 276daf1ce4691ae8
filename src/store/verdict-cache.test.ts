import { describe, expect, it } from 'vitest';
import type { LookupResult } from './store.js';
import { createVerdictCache } from './verdict-cache.js';

const OLD: LookupResult = { verdict: null, allowlisted: false };
const NEW: LookupResult = { verdict: { verdict: 'attack', campaign: 'c1', score: 0.9 }, allowlisted: false };

describe('verdict cache', () => {
  it('caches an answer until invalidated or too old', () => {
    let now = 0;
    const c = createVerdictCache({ maxAgeMs: 100, maxEntries: 10, clock: () => now });
    c.end(c.begin('a'), NEW);
    expect(c.get('a')).toEqual(NEW);
    c.invalidate('a');
    expect(c.get('a')).toBeUndefined();
    c.end(c.begin('a'), NEW);
    now = 99;
    expect(c.get('a')).toEqual(NEW);
    now = 100;
    expect(c.get('a')).toBeUndefined();
  });

  it('a read that was in flight when its account was invalidated is not cached (it may be the old value)', () => {
    const c = createVerdictCache({ maxAgeMs: 1000, maxEntries: 10, clock: () => 0 });
    const stale = c.begin('a'); // read sent, the write lands in Redis, the invalidation arrives first…
    const other = c.begin('b');
    c.invalidate('a');
    c.end(stale, OLD); // …then the old answer
    expect(c.get('a')).toBeUndefined();
    c.end(other, OLD); // another account's read is unaffected
    expect(c.get('b')).toEqual(OLD);
    const fresh = c.begin('a'); // begun after the invalidation: its answer is current
    c.end(fresh, NEW);
    expect(c.get('a')).toEqual(NEW);
  });

  it('a flush drops everything and every read in flight; a failed read caches nothing', () => {
    const c = createVerdictCache({ maxAgeMs: 1000, maxEntries: 10, clock: () => 0 });
    c.end(c.begin('a'), OLD);
    const r = c.begin('b');
    c.flush();
    c.end(r, OLD);
    expect(c.size).toBe(0);
    c.end(c.begin('c'), undefined);
    expect(c.get('c')).toBeUndefined();
  });

  it('stays within maxEntries', () => {
    const c = createVerdictCache({ maxAgeMs: 1000, maxEntries: 5, clock: () => 0 });
    for (let i = 0; i < 50; i++) c.end(c.begin(`k${i}`), OLD);
    expect(c.size).toBe(5);
    expect(c.get('k49')).toEqual(OLD);
    expect(c.get('k0')).toBeUndefined();
  });
});
