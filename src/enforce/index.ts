/**
 * Enforcement core: policy (verdict → action), token-bucket limits per account and campaign,
 * and the enforcer that turns both into decisions with reason codes. Thin barrel.
 *
 * @example
 * import { createEnforcer, DEFAULT_POLICY, effectiveAction } from '../enforce/index.js';
 * import { createMemoryStore } from '../store/index.js';
 * const enforcer = createEnforcer({ store: createMemoryStore(), policy: DEFAULT_POLICY });
 * const d = await enforcer.decide({ account: 'acct_1', now: Date.now(), estimatedOutputTokens: 512 });
 * if (effectiveAction(d) !== 'allow') { reply.code(d.status).header('retry-after', d.retryAfterSeconds) }
 * await enforcer.recordUsage({ account: 'acct_1', outputTokens: 431, now: Date.now() });
 */
export type { Decision, DecideRequest, Enforcer, EnforcerStats, UsageRecord } from './decision.js';
export { effectiveAction } from './decision.js';
export { createEnforcer, type EnforcerOptions } from './decide.js';
export { ACTIONS, DEFAULT_POLICY, Policy, PolicyError, loadPolicy, parsePolicy, type Action, type PolicyInput } from './policy.js';
export { bucketsFor, usageBucketsFor, type BucketRole } from './limits.js';
export { syncVerdicts } from './sync.js';
export type { StateStore, StoredVerdict } from '../store/store.js';
