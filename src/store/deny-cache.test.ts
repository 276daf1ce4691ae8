import { describe, expect, it } from 'vitest';
import { debitBuckets, levelAt, needOf, takeBuckets, type BucketState } from './bucket.js';
import { createDenyCache } from './deny-cache.js';
import type { BucketSpec, TakeResult } from './store.js';

const req = (key: string, capacity: number, refillPerMs: number): BucketSpec => ({ key, capacity, refillPerMs, cost: 1, consume: true });
const tok = (key: string, capacity: number, refillPerMs: number, cost: number): BucketSpec => ({ key, capacity, refillPerMs, cost, consume: false });

describe('bucket deny cache', () => {
  it.each([
    ['this process', true],
    ['another process', false],
  ])('gives the admissions of the bucket store it fronts (random schedule, debits by %s)', (_who, ownDebits) => {
    const oracle = new Map<string, BucketState>();
    const fronted = new Map<string, BucketState>();
    const deny = createDenyCache();
    let x = 11;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    let now = 1_000_000;
    let hits = 0;
    let refusals = 0;
    const failedAt = [0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      now += Math.floor(rnd() * 120);
      const acct = `a:r:${Math.floor(rnd() * 3)}`;
      const camp = `c:r:${Math.floor(rnd() * 2)}`;
      if (rnd() < 0.1) {
        const d = [{ ...tok('c:t:0', 300, 0.012, 0), cost: Math.floor(rnd() * 30), consume: true }];
        debitBuckets(oracle, d, now);
        debitBuckets(fronted, d, now);
        if (ownDebits) deny.forget(d); // another process's debit is not seen here
        continue;
      }
      const all = [req(acct, 3, 0.004), req(camp, 5, 0.004), tok('c:t:0', 300, 0.012, rnd() < 0.5 ? 40 : 1e-9)];
      // Requests of limited accounts (all three buckets), clear campaign members (campaign only), token-only scopes.
      const specs = all.slice(Math.floor(rnd() * 3));
      const want = takeBuckets(oracle, specs, now);
      const cached = deny.check(specs, now);
      let got: TakeResult;
      if (cached) {
        hits++;
        got = cached;
      } else {
        got = takeBuckets(fronted, specs, now);
        deny.record(specs, now, got);
      }
      if (!want.ok) refusals++;
      if (!want.ok) failedAt[want.failed]++;
      // Admission exactly. The named bucket is truly empty (the store may name an earlier one that
      // is empty too). Same bucket: the retry-after to within 1 ms (float refill), or, when unseen
      // debits lengthened the true wait, never later than the store's.
      expect(got.ok).toBe(want.ok);
      if (!got.ok) {
        const s = specs[got.failed];
        expect(levelAt(oracle.get(s.key), s, now)).toBeLessThan(needOf(s));
        expect(got.failed).toBeGreaterThanOrEqual(want.failed);
        if (got.failed === want.failed && ownDebits) expect(Math.abs(got.retryAfterMs - want.retryAfterMs)).toBeLessThanOrEqual(1);
        else if (got.failed === want.failed) expect(got.retryAfterMs).toBeLessThanOrEqual(want.retryAfterMs + 1);
      }
    }
    // The schedule must actually exercise the cache, or the equality above proves nothing.
    expect(refusals).toBeGreaterThan(3000);
    expect(hits).toBeGreaterThan(300);
    expect(failedAt.every((n) => n > 50)).toBe(true); // every bucket refused some requests
  });

  it('answers for any known-empty bucket of the request, and only for the same need', () => {
    const deny = createDenyCache();
    const a = req('a', 1, 0.001);
    const c = req('c', 1, 0.001);
    deny.record([a, c], 0, { ok: false, failed: 1, retryAfterMs: 1000 });
    expect(deny.check([a, c], 10)).toEqual({ ok: false, failed: 1, retryAfterMs: 990 }); // a campaign bucket, for any member
    expect(deny.check([c], 10)).toEqual({ ok: false, failed: 0, retryAfterMs: 990 });
    expect(deny.check([a], 10)).toBeNull();
    const t = tok('t', 100, 0.01, 50);
    deny.record([t], 0, { ok: false, failed: 0, retryAfterMs: 2000 });
    expect(deny.check([{ ...t, cost: 10 }], 5)).toBeNull(); // a smaller need may pass
    expect(deny.check([{ ...t, cost: 500 }], 5)).toBeNull(); // a larger need has another wait
    expect(deny.check([t], 5)?.retryAfterMs).toBe(1995);
  });

  it('forgets a refusal when the refill could cover it, and after maxHoldMs', () => {
    const deny = createDenyCache({ maxHoldMs: 100 });
    const a = req('a', 1, 0.001);
    deny.record([a], 0, { ok: false, failed: 0, retryAfterMs: 50 });
    expect(deny.check([a], 48)).not.toBeNull();
    expect(deny.check([a], 49)).toBeNull(); // ceil'd wait: at 49 the exact refill may already cover it
    deny.record([a], 1000, { ok: false, failed: 0, retryAfterMs: 5000 });
    expect(deny.check([a], 1099)?.retryAfterMs).toBe(4901);
    expect(deny.check([a], 1100)).toBeNull();
  });

  it('stays within maxEntries', () => {
    const deny = createDenyCache({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) deny.record([req(`k${i}`, 1, 0.001)], 0, { ok: false, failed: 0, retryAfterMs: 1000 });
    expect(deny.size).toBeLessThanOrEqual(10);
    expect(deny.check([req('k99', 1, 0.001)], 1)).not.toBeNull();
  });
});
