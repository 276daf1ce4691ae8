/**
 * Rate limits as token buckets: per account and per campaign cluster, on requests and on
 * output tokens. Pure: turns a policy plus (account, campaign, action) into bucket specs the
 * store checks atomically.
 *
 * Requests: a decision takes 1 from the request buckets. Output tokens: a decision only checks
 * the token bucket covers the estimate (or is not in debt); recordUsage() debits the actual
 * output tokens afterwards, because a response's length is known only when it ends.
 */
import type { BucketSpec } from '../store/store.js';
import type { Action, LimitSpec, Policy } from './policy.js';

export type BucketRole = 'account_requests' | 'account_tokens' | 'campaign_requests' | 'campaign_tokens';

export interface RoledSpec extends BucketSpec {
  role: BucketRole;
}

/** Actions whose requests are allowed but rate-limited. */
const LIMITED_ACCOUNT: ReadonlySet<Action> = new Set(['throttle', 'withhold_reasoning']);
const DENYING: ReadonlySet<Action> = new Set(['block', 'challenge']);

function requestSpec(key: string, l: LimitSpec, role: BucketRole): RoledSpec | null {
  if (l.requests_per_second === null) return null;
  const burst = l.burst ?? Math.max(1, 10 * l.requests_per_second);
  return { key, role, capacity: burst, refillPerMs: l.requests_per_second / 1000, cost: 1, consume: true };
}

function tokenSpec(key: string, l: LimitSpec, role: BucketRole, cost: number): RoledSpec | null {
  if (l.output_tokens_per_minute === null) return null;
  const burst = l.output_tokens_burst ?? l.output_tokens_per_minute;
  // cost >= tiny epsilon: a bucket in debt (level <= 0) refuses even with no estimate.
  return { key, role, capacity: burst, refillPerMs: l.output_tokens_per_minute / 60_000, cost: Math.max(cost, 1e-9), consume: false };
}

/** Scope of the buckets one request touches. */
export interface LimitScope {
  account: string;
  campaign: string | null;
  action: Action;
}

/**
 * Bucket specs checked by a decision (empty when the account is not rate-limited).
 * @example
 * bucketsFor(DEFAULT_POLICY, { account: 'a', campaign: 'c1', action: 'throttle' }, 0).map((b) => b.role)
 * // ['account_requests', 'account_tokens', 'campaign_requests', 'campaign_tokens']
 */
export function bucketsFor(policy: Policy, scope: LimitScope, estimatedOutputTokens = 0): RoledSpec[] {
  if (DENYING.has(scope.action)) return [];
  const out: (RoledSpec | null)[] = [];
  if (LIMITED_ACCOUNT.has(scope.action)) {
    out.push(requestSpec(`a:r:${scope.account}`, policy.limits.account, 'account_requests'));
    out.push(tokenSpec(`a:t:${scope.account}`, policy.limits.account, 'account_tokens', estimatedOutputTokens));
  }
  if (scope.campaign !== null) {
    out.push(requestSpec(`c:r:${scope.campaign}`, policy.limits.campaign, 'campaign_requests'));
    out.push(tokenSpec(`c:t:${scope.campaign}`, policy.limits.campaign, 'campaign_tokens', estimatedOutputTokens));
  }
  return out.filter((s): s is RoledSpec => s !== null);
}

/**
 * Token buckets debited by actual usage (same scope rules as bucketsFor).
 * @example usageBucketsFor(DEFAULT_POLICY, { account: 'a', campaign: 'c', action: 'throttle' }, 431).length // 2
 */
export function usageBucketsFor(policy: Policy, scope: LimitScope, outputTokens: number): RoledSpec[] {
  return bucketsFor(policy, scope, 0)
    .filter((s) => s.role === 'account_tokens' || s.role === 'campaign_tokens')
    .map((s) => ({ ...s, cost: outputTokens, consume: true }));
}
