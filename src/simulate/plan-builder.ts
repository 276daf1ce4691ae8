/**
 * Shared plumbing for persona and strategy builders: capability/style tables, the behaviour
 * defaults every account starts from, and sign-up churn.
 */
import type { AccountRecord } from '../core/exchange.js';
import type { AccountPlan, CapabilityWeights, ContentPlan, ModelPlan, NetworkPlan } from './plan.js';
import { CAPABILITIES } from './prompts.js';
import { cumulative } from './rng.js';
import { type BuildContext, iso } from './identity.js';
import { MAX_TOKENS_CEILING } from './models.js';
import { DAY, HUMAN_DIURNAL } from './time.js';

const tables = new Map<string, Float64Array>();

function memo(weights: number[]): Float64Array {
  const key = weights.join(',');
  let t = tables.get(key);
  if (!t) {
    t = cumulative(weights);
    tables.set(key, t);
  }
  return t;
}

/** Capability weights → cumulative table in CAPABILITIES order (shared between equal tables: read-only). */
export function mixTable(w: CapabilityWeights): Float64Array {
  return memo(CAPABILITIES.map((c) => w[c] ?? 0));
}

/** Elicitation style weights (cot, rubric, explain, max_effort) → cumulative table (shared, read-only). */
export function styleTable(cot: number, rubric: number, explain: number, maxEffort: number): Float64Array {
  return memo([cot, rubric, explain, maxEffort]);
}

/**
 * Content parameters with defaults for everything not given.
 * @example content({ mix: mixTable({ chat: 1 }), userAgents: [uaJson('curl/8.5.0')] }).elicitShare // 0
 */
export function content(over: Partial<ContentPlan> & Pick<ContentPlan, 'mix' | 'userAgents'>): ContentPlan {
  return {
    benchShare: 0,
    elicitShare: 0,
    styles: styleTable(1, 0, 0, 0),
    paraphrase: false,
    prefix: '',
    systems: [],
    agent: false,
    maxTokens: [0, 1024, 2048, 4096],
    ceiling: MAX_TOKENS_CEILING,
    ceilingShare: 0.85,
    outMedian: 300,
    elicitOutMedian: 2500,
    reasoningShare: 0.1,
    errorRate: 0.01,
    ...over,
  };
}

/**
 * Legit adoption of the new model: with probability p, at release + exponential(meanDays).
 * @example legitAdoption(ctx, 0.8, 4, 0.8, 0.3).adoptAt // release + a few days, or Infinity
 */
export function legitAdoption(ctx: BuildContext, p: number, meanDays: number, newShare: number, miniShare: number): ModelPlan {
  const adopts = ctx.rng.next() < p;
  return {
    miniShare,
    adoptAt: adopts ? ctx.release + ctx.rng.exp(meanDays * DAY) : Infinity,
    newShare,
  };
}

export interface PlanParts {
  id: string;
  record: AccountRecord;
  persona: string;
  campaign: string | null;
  keys: string[];
  start: number;
  end: number;
  perDay: number;
  sessionMean: number;
  gapSec: number;
  diurnal?: readonly number[];
  weekend?: number;
  utcOffset: number;
  burst?: number;
  net: NetworkPlan;
  content: ContentPlan;
  model: ModelPlan;
  sync?: AccountPlan['sync'];
  /** Extra truth fields (strategy, group), evaluation only. */
  truthExtra?: Record<string, unknown>;
}

/**
 * Build the plan (and its truth record) from its parts.
 * @example assemble({ id, persona: 'casual', campaign: null, … }).truth.label // 'legit'
 */
export function assemble(p: PlanParts): AccountPlan {
  return {
    id: p.id,
    record: p.record,
    truth: {
      account: p.id,
      label: p.campaign ? 'attack' : 'legit',
      campaign: p.campaign,
      persona: p.persona,
      ...p.truthExtra,
    },
    keys: p.keys,
    start: p.start,
    end: p.end,
    perDay: p.perDay,
    sessionMean: p.sessionMean,
    gapMean: p.gapSec * 1000,
    diurnal: p.diurnal ?? HUMAN_DIURNAL,
    weekend: p.weekend ?? 1,
    utcOffset: p.utcOffset,
    burst: p.burst ?? 0,
    sync: p.sync,
    net: p.net,
    content: p.content,
    model: p.model,
  };
}

/**
 * Legit churn: some accounts sign up during the window (created_at inside it), some stop early.
 * Returns [created, start, end].
 * @example const [created, start, end] = legitLifetime(ctx);
 */
export function legitLifetime(ctx: BuildContext, agedMin = 20, agedMax = 900): [number, number, number] {
  const rng = ctx.rng;
  const span = ctx.end - ctx.start;
  let created = ctx.start - rng.uniform(agedMin, agedMax) * DAY;
  let start = ctx.start;
  if (rng.next() < 0.08) {
    created = ctx.start + rng.next() * span * 0.9;
    start = created + rng.uniform(0.05, 2) * 3_600_000;
  }
  const end = rng.next() < 0.1 ? start + rng.next() * (ctx.end - start) : ctx.end;
  return [created, start, end];
}

/**
 * An AccountRecord without undefined fields.
 * @example record('acct_1', Date.now(), { country: 'DE', org: undefined }) // { account, created_at, country }
 */
export function record(id: string, created: number, fields: Omit<AccountRecord, 'account' | 'created_at'>): AccountRecord {
  const r: AccountRecord = { account: id, created_at: iso(created) };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}
