import { describe, expect, it } from 'vitest';
import { debitBuckets, levelAt, takeBuckets, type BucketState } from './bucket.js';
import type { BucketSpec } from './store.js';

const req = (key: string, capacity: number, perSec: number): BucketSpec => ({
  key,
  capacity,
  refillPerMs: perSec / 1000,
  cost: 1,
  consume: true,
});

describe('token buckets', () => {
  it('allows a burst of `capacity`, then refuses with the time to the next token', () => {
    const s = new Map<string, BucketState>();
    const spec = req('a', 3, 1);
    expect([0, 0, 0, 0].map(() => takeBuckets(s, [spec], 1000).ok)).toEqual([true, true, true, false]);
    const r = takeBuckets(s, [spec], 1000);
    expect(r).toEqual({ ok: false, failed: 0, retryAfterMs: 1000 });
    expect(takeBuckets(s, [spec], 1500).ok).toBe(false);
    expect(takeBuckets(s, [spec], 2000).ok).toBe(true);
  });

  it('takes from all buckets or from none', () => {
    const s = new Map<string, BucketState>();
    const a = req('a', 5, 0);
    const c = req('c', 1, 0);
    expect(takeBuckets(s, [a, c], 0).ok).toBe(true);
    const r = takeBuckets(s, [a, c], 0);
    expect(r.ok).toBe(false);
    expect(r.failed).toBe(1);
    expect(levelAt(s.get('a'), a, 0)).toBe(4); // the refused request took nothing from `a`
  });

  it('check-only buckets are not consumed; debits can put them in bounded debt', () => {
    const s = new Map<string, BucketState>();
    const tok: BucketSpec = { key: 't', capacity: 100, refillPerMs: 0.1, cost: 50, consume: false };
    expect(takeBuckets(s, [tok], 0).ok).toBe(true);
    expect(levelAt(s.get('t'), tok, 0)).toBe(100);
    debitBuckets(s, [{ ...tok, cost: 1000 }], 0);
    expect(levelAt(s.get('t'), tok, 0)).toBe(-100);
    const r = takeBuckets(s, [tok], 0);
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBe(1500); // from -100 to 50 at 0.1/ms
  });

  it('a clock that goes backwards refills nothing and keeps the later timestamp', () => {
    const s = new Map<string, BucketState>();
    const spec = req('a', 1, 1);
    expect(takeBuckets(s, [spec], 5000).ok).toBe(true);
    expect(takeBuckets(s, [spec], 3000).ok).toBe(false);
    expect(s.get('a')?.ts).toBe(5000);
  });

  it('a cost above capacity is checked against capacity (never refused forever)', () => {
    const s = new Map<string, BucketState>();
    const tok: BucketSpec = { key: 't', capacity: 10, refillPerMs: 0, cost: 1e6, consume: false };
    expect(takeBuckets(s, [tok], 0).ok).toBe(true);
  });
});
