/**
 * Legitimate personas, including the hard negatives that share one attribute with a campaign
 * (one NAT, one VPN exit, one card, benchmark prompts, chain-of-thought wording, tools at volume).
 * Each builder turns a count of accounts into plans; rates are heavy-tailed (log-normal).
 */
import type { AccountPlan } from './plan.js';
import {
  type BuildContext,
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
import { AGENT_USER_AGENTS, CHAT_APP_USER_AGENTS, CLI_USER_AGENTS, SDK_USER_AGENTS, asnsOfKind, randomEndpoint, endpoint, type Endpoint } from './net.js';
import { assemble, content, legitAdoption, legitLifetime, mixTable, record, styleTable } from './plan-builder.js';
import { escapeInner } from './prompts.js';
import { PUBLIC_SYSTEM_PROMPTS, RECIPE_SHARE } from './recipes.js';
import { FLAT_DIURNAL, HUMAN_DIURNAL, SERVICE_DIURNAL } from './time.js';

export const PERSONAS = [
  'casual',
  'developer',
  'product_backend',
  'eval_harness',
  'synthetic_data',
  'university',
  'vpn_user',
  'company_team',
  'coding_agent',
] as const;
export type Persona = (typeof PERSONAS)[number];

/** Personas that share a campaign-like attribute: the false positives that matter. */
export const HARD_NEGATIVES: readonly Persona[] = [
  'product_backend',
  'eval_harness',
  'synthetic_data',
  'university',
  'vpn_user',
  'company_team',
  'coding_agent',
];

type Builder = (ctx: BuildContext, n: number) => AccountPlan[];

function homeEndpoints(ctx: BuildContext, country: string, n = 2): Endpoint[] {
  const res = asnsOfKind('residential', country);
  const mob = asnsOfKind('mobile', country);
  const out = [randomEndpoint(ctx.rng, ctx.rng.pick(res))];
  for (let i = 1; i < n; i++) out.push(randomEndpoint(ctx.rng, ctx.rng.pick(ctx.rng.next() < 0.5 ? mob : res)));
  return out;
}

function uas(ctx: BuildContext, lists: readonly (readonly string[])[]): string[] {
  return lists.map((l) => uaJson(ctx.rng.pick(l)));
}

/** One person using the API directly: casual or developer flavour. */
function individual(ctx: BuildContext, persona: Persona, dev: boolean, net?: (country: string) => AccountPlan['net']): AccountPlan {
  const rng = ctx.rng;
  const id = newAccountId(ctx);
  const country = pickCountry(rng);
  const [created, start, end] = legitLifetime(ctx);
  // a few configure a system prompt copied from a public recipe, the same ones fleets copy
  const recipe = rng.next() < (dev ? RECIPE_SHARE.developer : RECIPE_SHARE.casual) ? escapeInner(rng.pick(PUBLIC_SYSTEM_PROMPTS)) : '';
  return assemble({
    id,
    persona,
    campaign: null,
    record: record(id, created, {
      email_domain: freemailDomain(rng, country),
      payment_fingerprint: rng.next() < 0.85 ? newCard(rng) : undefined,
      country,
    }),
    keys: rng.next() < 0.2 ? [newKey(rng), newKey(rng)] : [newKey(rng)],
    start,
    end,
    perDay: dev ? clamp(rng.lognormal(20, 1.0), 0.5, 400) : clamp(rng.lognormal(4, 1.1), 0.3, 150),
    sessionMean: dev ? 6 : 3,
    gapSec: dev ? 45 : 70,
    weekend: dev ? 0.4 : 1.1,
    utcOffset: utcOffsetFor(rng, country),
    burst: 0.03,
    net: net ? net(country) : { mode: 'fixed', endpoints: homeEndpoints(ctx, country), wander: 0.15 },
    content: content(
      dev
        ? {
            mix: mixTable({ coding: 6, chat: 1, writing: 1, tool_use: 1, agentic: 0.5, reasoning: 0.6, math: 0.3, knowledge: 0.4 }),
            userAgents: uas(ctx, [SDK_USER_AGENTS, CLI_USER_AGENTS]),
            elicitShare: 0.03,
            maxTokens: [0, 4096, 8192, 16384],
            outMedian: 500,
            reasoningShare: 0.3,
            errorRate: 0.02,
            systems: recipe ? [recipe] : [],
          }
        : {
            mix: mixTable({ chat: 5, writing: 3, knowledge: 1, coding: 1, math: 0.5, reasoning: 0.5 }),
            userAgents: uas(ctx, [rng.next() < 0.5 ? CHAT_APP_USER_AGENTS : SDK_USER_AGENTS, CHAT_APP_USER_AGENTS]),
            elicitShare: 0.02,
            maxTokens: [0, 1024, 2048],
            outMedian: 250,
            systems: recipe ? [recipe, ''] : [],
          },
    ),
    model: legitAdoption(ctx, dev ? 0.8 : 0.55, dev ? 4 : 10, 0.8, dev ? 0.3 : 0.45),
  });
}

const casual: Builder = (ctx, n) => Array.from({ length: n }, () => individual(ctx, 'casual', false));
const developer: Builder = (ctx, n) => Array.from({ length: n }, () => individual(ctx, 'developer', ctx.rng.next() < 0.9));

/** Individuals behind commercial VPNs: exits shared by every VPN user in the scenario. */
function vpnUsers(ctx: BuildContext, n: number): AccountPlan[] {
  const vpn = asnsOfKind('vpn');
  const exits = Array.from({ length: 12 + Math.ceil(n / 25) }, () => randomEndpoint(ctx.rng, ctx.rng.pick(vpn)));
  return Array.from({ length: n }, () =>
    individual(ctx, 'vpn_user', ctx.rng.next() < 0.4, () => ({ mode: 'pool', endpoints: exits.slice(ctx.rng.int(exits.length - 4)), wander: 0 })),
  );
}

const COMPANIES = ['acme-robotics', 'northwind', 'bluefin-analytics', 'quillstone', 'harborlight', 'vexa-health', 'tallgrass', 'orbitly'];
const UNIVERSITIES = ['cs.stateuniversity.edu', 'uni-nordstadt.de', 'eng.ac.uk', 'polytech.edu', 'univ-lumiere.fr', 'tsinghai.edu.cn'];

/** Split n accounts into groups sized lo..hi. */
function groups(ctx: BuildContext, n: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  let left = n;
  while (left > 0) {
    const g = Math.min(left, ctx.rng.range(lo, hi));
    out.push(g);
    left -= g;
  }
  return out;
}

/** Students and staff behind one campus NAT: many accounts, one or two IPs, one ASN, sign-up waves at term start. */
function university(ctx: BuildContext, n: number): AccountPlan[] {
  const rng = ctx.rng;
  const out: AccountPlan[] = [];
  groups(ctx, n, 15, 60).forEach((size, gi) => {
    const asn = rng.pick(asnsOfKind('university'));
    const third = rng.int(256);
    const nat = [endpoint(asn, third, 1 + rng.int(250)), endpoint(asn, third, 1 + rng.int(250))];
    const domain = UNIVERSITIES[gi % UNIVERSITIES.length].replace(/^/, gi >= UNIVERSITIES.length ? `g${gi}.` : '');
    const termStart = agedCreation(ctx, 3, 40);
    for (let i = 0; i < size; i++) {
      const p = individual(ctx, 'university', rng.next() < 0.35, () => ({ mode: 'pool', endpoints: nat, wander: 0 }));
      const wave = rng.next() < 0.5;
      p.record.email_domain = rng.next() < 0.8 ? domain : p.record.email_domain;
      p.record.country = asn.country;
      if (wave) p.record.created_at = new Date(termStart + rng.next() * 2 * 86_400_000).toISOString();
      p.utcOffset = utcOffsetFor(rng, asn.country);
      p.perDay = clamp(rng.lognormal(6, 1.0), 0.3, 200);
      p.weekend = 0.6;
      p.content = { ...p.content, elicitShare: 0.06, mix: mixTable({ coding: 3, math: 2, writing: 2, chat: 2, knowledge: 2, reasoning: 1 }) };
      p.truth.group = `univ-${gi}`;
      out.push(p);
    }
  });
  return out;
}

/** A company's team on one corporate card, office NAT plus home offices. */
function companyTeam(ctx: BuildContext, n: number): AccountPlan[] {
  const rng = ctx.rng;
  const out: AccountPlan[] = [];
  groups(ctx, n, 4, 25).forEach((size, gi) => {
    const name = COMPANIES[gi % COMPANIES.length] + (gi >= COMPANIES.length ? `-${gi}` : '');
    const card = newCard(rng);
    const biz = rng.pick(asnsOfKind('business'));
    const office = [randomEndpoint(rng, biz), randomEndpoint(rng, biz)];
    const sdk = uaJson(rng.pick(SDK_USER_AGENTS));
    for (let i = 0; i < size; i++) {
      const p = individual(ctx, 'company_team', true, (country) => ({
        mode: 'fixed',
        endpoints: [office[i % 2], ...homeEndpoints(ctx, country, 1)],
        wander: 0.3,
      }));
      p.record.email_domain = `${name}.com`;
      p.record.payment_fingerprint = rng.next() < 0.9 ? card : newCard(rng);
      p.record.org = name;
      p.record.country = biz.country;
      p.utcOffset = utcOffsetFor(rng, biz.country);
      p.weekend = 0.15;
      p.content = { ...p.content, userAgents: [sdk, ...p.content.userAgents] };
      p.truth.group = `company-${gi}`;
      out.push(p);
    }
  });
  return out;
}

function cloudAccount(ctx: BuildContext, persona: Persona, org: string | undefined, verified: boolean): AccountPlan {
  const rng = ctx.rng;
  const id = newAccountId(ctx);
  const asn = rng.pick(asnsOfKind('cloud'));
  const third = rng.int(256);
  const eps = [0, 1, 2].map(() => endpoint(asn, third, 1 + rng.int(250)));
  return assemble({
    id,
    persona,
    campaign: null,
    record: record(id, agedCreation(ctx, 60, 900), {
      email_domain: org ? `${org}.com` : freemailDomain(rng, asn.country),
      payment_fingerprint: newCard(rng),
      country: asn.country,
      org,
      verified: verified || undefined,
    }),
    keys: [newKey(rng), newKey(rng)],
    start: ctx.start,
    end: ctx.end,
    perDay: 1,
    sessionMean: 50,
    gapSec: 20,
    diurnal: SERVICE_DIURNAL,
    weekend: 0.8,
    utcOffset: utcOffsetFor(rng, asn.country),
    net: { mode: 'pool', endpoints: eps, wander: 0 },
    content: content({ mix: mixTable({ chat: 1 }), userAgents: [uaJson(rng.pick(SDK_USER_AGENTS))] }),
    model: legitAdoption(ctx, 0.3, 20, 0.6, 0.5),
  });
}

const PRODUCTS = ['helpdesk-ai', 'shopmate', 'lexiform', 'tripwise', 'notegrid', 'codereviewly'];

/** One product's backend: one account, steady high volume, one prompt template. */
const productBackend: Builder = (ctx, n) =>
  Array.from({ length: n }, (_, i) => {
    const name = PRODUCTS[i % PRODUCTS.length] + (i >= PRODUCTS.length ? `-${i}` : '');
    const p = cloudAccount(ctx, 'product_backend', name, ctx.rng.next() < 0.5);
    p.perDay = clamp(ctx.rng.lognormal(1200, 0.7), 200, 20000);
    p.content = {
      ...p.content,
      mix: mixTable(ctx.rng.next() < 0.5 ? { chat: 3, writing: 2 } : { coding: 3, writing: 1 }),
      prefix: escapeInner(`[${name}] Handle the following user request concisely:\n\n`),
      systems: [escapeInner(`You are the assistant inside ${name}. Be brief, friendly and accurate.`)],
      maxTokens: [1024],
      outMedian: 160,
      reasoningShare: 0,
      // Its users' own words pass through: now and then one asks for the reasoning step by step,
      // about as often as people do directly (casual 2 %, developers 3 %). At this volume that is
      // dozens to hundreds of reasoning requests a day from one key: the hard negative for any
      // count-based elicitation rule.
      elicitShare: 0.025,
    };
    return p;
  });

const LABS = ['open-eval-lab', 'benchmarks-collective', 'helm-like-evals', 'safety-evals-inst'];

/** Evaluation harnesses: benchmark items in order, at volume, with chain-of-thought prompts; declared org. */
const evalHarness: Builder = (ctx, n) =>
  Array.from({ length: n }, (_, i) => {
    const rng = ctx.rng;
    const p = cloudAccount(ctx, 'eval_harness', LABS[i % LABS.length] + (i >= LABS.length ? `-${i}` : ''), rng.next() < 0.7);
    p.perDay = clamp(rng.lognormal(1500, 0.7), 100, 20000);
    p.sessionMean = 400;
    p.gapMean = 1500;
    p.diurnal = HUMAN_DIURNAL;
    p.weekend = 0.4;
    p.content = {
      ...p.content,
      mix: mixTable({ math: 3, coding: 3, knowledge: 3, tool_use: 1, reasoning: 1 }),
      userAgents: [uaJson(rng.pick(['lm-eval/0.4.5', 'inspect-ai/0.3.58', 'python-httpx/0.27.2', 'OpenAI/Python 1.54.0']))],
      benchShare: 0.9,
      elicitShare: 0.5,
      styles: styleTable(1, 0, 0, 0),
      maxTokens: [2048, 4096],
      outMedian: 350,
      elicitOutMedian: 700,
      reasoningShare: 0.5,
    };
    // Harnesses benchmark a new model within days of its release.
    p.model = { miniShare: 0.3, adoptAt: rng.next() < 0.9 ? ctx.release + rng.uniform(0.1, 3) * 86_400_000 : Infinity, newShare: 0.5 };
    return p;
  });

/** Declared, verified synthetic-data companies: reasoning traces at volume, under agreement. */
function syntheticData(ctx: BuildContext, n: number): AccountPlan[] {
  const rng = ctx.rng;
  const out: AccountPlan[] = [];
  groups(ctx, n, 1, 3).forEach((size, gi) => {
    const org = ['synthera-labs', 'datagen-co', 'tracewise'][gi % 3] + (gi >= 3 ? `-${gi}` : '');
    const card = newCard(rng);
    for (let i = 0; i < size; i++) {
      const p = cloudAccount(ctx, 'synthetic_data', org, true);
      p.record.payment_fingerprint = card;
      p.perDay = clamp(rng.lognormal(2500, 0.6), 300, 40000);
      p.sessionMean = 200;
      p.gapMean = 2000;
      p.diurnal = FLAT_DIURNAL;
      p.weekend = 1;
      p.content = {
        ...p.content,
        mix: mixTable({ coding: 3, math: 2, reasoning: 2, agentic: 1, writing: 1 }),
        elicitShare: 0.6,
        styles: styleTable(3, 0, 2, 1),
        systems: [escapeInner(`Synthetic data generation for ${org} (declared use, agreement on file).`)],
        maxTokens: [8192],
        outMedian: 900,
        reasoningShare: 0.6,
      };
      p.model = { miniShare: 0.2, adoptAt: ctx.release + rng.uniform(1, 6) * 86_400_000, newShare: 0.6 };
      p.truth.group = `synth-${gi}`;
      out.push(p);
    }
  });
  return out;
}

/** Coding agents: long agentic sessions with tools, thousands of calls a day. */
const codingAgent: Builder = (ctx, n) =>
  Array.from({ length: n }, () => {
    const rng = ctx.rng;
    const p = individual(ctx, 'coding_agent', true);
    p.perDay = clamp(rng.lognormal(1500, 0.6), 200, 10000);
    p.sessionMean = 60;
    p.gapMean = 8000;
    p.weekend = 0.35;
    p.content = {
      ...p.content,
      mix: mixTable({ agentic: 5, long_horizon: 2, coding: 3 }),
      userAgents: [uaJson(rng.pick(AGENT_USER_AGENTS))],
      agent: true,
      elicitShare: 0,
      maxTokens: [8192, 16384, 32000],
      outMedian: 400,
      reasoningShare: 0.4,
    };
    return p;
  });

/**
 * Builders by persona: (context, number of accounts) → plans.
 * @example PERSONA_BUILDERS.university(ctx, 40) // 40 plans behind one or two campus NATs
 */
export const PERSONA_BUILDERS: Readonly<Record<Persona, Builder>> = {
  casual,
  developer,
  product_backend: productBackend,
  eval_harness: evalHarness,
  synthetic_data: syntheticData,
  university,
  vpn_user: vpnUsers,
  company_team: companyTeam,
  coding_agent: codingAgent,
};
