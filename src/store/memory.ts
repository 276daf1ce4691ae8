/**
 * In-process state store: the default for one process. Same semantics as the Redis store.
 */
import { debitBuckets, idleTtlMs, takeBuckets, type BucketState } from './bucket.js';
import type { BucketSpec, LookupResult, StateStore, StoredVerdict, TakeResult } from './store.js';

export interface MemoryStoreOptions {
  /** Drop idle bucket states every this many bucket operations (bounds memory). Default 10,000. */
  sweepEvery?: number;
}

/**
 * @example
 * const store = createMemoryStore();
 * await store.setVerdict('acct_1', { verdict: 'suspect', campaign: 'c1', score: 0.7 });
 * (await store.lookup('acct_1')).verdict?.campaign // 'c1'
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): StateStore {
  const verdicts = new Map<string, StoredVerdict>();
  const allow = new Set<string>();
  const buckets = new Map<string, BucketState & { expires: number }>();
  const sweepEvery = options.sweepEvery ?? 10_000;
  let ops = 0;

  function sweep(now: number): void {
    if (++ops % sweepEvery !== 0) return;
    for (const [k, s] of buckets) if (s.expires < now) buckets.delete(k);
  }

  function touch(specs: BucketSpec[], now: number): void {
    for (const spec of specs) {
      const s = buckets.get(spec.key);
      if (s) s.expires = now + idleTtlMs(spec);
    }
  }

  // The bucket map stores extra `expires`; bucket.ts only reads/writes level and ts.
  const states = buckets as unknown as Map<string, BucketState>;

  return {
    kind: 'memory',
    async lookup(account: string): Promise<LookupResult> {
      return { verdict: verdicts.get(account) ?? null, allowlisted: allow.has(account) };
    },
    async setVerdict(account, verdict) {
      verdicts.set(account, { ...verdict });
    },
    async clearVerdict(account) {
      verdicts.delete(account);
    },
    async addAllowlist(account) {
      allow.add(account);
    },
    async removeAllowlist(account) {
      allow.delete(account);
    },
    async take(specs: BucketSpec[], now: number): Promise<TakeResult> {
      sweep(now);
      const r = takeBuckets(states, specs, now);
      if (r.ok) touch(specs, now);
      return r;
    },
    async debit(specs: BucketSpec[], now: number): Promise<void> {
      sweep(now);
      debitBuckets(states, specs, now);
      touch(specs, now);
    },
    async close() {
      /* nothing to release */
    },
  };
}
