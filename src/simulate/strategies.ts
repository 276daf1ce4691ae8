/**
 * Distillation-campaign strategies, modelled on public reports (2026: ~25,000 fraudulent accounts,
 * 28.8 M exchanges in 45 days; "hydra" clusters behind residential proxy networks; a campaign that
 * moved half its traffic to a new model within 24 h of its release). Each strategy is a
 * parameterised builder; a scenario mixes several. Accounts inside a campaign are never identical:
 * rates jitter, indicators overlap only partially (some accounts lack the shared card, the template,
 * the usual user agent).
 */
import type { AccountPlan } from './plan.js';
import type { CapabilityWeights } from './plan.js';
import {
  type BuildContext,
  DISPOSABLE_DOMAINS,
  agedCreation,
  clamp,
  freemailDomain,
  newAccountId,
  newCard,
  newKey,
  pickCountry,
  uaJson,
  utcOffsetFor,
} from './identity.js';
import { SDK_USER_AGENTS, asnsOfKind, randomEndpoint, type Endpoint } from './net.js';
import { assemble, content, mixTable, record, styleTable } from './plan-builder.js';
import { escapeInner } from './prompts.js';
import { COT_SYSTEM_PROMPTS, PUBLIC_SYSTEM_PROMPTS } from './recipes.js';
import { DAY, FLAT_DIURNAL, HOUR, HUMAN_DIURNAL, SERVICE_DIURNAL } from './time.js';

