/**
 * Shared enforcement state: verdicts (with campaign membership), the allowlist and token buckets.
 * In-process by default (./memory.ts); Redis (./redis.ts) when several gateway/serve processes
 * must agree. Both implement the same semantics; the bucket math is ./bucket.ts, mirrored in Lua.
 */
import type { VerdictLabel } from '../core/verdict.js';

/** What enforcement needs to know about an account; written by whoever runs the detector. */
export interface StoredVerdict {
  verdict: VerdictLabel;
  campaign: string | null;
  /** 0..1 */
  score: number;
}

/** One token bucket touched by a decision. Rates are per millisecond to match the clock. */
export interface BucketSpec {
  /** Store key, e.g. `acct:req:<account>`; the store adds its own prefix. */
  key: string;
  capacity: number;
  refillPerMs: number;
  /** Tokens needed (requests: 1; output tokens: the estimate, capped at capacity when checked). */
  cost: number;
  /** true: take `cost` when every bucket passes; false: only check the level covers it. */
  consume: boolean;
}

export interface TakeResult {
  ok: boolean;
  /** Index into the specs of the first bucket that refused, or -1. */
  failed: number;
  /** Milliseconds until that bucket would pass; 0 when ok. */
  retryAfterMs: number;
}

export interface LookupResult {
  verdict: StoredVerdict | null;
  allowlisted: boolean;
}

/** Thrown by stores when their backend cannot be reached; the enforcer applies the fail mode. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface StateStore {
  readonly kind: 'memory' | 'redis';
  /** Verdict and allowlist membership in one round trip. */
  lookup(account: string): Promise<LookupResult>;
  setVerdict(account: string, verdict: StoredVerdict): Promise<void>;
  /** Forget an account's verdict (appeal granted, verdict expired). */
  clearVerdict(account: string): Promise<void>;
  addAllowlist(account: string): Promise<void>;
  removeAllowlist(account: string): Promise<void>;
  /**
   * Atomically check every bucket and, only if all pass, take `cost` from those with `consume`.
   * `now` is the caller's clock (ms); buckets never refill backwards.
   */
  take(specs: BucketSpec[], now: number): Promise<TakeResult>;
  /** Subtract actual usage (e.g. output tokens) from buckets; a level never drops below -capacity. */
  debit(specs: BucketSpec[], now: number): Promise<void>;
  close(): Promise<void>;
}
