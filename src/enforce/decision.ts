/**
 * What the enforcer answers for one request, and what it is asked.
 */
import type { VerdictLabel } from '../core/verdict.js';
import type { Action } from './policy.js';

export interface DecideRequest {
  /** Account id (or hashed key id) the request is billed to. Never a raw API key. */
  account: string;
  /** Caller's clock, ms since the epoch (injected: tests and replays pass their own). */
  now: number;
  /** Expected output tokens (e.g. max_tokens), checked against output-token budgets. */
  estimatedOutputTokens?: number;
}

export interface UsageRecord {
  account: string;
  outputTokens: number;
  now: number;
}

export interface Decision {
  /**
   * What the policy says to do. In shadow mode this is what WOULD be done; integrations must
   * then allow the request (see effectiveAction).
   */
  action: Action;
  /** Reason code from src/core/reason-codes.ts. */
  code: string;
  /** HTTP status to answer with when enforcing (200 for allow-like actions). */
  status: number;
  /** Customer-readable explanation (from the catalog, plus the verdict and scope). */
  reason: string;
  retryAfterSeconds?: number;
  account: string;
  campaign: string | null;
  verdict: VerdictLabel;
  appealUrl?: string;
  shadow: boolean;
}

/**
 * The action an integration must carry out: `allow` in shadow mode, the decision's action otherwise.
 * @example effectiveAction({ ...d, action: 'block', shadow: true }) // 'allow'
 */
export function effectiveAction(d: Decision): Action {
  return d.shadow ? 'allow' : d.action;
}

export interface Enforcer {
  decide(req: DecideRequest): Promise<Decision>;
  /** Debit actual output tokens; best effort (a store outage is counted, not thrown). */
  recordUsage(u: UsageRecord): Promise<void>;
  /** Counters for /metrics and tests. */
  stats(): EnforcerStats;
}

export interface EnforcerStats {
  decisions: number;
  byAction: Record<Action, number>;
  storeErrors: number;
}
