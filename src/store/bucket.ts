/**
 * Token-bucket math, pure. The memory store calls it; ./lua.ts is the same algorithm for Redis,
 * and bucket.test.ts / redis.test.ts check both give the same answers.
 */
import type { BucketSpec, TakeResult } from './store.js';

export interface BucketState {
  /** Tokens in the bucket at `ts` (may be negative after a debit: usage beyond the budget). */
  level: number;
  /** Clock (ms) of the last write. */
  ts: number;
}

/**
 * Level of a bucket at `now`: refilled linearly, capped at capacity; a clock that went backwards
 * refills nothing. Unknown bucket = full.
 * @example levelAt(undefined, {capacity: 10, refillPerMs: 0.001} as BucketSpec, 0) // 10
 */
export function levelAt(state: BucketState | undefined, spec: BucketSpec, now: number): number {
  if (!state) return spec.capacity;
  const elapsed = Math.max(0, now - state.ts);
  return Math.min(spec.capacity, state.level + elapsed * spec.refillPerMs);
}

/**
 * What a bucket needs to pass: its cost, but never more than it can ever hold.
 * @example needOf({ key: 't', capacity: 100, refillPerMs: 1, cost: 500, consume: false }) // 100
 */
export function needOf(spec: BucketSpec): number {
  return Math.min(spec.cost, spec.capacity);
}

/**
 * Check all buckets, then take from all (those with `consume`) or from none.
 * Mutates `states` only when every bucket passes.
 * @example
 * const states = new Map();
 * takeBuckets(states, [{key: 'a', capacity: 1, refillPerMs: 0, cost: 1, consume: true}], 0).ok // true
 * takeBuckets(states, [{key: 'a', capacity: 1, refillPerMs: 0, cost: 1, consume: true}], 0).ok // false
 */
export function takeBuckets(states: Map<string, BucketState>, specs: BucketSpec[], now: number): TakeResult {
  const levels: number[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const level = levelAt(states.get(spec.key), spec, now);
    const need = needOf(spec);
    if (level < need) {
      const wait = spec.refillPerMs > 0 ? Math.ceil((need - level) / spec.refillPerMs) : Number.MAX_SAFE_INTEGER;
      return { ok: false, failed: i, retryAfterMs: wait };
    }
    levels.push(level);
  }
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const ts = Math.max(now, states.get(spec.key)?.ts ?? now);
    states.set(spec.key, { level: spec.consume ? levels[i] - spec.cost : levels[i], ts });
  }
  return { ok: true, failed: -1, retryAfterMs: 0 };
}

/**
 * Subtract each spec's cost; levels are floored at -capacity so debt stays bounded.
 * @example debitBuckets(states, [{ key: 'c:t:camp', capacity: 1000, refillPerMs: 0.1, cost: 431, consume: true }], Date.now())
 */
export function debitBuckets(states: Map<string, BucketState>, specs: BucketSpec[], now: number): void {
  for (const spec of specs) {
    const prev = states.get(spec.key);
    const level = Math.max(-spec.capacity, levelAt(prev, spec, now) - spec.cost);
    states.set(spec.key, { level, ts: Math.max(now, prev?.ts ?? now) });
  }
}

/**
 * Milliseconds after which an idle bucket is full again and its state can be dropped.
 * @example idleTtlMs({ key: 'r', capacity: 10, refillPerMs: 0.01, cost: 1, consume: true }) // 3000
 */
export function idleTtlMs(spec: BucketSpec): number {
  if (spec.refillPerMs <= 0) return 24 * 3600_000;
  return Math.ceil((2 * spec.capacity) / spec.refillPerMs) + 1000;
}