export const STRATEGIES = ['hydra', 'stealthy', 'reseller', 'slow_wide', 'model_switch', 'system_cot'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface CampaignSpec {
  /** Campaign id used in truth.jsonl (never in the traffic). */
  id: string;
  strategy: Strategy;
  accounts: number;
  /** Target number of exchanges over the window (slow_wide clamps to 2–6 a day per account). */
  exchanges: number;
  capabilities?: CapabilityWeights;
  /**
   * Multiplies the share of the fleet's requests that ask for the reasoning or a rubric grade
   * (red-team stress, `moat simulate --elicit-scale`): 0 is a fleet that never asks in its
   * requests. The simulator rides the max-token ceiling only on such requests and turns reasoning
   * mode on for 90 % of them, so both fall with it. A system prompt that demands the reasoning
   * (system_cot) is not scaled. Default 1.
   */
  elicitScale?: number;
}

const HARVEST_MIX: CapabilityWeights = { agentic: 3, tool_use: 2, coding: 3, reasoning: 2, long_horizon: 1, math: 1 };

const PREFIXES = ['### Task\n', '[INSTRUCTION]\n', 'Problem:\n', 'Task:\n'];

function residentialPool(ctx: BuildContext, size: number): Endpoint[] {
  const res = [...asnsOfKind('residential'), ...asnsOfKind('mobile')];
  return Array.from({ length: size }, () => randomEndpoint(ctx.rng, ctx.rng.pick(res)));
}

function cloudPool(ctx: BuildContext, size: number): Endpoint[] {
  const cloud = asnsOfKind('cloud');
  return Array.from({ length: size }, () => randomEndpoint(ctx.rng, ctx.rng.pick(cloud)));
}

/** Split a target exchange count over accounts by their active days, with per-account jitter (planned total = target before clamping). */
function rates(ctx: BuildContext, plans: AccountPlan[], total: number, lo = 0.5, hi = 5000): void {
  const weights = plans.map(() => ctx.rng.lognormal(1, 0.3));
  const weightedDays = plans.reduce((s, p, i) => s + (weights[i] * Math.max(0, p.end - p.start)) / DAY, 0);
  const unit = weightedDays > 0 ? total / weightedDays : 0;
  plans.forEach((p, i) => (p.perDay = clamp(unit * weights[i], lo, hi)));
}

function lifetime(ctx: BuildContext, start: number, churnShare: number, meanDays: number): number {
  return ctx.rng.next() < churnShare ? Math.min(ctx.end, start + Math.max(1, ctx.rng.exp(meanDays)) * DAY) : ctx.end;
}

/**
 * A fleet account's sign-up record: a disposable e-mail domain with probability `disposable` (else
 * a free-mail one of its country), one of the fleet's `cards` with probability `cardShare` (else a
 * card of its own). Draws in that order.
 */
function fleetRecord(ctx: BuildContext, id: string, created: number, country: string, disposable: number, cards: readonly string[], cardShare: number) {
  const rng = ctx.rng;
  return record(id, created, {
    email_domain: rng.next() < disposable ? rng.pick(DISPOSABLE_DOMAINS) : freemailDomain(rng, country),
    payment_fingerprint: rng.next() < cardShare ? rng.pick(cards) : newCard(rng),
    country,
  });
}

/** Hydra: waves of fresh accounts, disposable e-mail, shared cards, rotating residential proxies, synchronised batches. */
function hydra(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const span = ctx.end - ctx.start;
  const pool = residentialPool(ctx, clamp(spec.accounts * 2, 50, 20000));
  const waves = Math.max(2, Math.round(span / DAY / 4));
  const clusterSize = 200;
  const plans: AccountPlan[] = [];
  const nClusters = Math.max(1, Math.ceil(spec.accounts / clusterSize));
  const clusters = Array.from({ length: nClusters }, (_, c) => ({
    seed: rng.int(2 ** 31),
    cards: Array.from({ length: Math.max(1, Math.ceil(clusterSize / 30)) }, () => newCard(rng)),
    ua: uaJson(rng.pick(SDK_USER_AGENTS)),
    system: escapeInner(PUBLIC_SYSTEM_PROMPTS[c % PUBLIC_SYSTEM_PROMPTS.length]),
    prefix: escapeInner(PREFIXES[c % 2]),
  }));
  for (let i = 0; i < spec.accounts; i++) {
    const cl = clusters[i % nClusters];
    const id = newAccountId(ctx);
    const wave = rng.int(waves);
    const waveTime = ctx.start - DAY + (wave * span * 0.6) / Math.max(1, waves - 1);
    const created = waveTime + rng.uniform(0, 6) * HOUR;
    const start = Math.max(ctx.start, created + rng.uniform(0.5, 18) * HOUR);
    const country = pickCountry(rng);
    plans.push(
      assemble({
        id,
        persona: 'hydra',
        campaign: spec.id,
        truthExtra: { strategy: 'hydra', cluster: `${spec.id}/c${i % nClusters}` },
        record: record(id, created, {
          email_domain: rng.next() < 0.7 ? rng.pick(DISPOSABLE_DOMAINS) : freemailDomain(rng, country),
          payment_fingerprint: rng.next() < 0.8 ? rng.pick(cl.cards) : rng.next() < 0.5 ? newCard(rng) : undefined,
          country,
        }),
        keys: [newKey(rng)],
        start,
        end: lifetime(ctx, start, 0.3, 10),
        perDay: 1,
        sessionMean: 8,
        gapSec: 12,
        diurnal: FLAT_DIURNAL,
        utcOffset: 0,
        sync: { period: HOUR, cluster: cl.seed, jitter: 90_000 },
        net: { mode: 'rotate', endpoints: pool, wander: 0 },
        content: content({
          mix: mixTable(spec.capabilities ?? HARVEST_MIX),
          userAgents: [rng.next() < 0.85 ? cl.ua : uaJson(rng.pick(SDK_USER_AGENTS))],
          elicitShare: 0.85,
          styles: styleTable(3, 1, 2, 2),
          systems: rng.next() < 0.9 ? [cl.system] : [],
          prefix: rng.next() < 0.9 ? cl.prefix : '',
          benchShare: 0.3,
          outMedian: 1200,
          elicitOutMedian: 3000,
          reasoningShare: 0.7,
          errorRate: 0.03,
        }),
        model: { miniShare: 0, adoptAt: Infinity, newShare: 0 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges);
  return plans;
}

/** Stealthy: aged accounts, unique cards, home-like IPs, human rhythm, paraphrased elicitation, filler traffic. */
function stealthy(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const isps = [rng.pick(asnsOfKind('residential')), rng.pick(asnsOfKind('residential')), rng.pick(asnsOfKind('mobile'))];
  const plans: AccountPlan[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const id = newAccountId(ctx);
    const isp = isps[i % isps.length];
    const country = isp.country;
    plans.push(
      assemble({
        id,
        persona: 'stealthy',
        campaign: spec.id,
        truthExtra: { strategy: 'stealthy' },
        record: record(id, agedCreation(ctx, 180, 700), {
          email_domain: freemailDomain(rng, country),
          payment_fingerprint: newCard(rng),
          country,
        }),
        keys: [newKey(rng)],
        start: ctx.start,
        end: ctx.end,
        perDay: 1,
        sessionMean: 4,
        gapSec: 50,
        diurnal: HUMAN_DIURNAL,
        weekend: 0.8,
        utcOffset: utcOffsetFor(rng, country),
        burst: 0.02,
        net: { mode: 'fixed', endpoints: [randomEndpoint(rng, isp), randomEndpoint(rng, isp)], wander: 0.1 },
        content: content({
          mix: mixTable(spec.capabilities ?? { coding: 3, reasoning: 3, agentic: 2, math: 1, chat: 1.5, writing: 1 }),
          userAgents: [uaJson(rng.pick(SDK_USER_AGENTS))],
          elicitShare: 0.5,
          styles: styleTable(3, 0.5, 2, 1),
          paraphrase: true,
          maxTokens: [0, 4096, 8192],
          ceilingShare: 0.3,
          outMedian: 500,
          elicitOutMedian: 2200,
          reasoningShare: 0.4,
        }),
        model: { miniShare: 0.1, adoptAt: ctx.release + rng.uniform(1, 8) * DAY, newShare: 0.6 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges, 2, 200);
  return plans;
}

/** Resellers/routers: a few high-volume accounts relaying real customers' traffic, with harvesting mixed in. */
function reseller(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const org = `${rng.pick(['omni', 'relay', 'cheap', 'unified'])}-${rng.pick(['router', 'gateway', 'api-hub'])}`;
  const card = newCard(rng);
  const eps = cloudPool(ctx, 4);
  const customerSystems = ['', '', 'You are a helpful assistant.', 'You are a coding assistant.', 'Answer in the language of the user.'].map(escapeInner);
  const plans: AccountPlan[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const id = newAccountId(ctx);
    plans.push(
      assemble({
        id,
        persona: 'reseller',
        campaign: spec.id,
        truthExtra: { strategy: 'reseller' },
        record: record(id, agedCreation(ctx, 60, 400), {
          email_domain: `${org}.io`,
          payment_fingerprint: rng.next() < 0.8 ? card : newCard(rng),
          country: 'SG',
          org,
        }),
        keys: [newKey(rng), newKey(rng)],
        start: ctx.start,
        end: ctx.end,
        perDay: 1,
        sessionMean: 30,
        gapSec: 10,
        diurnal: SERVICE_DIURNAL,
        weekend: 0.85,
        utcOffset: 8,
        net: { mode: 'pool', endpoints: eps, wander: 0 },
        content: content({
          mix: mixTable({ chat: 3, writing: 2, coding: 3, reasoning: 1.5, agentic: 1, tool_use: 1, math: 1 }),
          userAgents: [uaJson('relay-gateway/2.3.1'), uaJson('OpenAI/Python 1.54.0')],
          elicitShare: 0.3,
          styles: styleTable(2, 0.5, 1, 1.5),
          systems: customerSystems,
          outMedian: 400,
          elicitOutMedian: 2800,
          errorRate: 0.02,
        }),
        model: { miniShare: 0.3, adoptAt: ctx.release + rng.uniform(0.5, 3) * DAY, newShare: 0.5 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges, 50, 100000);
  return plans;
}

/** Slow-and-wide: thousands of accounts at 2–6 requests a day, each through a different residential exit. */
function slowWide(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const pool = residentialPool(ctx, clamp(spec.accounts * 3, 100, 30000));
  const system = escapeInner(PUBLIC_SYSTEM_PROMPTS[rng.int(PUBLIC_SYSTEM_PROMPTS.length)]);
  const prefix = escapeInner(PREFIXES[2 + rng.int(2)]);
  const sharedCards = Array.from({ length: Math.max(1, Math.ceil(spec.accounts / 50)) }, () => newCard(rng));
  const plans: AccountPlan[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const id = newAccountId(ctx);
    const country = pickCountry(rng);
    const created = ctx.start - (5 + 12 * rng.int(3)) * DAY + rng.uniform(0, 8) * HOUR;
    plans.push(
      assemble({
        id,
        persona: 'slow_wide',
        campaign: spec.id,
        truthExtra: { strategy: 'slow_wide' },
        record: fleetRecord(ctx, id, created, country, 0.3, sharedCards, 0.15),
        keys: [newKey(rng)],
        start: ctx.start + rng.uniform(0, 12) * HOUR,
        end: ctx.end,
        perDay: 1,
        sessionMean: 1.5,
        gapSec: 30,
        diurnal: FLAT_DIURNAL,
        utcOffset: 0,
        net: { mode: 'rotate', endpoints: pool, wander: 0 },
        content: content({
          mix: mixTable(spec.capabilities ?? { coding: 3, agentic: 2, tool_use: 1, long_horizon: 1 }),
          userAgents: [uaJson(rng.next() < 0.7 ? 'python-requests/2.32.3' : rng.pick(SDK_USER_AGENTS))],
          elicitShare: 0.9,
          styles: styleTable(2, 1, 2, 1),
          systems: rng.next() < 0.6 ? [system] : [],
          prefix: rng.next() < 0.8 ? prefix : '',
          outMedian: 1500,
          elicitOutMedian: 3200,
          reasoningShare: 0.6,
        }),
        model: { miniShare: 0, adoptAt: Infinity, newShare: 0 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges, 2, 6);
  return plans;
}

/** Model-switch: automated fleet on cloud hosts; half of it moves to the new model within 24 h of release. */
function modelSwitch(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const pool = cloudPool(ctx, clamp(Math.ceil(spec.accounts / 3), 8, 400));
  const cards = [newCard(rng), newCard(rng), newCard(rng)];
  const ua = uaJson(rng.pick(SDK_USER_AGENTS));
  const system = escapeInner(PUBLIC_SYSTEM_PROMPTS[rng.int(PUBLIC_SYSTEM_PROMPTS.length)]);
  const cluster = rng.int(2 ** 31);
  const plans: AccountPlan[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const id = newAccountId(ctx);
    const country = pickCountry(rng);
    const switches = rng.next() < 0.5;
    plans.push(
      assemble({
        id,
        persona: 'model_switch',
        campaign: spec.id,
        truthExtra: { strategy: 'model_switch' },
        record: fleetRecord(ctx, id, agedCreation(ctx, 10, 60), country, 0.5, cards, 0.6),
        keys: [newKey(rng)],
        start: ctx.start,
        end: ctx.end,
        perDay: 1,
        sessionMean: 6,
        gapSec: 15,
        diurnal: FLAT_DIURNAL,
        utcOffset: 0,
        sync: { period: 2 * HOUR, cluster, jitter: 300_000 },
        net: { mode: 'rotate', endpoints: pool, wander: 0 },
        content: content({
          mix: mixTable(spec.capabilities ?? { reasoning: 2, coding: 2, agentic: 2, math: 1 }),
          userAgents: [ua],
          elicitShare: 0.8,
          styles: styleTable(3, 1, 1, 2),
          systems: rng.next() < 0.85 ? [system] : [],
          outMedian: 1200,
          elicitOutMedian: 3000,
          reasoningShare: 0.7,
        }),
        model: { miniShare: 0, adoptAt: switches ? ctx.release + rng.uniform(1, 18) * HOUR : Infinity, newShare: 1 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges);
  return plans;
}

/**
 * System-prompt elicitation: a fleet that moved its request for the full reasoning out of its
 * prompts and into one configured system prompt (a published recipe that ordinary developers copy
 * too), so no request of its own asks for reasoning. Plain tasks, reasoning mode on, long answers;
 * sign-up in a few waves, mostly unique cards, a rotating residential proxy pool, no batch timing.
 */
function systemCot(ctx: BuildContext, spec: CampaignSpec): AccountPlan[] {
  const rng = ctx.rng;
  const pool = residentialPool(ctx, clamp(spec.accounts * 2, 40, 4000));
  const system = escapeInner(rng.pick(COT_SYSTEM_PROMPTS));
  const sharedCards = Array.from({ length: Math.max(1, Math.ceil(spec.accounts / 40)) }, () => newCard(rng));
  const ua = uaJson(rng.pick(SDK_USER_AGENTS));
  const plans: AccountPlan[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    const id = newAccountId(ctx);
    const country = pickCountry(rng);
    const created = ctx.start - (3 + 9 * rng.int(3)) * DAY + rng.uniform(0, 10) * HOUR;
    const start = ctx.start + rng.uniform(0, 24) * HOUR;
    plans.push(
      assemble({
        id,
        persona: 'system_cot',
        campaign: spec.id,
        truthExtra: { strategy: 'system_cot' },
        record: fleetRecord(ctx, id, created, country, 0.4, sharedCards, 0.2),
        keys: [newKey(rng)],
        start,
        end: lifetime(ctx, start, 0.2, 8),
        perDay: 1,
        sessionMean: 5,
        gapSec: 20,
        diurnal: FLAT_DIURNAL,
        utcOffset: 0,
        net: { mode: 'rotate', endpoints: pool, wander: 0 },
        content: content({
          mix: mixTable(spec.capabilities ?? { reasoning: 3, coding: 3, math: 2, agentic: 1 }),
          userAgents: [rng.next() < 0.8 ? ua : uaJson(rng.pick(SDK_USER_AGENTS))],
          systems: [system],
          benchShare: 0.2,
          maxTokens: [8192, 16384, 32768],
          outMedian: 2800,
          reasoningShare: 0.8,
          errorRate: 0.02,
        }),
        model: { miniShare: 0, adoptAt: ctx.release + rng.uniform(2, 48) * HOUR, newShare: 0.5 },
      }),
    );
  }
  rates(ctx, plans, spec.exchanges);
  return plans;
}

/**
 * Builders by strategy: (context, campaign spec) → plans.
 * @example STRATEGY_BUILDERS.hydra(ctx, { id: 'hydra-1', strategy: 'hydra', accounts: 600, exchanges: 156_000 })
 */
export const STRATEGY_BUILDERS: Readonly<Record<Strategy, (ctx: BuildContext, spec: CampaignSpec) => AccountPlan[]>> = {
  hydra,
  stealthy,
  reseller,
  slow_wide: slowWide,
  model_switch: modelSwitch,
  system_cot: systemCot,
};
