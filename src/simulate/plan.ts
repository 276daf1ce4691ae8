/**
 * AccountPlan: everything the simulator decides about one account before any traffic is made —
 * its sign-up record, its ground truth, and the parameters its lazy schedule and content are drawn
 * from. Personas (legit) and strategies (campaigns) both produce plans; the runner consumes them.
 */
import type { AccountRecord, TruthRecord } from '../core/exchange.js';
import type { Endpoint } from './net.js';
import type { ElicitationStyle } from './elicitation.js';
import type { Capability } from './prompts.js';

/** How an account reaches the API. */
export interface NetworkPlan {
  /** fixed: one endpoint, occasionally another from the list; pool: a shared list (NAT, VPN); rotate: new endpoint every session. */
  mode: 'fixed' | 'pool' | 'rotate';
  endpoints: readonly Endpoint[];
  /** fixed mode: chance a session comes from another endpoint in the list (travel, phone). */
  wander: number;
}

/** Synchronised batches shared by a cluster (hydra, model-switch): sessions start at cluster times. */
export interface SyncPlan {
  /** Batch period in ms. */
  period: number;
  /** Cluster seed: batch times are a function of it and the batch number. */
  cluster: number;
  /** Max per-account offset (ms) from the batch time. */
  jitter: number;
}

export interface ContentPlan {
  /** Cumulative weights over CAPABILITIES. */
  mix: Float64Array;
  /** Walk benchmark items in order (eval harness, some campaigns) with this probability per exchange. */
  benchShare: number;
  /** Share of exchanges that carry elicitation. */
  elicitShare: number;
  /** Cumulative weights over ELICIT_STYLES. */
  styles: Float64Array;
  /** Paraphrase elicitation freshly each time (stealthy) instead of picking from the fixed lists. */
  paraphrase: boolean;
  /** Escaped template prefix put before the prompt text ('' for none). */
  prefix: string;
  /** Escaped system prompts; one is picked per session ('' entries mean no system prompt). */
  systems: readonly string[];
  /** Pre-rendered `,"user_agent":"…"` fragments; the first is the usual one. */
  userAgents: readonly string[];
  /** Agentic sessions: one task per session, later steps carry tool results. */
  agent: boolean;
  /** max_tokens choices (0 = field omitted); ceilingShare of elicitation exchanges use `ceiling`. */
  maxTokens: readonly number[];
  ceiling: number;
  ceilingShare: number;
  /** Median output tokens (lognormal, sigma 0.8) for ordinary and for elicited exchanges. */
  outMedian: number;
  elicitOutMedian: number;
  /** Share of ordinary exchanges with reasoning on. */
  reasoningShare: number;
  /** Share of requests that fail with 429/5xx. */
  errorRate: number;
}

export interface ModelPlan {
  /** Share of the mini model among base-model traffic. */
  miniShare: number;
  /** Time (ms) from which the account uses the newly released model; Infinity = never. */
  adoptAt: number;
  /** Share of traffic on the new model once adopted. */
  newShare: number;
}

export interface AccountPlan {
  id: string;
  record: AccountRecord;
  truth: TruthRecord;
  /** Raw-looking fake API keys ("sk-sim-…"): ingest must hash them. */
  keys: readonly string[];
  /** Active window, epoch ms. */
  start: number;
  end: number;
  /** Mean exchanges a day, averaged over the week. */
  perDay: number;
  /** Mean exchanges a session (geometric) and mean gap between them (ms). */
  sessionMean: number;
  gapMean: number;
  /** Hour-of-day weights (local time), weekend factor, UTC offset in hours. */
  diurnal: readonly number[];
  weekend: number;
  utcOffset: number;
  /** Chance a session is a burst (5× longer, gaps 5× shorter). */
  burst: number;
  sync?: SyncPlan;
  net: NetworkPlan;
  content: ContentPlan;
  model: ModelPlan;
}

export const ELICIT_STYLES: readonly Exclude<ElicitationStyle, 'none'>[] = ['cot', 'rubric', 'explain', 'max_effort'];

/** Capability weights → cumulative table in CAPABILITIES order. */
export type CapabilityWeights = Partial<Record<Capability, number>>;
