/**
 * The enforcer: verdict (from the shared store) + policy + token buckets → Decision with a reason
 * code. Pure apart from the injected store; the clock comes in on each request.
 */
import { reasonFor, type ReasonCodeName } from '../core/reason-codes.js';
import type { VerdictLabel } from '../core/verdict.js';
import type { StateStore } from '../store/store.js';
import type { Decision, DecideRequest, Enforcer, EnforcerStats, UsageRecord } from './decision.js';
import { bucketsFor, usageBucketsFor, type BucketRole } from './limits.js';
import { ACTIONS, type Action, type Policy } from './policy.js';

export interface EnforcerOptions {
  store: StateStore;
  policy: Policy;
  /** Called when the store fails (the decision still follows the fail mode). */
  onStoreError?: (err: unknown) => void;
}

const THROTTLE_CODE: Record<BucketRole, ReasonCodeName> = {
  account_requests: 'MOAT_THROTTLE_ACCOUNT_REQUESTS',
  account_tokens: 'MOAT_THROTTLE_ACCOUNT_TOKENS',
  campaign_requests: 'MOAT_THROTTLE_CAMPAIGN_REQUESTS',
  campaign_tokens: 'MOAT_THROTTLE_CAMPAIGN_TOKENS',
};

function denyCode(action: Action, verdict: VerdictLabel, campaign: string | null): ReasonCodeName {
  if (action === 'challenge') return 'MOAT_CHALLENGE';
  // a suspect's group (coordinated evasion, ids S…) has no harvesting evidence: not named as a harvesting campaign
  if (campaign !== null && verdict === 'attack') return 'MOAT_BLOCK_CAMPAIGN';
  return verdict === 'attack' ? 'MOAT_BLOCK_ATTACK' : 'MOAT_BLOCK_SUSPECT';
}

/**
 * @example
 * const enforcer = createEnforcer({ store: createMemoryStore(), policy: DEFAULT_POLICY });
 * const d = await enforcer.decide({ account: 'acct_1', now: Date.now() });
 * d.action // 'allow' (unknown accounts are clear)
 */
export function createEnforcer(options: EnforcerOptions): Enforcer {
  const { store, policy } = options;
  const counters: EnforcerStats = {
    decisions: 0,
    byAction: Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>,
    storeErrors: 0,
  };

  function make(
    code: ReasonCodeName,
    action: Action,
    base: { account: string; campaign: string | null; verdict: VerdictLabel },
    extra: { retryAfterMs?: number; detail?: string } = {},
  ): Decision {
    const rc = reasonFor(code);
    const d: Decision = {
      action,
      code: rc.code,
      status: rc.status,
      reason: extra.detail ? `${rc.message} (${extra.detail})` : rc.message,
      account: base.account,
      campaign: base.campaign,
      verdict: base.verdict,
      shadow: policy.shadow,
    };
    if (extra.retryAfterMs !== undefined) d.retryAfterSeconds = Math.max(1, Math.ceil(extra.retryAfterMs / 1000));
    if (action !== 'allow' && policy.appeal_url) d.appealUrl = policy.appeal_url;
    counters.decisions++;
    counters.byAction[action]++;
    return d;
  }

  async function decide(req: DecideRequest): Promise<Decision> {
    const unknown = { account: req.account, campaign: null, verdict: 'clear' as VerdictLabel };
    try {
      const { verdict: stored, allowlisted } = await store.lookup(req.account);
      const base = {
        account: req.account,
        campaign: stored?.campaign ?? null,
        verdict: stored?.verdict ?? ('clear' as VerdictLabel),
      };
      if (allowlisted) return make('MOAT_ALLOWLISTED', 'allow', base);
      const action = policy.actions[base.verdict];
      const detail = `verdict ${base.verdict}${base.campaign ? `, campaign ${base.campaign}` : ''}`;
      if (action === 'block' || action === 'challenge') {
        return make(denyCode(action, base.verdict, base.campaign), action, base, { detail });
      }
      const specs = bucketsFor(policy, { ...base, action }, req.estimatedOutputTokens ?? 0);
      if (specs.length > 0) {
        const r = await store.take(specs, req.now);
        if (!r.ok) {
          const role = specs[r.failed].role;
          return make(THROTTLE_CODE[role], 'throttle', base, { retryAfterMs: r.retryAfterMs, detail });
        }
      }
      if (action === 'withhold_reasoning') return make('MOAT_WITHHOLD_REASONING', action, base, { detail });
      if (action === 'throttle' || specs.length > 0) return make('MOAT_ALLOW_LIMITED', 'allow', base, { detail });
      return make('MOAT_ALLOW', 'allow', base);
    } catch (err) {
      counters.storeErrors++;
      options.onStoreError?.(err);
      return policy.fail_mode === 'open'
        ? make('MOAT_STORE_DOWN_OPEN', 'allow', unknown)
        : make('MOAT_STORE_DOWN_CLOSED', 'block', unknown, { retryAfterMs: 1000 });
    }
  }

  async function recordUsage(u: UsageRecord): Promise<void> {
    if (!(u.outputTokens > 0)) return;
    try {
      const { verdict: stored, allowlisted } = await store.lookup(u.account);
      if (allowlisted || !stored) return;
      const action = policy.actions[stored.verdict];
      const specs = usageBucketsFor(policy, { account: u.account, campaign: stored.campaign, action }, u.outputTokens);
      if (specs.length > 0) await store.debit(specs, u.now);
    } catch (err) {
      counters.storeErrors++;
      options.onStoreError?.(err);
    }
  }

  return { decide, recordUsage, stats: () => structuredClone(counters) };
}
