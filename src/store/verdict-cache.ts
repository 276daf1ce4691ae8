/**
 * In-process cache of verdict/allowlist lookups for the Redis store, kept coherent by
 * invalidations (./invalidation.ts) and bounded in age and size.
 *
 * The race every invalidating cache must handle: a read issued before a write can answer
 * AFTER that write's invalidation was processed, and would then put the old value back. So a
 * read registers itself (`begin`) before it is sent; an invalidation of its account (or a
 * flush) while it is in flight marks it, and a marked read's answer is not cached (`end`).
 * An invalidation always comes after the write executes, which is after any stale read of it
 * executed, so it is always processed after that read was begun.
 */
import type { LookupResult } from './store.js';

export interface VerdictCacheOptions {
  /** Longest an entry is trusted, ms (the staleness bound if invalidations stopped). */
  maxAgeMs: number;
  /** Most entries (oldest dropped). */
  maxEntries: number;
  /** Clock for ages (ms). Default Date.now. */
  clock?: () => number;
}

/** A read in flight (from begin to end). */
export interface PendingRead {
  readonly account: string;
  readonly epoch: number;
  stale: boolean;
}

export interface VerdictCache {
  get(account: string): LookupResult | undefined;
  begin(account: string): PendingRead;
  /** true while nothing has invalidated the read since it began (its answer may be shared). */
  current(read: PendingRead): boolean;
  /** The read answered (value) or failed (undefined); caches the value unless it went stale. */
  end(read: PendingRead, value: LookupResult | undefined): void;
  /** An account's verdict or allowlist entry changed. */
  invalidate(account: string): void;
  /** Everything may have changed (allowlist set rewritten, FLUSHALL, reconnect). */
  flush(): void;
  readonly size: number;
}

/**
 * @example
 * const cache = createVerdictCache({ maxAgeMs: 60_000, maxEntries: 100_000 });
 * const read = cache.begin('acct_1');
 * cache.end(read, await lookupInRedis('acct_1'));
 * cache.get('acct_1'); // the value, until invalidated or 60 s old
 */
export function createVerdictCache(o: VerdictCacheOptions): VerdictCache {
  const clock = o.clock ?? Date.now;
  const entries = new Map<string, { value: LookupResult; expires: number }>();
  const pending = new Map<string, Set<PendingRead>>();
  let epoch = 0;
  const current = (read: PendingRead): boolean => !read.stale && read.epoch === epoch;

  return {
    get(account) {
      const e = entries.get(account);
      if (!e) return undefined;
      if (e.expires > clock()) return e.value;
      entries.delete(account);
      return undefined;
    },
    begin(account) {
      const read: PendingRead = { account, epoch, stale: false };
      let set = pending.get(account);
      if (!set) pending.set(account, (set = new Set()));
      set.add(read);
      return read;
    },
    current,
    end(read, value) {
      const set = pending.get(read.account);
      set?.delete(read);
      if (set?.size === 0) pending.delete(read.account);
      if (value === undefined || !current(read)) return;
      entries.delete(read.account);
      entries.set(read.account, { value, expires: clock() + o.maxAgeMs });
      if (entries.size > o.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    invalidate(account) {
      entries.delete(account);
      const set = pending.get(account);
      if (set) for (const r of set) r.stale = true;
    },
    flush() {
      epoch++;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
