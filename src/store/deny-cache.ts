/**
 * Local memory of bucket refusals, so a throttled fleet that keeps retrying does not cost a
 * Redis round trip per retry. Exact, not approximate:
 *
 * - A refusal at time t says the bucket's level was below `need` at t. Nothing any process does
 *   can raise a level faster than its linear refill (takes and debits only lower it; a lagging
 *   clock refills nothing), so the bucket still refuses `need` until the refill could cover it:
 *   for every `now < t + retryAfterMs - 1` (`retryAfterMs` is the store's ceil'd wait).
 * - A request is refused when ANY of its buckets is known to refuse it (the first such bucket is
 *   named). Admission is therefore exactly the store's, and the named bucket is truly empty; the
 *   store checks in order, so when an EARLIER bucket is empty too (unknown here) the store would
 *   have named that one instead (e.g. MOAT_THROTTLE_CAMPAIGN_REQUESTS where Redis would say
 *   MOAT_THROTTLE_ACCOUNT_REQUESTS). A refused request takes nothing, here as in the store.
 * - Only the same `need` is answered (a request bucket's need is always 1); the retry-after
 *   is then the store's own figure minus the time elapsed: the store's to within 1 ms (float
 *   refill) when no other request touched the bucket meanwhile (others only make it longer).
 *
 * The one way to be stricter than the store: a bucket key deleted or reset behind Moat's back
 * (Redis flushed or restarted) is still refused here, for at most `maxHoldMs` and never past the
 * original retry-after. The Redis store clears this cache when its connection is re-established.
 */
import { needOf } from './bucket.js';
import type { BucketSpec, TakeResult } from './store.js';

interface Entry {
  need: number;
  /** Clock of the refusal. */
  t: number;
  /** The store's retry-after at t. */
  wait: number;
  /** Valid while now < until. */
  until: number;
}

export interface DenyCacheOptions {
  /** Longest a refusal is remembered (ms). Default 60,000. */
  maxHoldMs?: number;
  /** Most remembered refusals; expired ones are dropped first, then the oldest. Default 100,000. */
  maxEntries?: number;
}

export interface DenyCache {
  /** The store's answer for `specs` at `now` when it is known locally, else null (ask the store). */
  check(specs: BucketSpec[], now: number): TakeResult | null;
  /** Remember a refusal the store gave for `specs` at `now`. */
  record(specs: BucketSpec[], now: number, r: TakeResult): void;
  /** Drop what is known of these buckets (call on this process's debits: they lengthen the wait). */
  forget(specs: BucketSpec[]): void;
  clear(): void;
  readonly size: number;
}

/**
 * @example
 * const deny = createDenyCache();
 * const r = deny.check(specs, now) ?? (await takeFromRedis(specs, now));
 * if (!r.ok) deny.record(specs, now, r);
 */
export function createDenyCache(options: DenyCacheOptions = {}): DenyCache {
  const maxHold = options.maxHoldMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, Entry>();

  function prune(now: number): void {
    for (const [k, e] of entries) if (e.until <= now) entries.delete(k);
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    check(specs, now) {
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i];
        const e = entries.get(spec.key);
        if (!e) continue;
        if (now >= e.until) {
          entries.delete(spec.key);
          continue;
        }
        if (needOf(spec) !== e.need) continue;
        return { ok: false, failed: i, retryAfterMs: e.wait - Math.max(0, now - e.t) };
      }
      return null;
    },
    record(specs, now, r) {
      if (r.ok || r.failed < 0 || r.failed >= specs.length) return;
      const spec = specs[r.failed];
      const until = now + Math.min(r.retryAfterMs - 1, maxHold);
      if (!(until > now)) return; // a wait of ≤ 1 ms is not worth remembering
      if (!entries.has(spec.key) && entries.size >= maxEntries) prune(now);
      entries.delete(spec.key);
      entries.set(spec.key, { need: needOf(spec), t: now, wait: r.retryAfterMs, until });
    },
    forget(specs) {
      for (const s of specs) entries.delete(s.key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
