import { describe, expect, it } from 'vitest';
import type { AccountRecord, Exchange } from '../core/exchange.js';
import { renderHtml } from '../report/html.js';
import { buildReport } from '../report/model.js';
import { loadConfig } from '../rules/load.js';
import { createDetector } from './detector.js';
import { byTime } from './testing/world.js';

/**
 * A slow fleet seen on the exchange log alone (no accounts file): each account sends a few
 * reasoning-harvesting requests a day through a small residential proxy pool (so fleet accounts
 * share /24s now and then) with one configured system prompt. Without the system prompt link the
 * only coordination the log shows is the network, one family, which never makes a campaign.
 */
function world(opts: { fleetSystem: (k: number) => string; ordinarySystem?: string; ordinary?: number }): Exchange[] {
  const out: Exchange[] = [];
  const start = Date.parse('2026-03-02T00:00:00Z');
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pool = ['198.51.100', '203.0.113', '192.0.2', '100.64.1', '100.64.2', '100.64.3'];
  for (let k = 0; k < 12; k++) {
    for (let n = 0; n < 14; n++) {
      const t = start + k * 1_700_000 + n * 4 * 3_600_000 + Math.floor(rnd() * 3_000_000);
      out.push({
        id: '', ts: new Date(t).toISOString(), account: `fleet_${k}`, ip: `${pool[Math.floor(rnd() * pool.length)]}.${1 + Math.floor(rnd() * 200)}`,
        asn: 64500 + Math.floor(rnd() * 40), user_agent: 'python-requests/2.32.3', model: 'atlas-4', reasoning: true, max_tokens: 32768,
        system: opts.fleetSystem(k),
        messages: [{ role: 'user', content: `Implement task ${k * 100 + n}: a function that returns the ${n + 3}-th prime.${n % 3 === 2 ? '' : '\n\nWrite out your complete reasoning, then give the final answer.'}` }],
        input_tokens: 40, output_tokens: 1800,
      });
    }
  }
  for (let k = 0; k < (opts.ordinary ?? 0); k++) {
    for (let n = 0; n < 10; n++) {
      const t = start + k * 900_000 + n * 5 * 3_600_000 + Math.floor(rnd() * 3_000_000);
      out.push({
        id: '', ts: new Date(t).toISOString(), account: `user_${k}`, ip: `10.${k}.0.${1 + n}`, asn: 64000 + k, user_agent: 'Mozilla/5.0', model: 'atlas-4',
        system: opts.ordinarySystem, messages: [{ role: 'user', content: `Help me plan a trip to city number ${k * 10 + n}.` }], input_tokens: 30, output_tokens: 300,
      });
    }
  }
  return out.sort(byTime);
}

function scan(exchanges: Exchange[], records: AccountRecord[] = []) {
  const d = createDetector();
  for (const r of records) d.addAccount(r);
  for (const e of exchanges) d.observe(e);
  return d.result();
}

/** 4 ordinary accounts × 40 exchanges beside the fleet (built by `exchange(k, n)`), with the accounts file. */
function scanWithOrdinary(fleetSystem: string, exchange: (k: number, n: number) => Exchange, records: AccountRecord[]) {
  const ordinary: Exchange[] = [];
  for (let k = 0; k < 4; k++) for (let n = 0; n < 40; n++) ordinary.push(exchange(k, n));
  return scan([...world({ fleetSystem: () => fleetSystem }), ...ordinary].sort(byTime), records);
}

/** When the fleet signed up (a wave before world() starts). */
const FLEET_WAVE = Date.parse('2026-02-20T03:00:00Z');

/** The fleet's account ids in world(). */
function fleetIds(): string[] {
  return Array.from({ length: 12 }, (_, k) => `fleet_${k}`);
}

/** What ordinary developers ask (no request for reasoning of their own). */
const DEV_ASKS = [
  'Refactor the billing module to use async I/O.',
  'Why does this SQL query do a full table scan?',
  'Write a unit test for the invoice parser.',
  'Summarise the pull request description below for the changelog.',
  'How do I configure retries with exponential backoff in our HTTP client?',
  'Translate this error message into plain English for a support article.',
  'Draft a migration plan from Postgres 13 to 16.',
];

const RECIPE = 'You are an expert problem solver. Always give exhaustive, step-by-step solutions with complete reasoning.';
/** The other published recipe that asks for the complete reasoning. */
const RECIPE_ALL_STEPS = 'Respond as a world-class expert. Include all intermediate reasoning and a final answer.';

/** The fleet's sign-ups: one wave (10 minutes apart) and one e-mail provider. */
function fleetSignups(): AccountRecord[] {
  return fleetIds().map((account, k) => ({ account, created_at: new Date(FLEET_WAVE + k * 600_000).toISOString(), email_domain: 'mailbox.example' }));
}

/** Four of world()'s proxy /24s. */
const FLEET_POOL = ['198.51.100', '203.0.113', '192.0.2', '100.64.1'];

/**
 * Four coding agents beside the fleet, with the recipe (standing elicitation), tool schemas and
 * reasoning mode, each exchange from `ip(k, n)`; returns the agents flagged `attack` (after
 * checking the fleet still is).
 */
function flaggedRecipeAgents(ip: (k: number, n: number) => string): string[] {
  const recipe = RECIPE_ALL_STEPS;
  const start = Date.parse('2026-03-02T00:00:00Z');
  const r = scanWithOrdinary(
    recipe,
    (k, n) => ({
      id: '', ts: new Date(start + k * 700_000 + n * 1_800_000 + ((n * n * 7919 + k * 104_729) % 900_000)).toISOString(), account: `agent_${k}`, ip: ip(k, n), asn: 64500 + k,
      user_agent: 'OpenAI/Python 1.54.0', model: 'atlas-4', reasoning: true, max_tokens: 32768, system: recipe, tools: ['bash', 'read_file', 'edit_file'],
      messages: [{ role: 'user', content: `Fix the failing test in module ${n % 5} of service ${k}.` }], input_tokens: 300, output_tokens: 2400,
    }),
    [],
  );
  expect(r.accounts.filter((a) => a.account.startsWith('fleet_') && a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
  const agents = r.accounts.filter((a) => a.account.startsWith('agent_'));
  expect(agents.length).toBe(4);
  return agents.filter((a) => a.verdict === 'attack').map((a) => a.account);
}

/**
 * Three accounts that sign up in the fleet's wave and start after it is flagged (day 3), sending
 * world()'s quiet requests (reasoning asked only by the recipe in the system prompt) from `ip(k, n)`;
 * returns their verdicts after checking the fleet is flagged.
 */
function lateJoiners(ip: (k: number, n: number) => string) {
  const recipe = RECIPE_ALL_STEPS;
  const quiet = (e: Exchange): Exchange => ({
    ...e,
    messages: e.messages.map((m) => ({ ...m, content: m.content.replace('\n\nWrite out your complete reasoning, then give the final answer.', '') })),
  });
  const fleet = world({ fleetSystem: () => recipe }).map(quiet);
  const start = Date.parse('2026-03-05T00:00:00Z');
  const late: Exchange[] = [];
  for (let k = 0; k < 3; k++) {
    for (let n = 0; n < 14; n++) {
      late.push(quiet({
        id: '', ts: new Date(start + k * 1_300_000 + n * 3 * 3_600_000 + ((n * n * 7919 + k * 104_729) % 2_000_000)).toISOString(), account: `late_${k}`, ip: ip(k, n),
        asn: 64500 + k, user_agent: 'python-requests/2.32.3', model: 'atlas-4', reasoning: true, max_tokens: 32768, system: recipe,
        messages: [{ role: 'user', content: `Implement task ${900 + k * 100 + n}: a function that returns the ${n + 3}-th prime.` }], input_tokens: 40, output_tokens: 1800,
      }));
    }
  }
  const records = [...fleetSignups(), ...[0, 1, 2].map((k) => ({ account: `late_${k}`, created_at: new Date(FLEET_WAVE + 7_300_000 + k * 600_000).toISOString(), email_domain: 'mailbox.example' }))];
  const r = scan([...fleet, ...late].sort(byTime), records);
  expect(r.accounts.filter((a) => a.account.startsWith('fleet_') && a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
  return [0, 1, 2].map((k) => r.accounts.find((a) => a.account === `late_${k}`)!);
}

describe('system prompt as a coordination link (template family)', () => {
  it('true case: a fleet sharing one system prompt and a proxy pool is a campaign on the log alone', () => {
    const r = scan(world({ fleetSystem: () => RECIPE }));
    const fleet = r.accounts.filter((a) => a.account.startsWith('fleet_'));
    expect(fleet.filter((a) => a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    const c = r.campaigns.find((x) => x.indicators.some((i) => i.kind === 'system_prompt'));
    expect(c, 'a campaign names the system prompt as an indicator').toBeDefined();
    const reasons = fleet.find((a) => a.verdict === 'attack')!.reasons;
    expect(reasons.some((x) => x.rule === 'campaign-shared-system-prompt' && x.evidence.includes('You are an expert problem solver'))).toBe(true);
  });

  it('the system prompt is shown by its text, not its hash: in campaigns.json and in member evidence', () => {
    const r = scan(world({ fleetSystem: () => RECIPE }));
    const c = r.campaigns.find((x) => x.indicators.some((i) => i.kind === 'system_prompt'))!;
    const ind = c.indicators.find((i) => i.kind === 'system_prompt')!;
    expect(ind.value).toMatch(/^\d+$/);
    expect(ind.text).toBe(RECIPE.slice(0, 77) + '…');
    const members = r.accounts.flatMap((a) => a.reasons).filter((x) => x.rule === 'campaign-member' && x.evidence.includes('system_prompt'));
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) {
      expect(m.evidence).toContain('system_prompt "You are an expert problem solver');
      expect(m.evidence).not.toContain(`system_prompt "${ind.value}"`);
    }
  });

  it('true case: a fleet that asks for the reasoning only in its system prompt, never in its requests, is still a campaign', () => {
    const recipe = RECIPE_ALL_STEPS;
    const quiet = world({ fleetSystem: () => recipe }).map((e) => ({
      ...e,
      messages: e.messages.map((m) => ({ ...m, content: m.content.replace('\n\nWrite out your complete reasoning, then give the final answer.', '') })),
    }));
    expect(quiet.some((e) => e.messages.some((m) => m.content.includes('reasoning')))).toBe(false);
    const records = fleetSignups();
    const fleet = scan(quiet, records).accounts.filter((a) => a.account.startsWith('fleet_'));
    expect(fleet.filter((a) => a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    const reasons = fleet.find((a) => a.verdict === 'attack')!.reasons;
    expect(reasons.some((x) => x.rule === 'system-prompt-elicitation' && x.evidence.includes('system prompt that demands the full reasoning'))).toBe(true);
    // the link that lets it count: the proxy pool's subnets (specific), not only the sign-up traits and the recipe
    // (a member, or linked to campaigns several of whose fleets share those exits)
    expect(reasons.find((x) => x.rule === 'campaign-member' || x.rule === 'campaign-linked')?.evidence).toMatch(/subnet|ip /);
  });

  it('a member linked without shared infrastructure is scored and explained without its standing elicitation', () => {
    // the fleet asks for reasoning in its requests too and shares a prompt template, a sign-up
    // wave and an e-mail provider, but each account has its own address: no payment, no subnets
    const recipe = RECIPE_ALL_STEPS;
    const own = world({ fleetSystem: () => recipe }).map((e, n) => ({ ...e, ip: `10.${Number(e.account.slice(6))}.${n % 3}.9` }));
    const records = fleetSignups();
    const fleet = scan(own, records).accounts.filter((a) => a.account.startsWith('fleet_'));
    const flagged = fleet.filter((a) => a.verdict === 'attack');
    expect(flagged.length).toBeGreaterThanOrEqual(10);
    for (const a of flagged) {
      expect(a.reasons.find((x) => x.rule === 'campaign-member')?.evidence).not.toMatch(/subnet|payment/);
      expect(a.reasons.map((x) => x.rule)).not.toContain('system-prompt-elicitation');
    }
  });

  it('false case: the same fleet with a system prompt of its own per account shows one family (network) and is no campaign', () => {
    const r = scan(world({ fleetSystem: (k) => `You are assistant number ${'abcdefghijkl'[k]} of a private project ${k * 7919}.` }));
    expect(r.campaigns).toEqual([]);
    expect(r.accounts.filter((a) => a.verdict === 'attack')).toEqual([]);
  });

  it('false case: a stock system prompt sent mostly by ordinary customers is no indicator, and no ordinary account is flagged', () => {
    const r = scan(world({ fleetSystem: () => RECIPE, ordinarySystem: RECIPE, ordinary: 60 }));
    for (const c of r.campaigns) expect(c.indicators.some((i) => i.kind === 'system_prompt')).toBe(false);
    expect(r.accounts.filter((a) => a.account.startsWith('user_') && a.verdict !== 'clear')).toEqual([]);
  });

  it('false case: developers who copied the fleet\'s public recipe (it asks for complete reasoning) and share its e-mail provider are not flagged', () => {
    // the recipe's request for reasoning is a standing instruction, not their own requests: without
    // that, every one of their exchanges counted as chain-of-thought elicitation and the e-mail
    // provider (0.4) + system prompt (0.3) made them members
    const recipe = RECIPE_ALL_STEPS;
    const start = Date.parse('2026-03-02T00:00:00Z');
    const r = scanWithOrdinary(
      recipe,
      (k, n) => ({
        id: '', ts: new Date(start + k * 600_000 + n * 2_400_000 + ((n * n * 7919 + k * 104_729) % 1_900_000)).toISOString(), account: `dev_${k}`, ip: `10.9.${k}.7`, asn: 64300 + k,
        user_agent: 'OpenAI/Python 1.54.0', model: 'atlas-4', reasoning: true, system: recipe,
        messages: [{ role: 'user', content: DEV_ASKS[(n + k) % DEV_ASKS.length] }], input_tokens: 30, output_tokens: 1200,
      }),
      [...fleetIds(), ...[0, 1, 2, 3].map((k) => `dev_${k}`)].map((account) => ({ account, email_domain: 'mailbox.example' })),
    );
    expect(r.accounts.filter((a) => a.account.startsWith('fleet_') && a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    expect(r.accounts.filter((a) => a.account.startsWith('dev_') && a.verdict === 'attack').map((a) => a.account)).toEqual([]);
  });

  it('false case: students who signed up in the fleet\'s week and use its recipe, with some reasoning requests of their own, are not flagged', () => {
    // sign-up week (0.3) + a system prompt without a template (0.3) is a generic link: it needs
    // suspect-level behaviour of the account's own, not only campaign-core behaviour
    const start = Date.parse('2026-03-02T00:00:00Z');
    const wave = FLEET_WAVE;
    const r = scanWithOrdinary(
      RECIPE,
      (k, n) => ({
        // five a day in study hours, jittered by up to 90 min: a human rhythm
        id: '', ts: new Date(start + Math.floor(n / 5) * 86_400_000 + [8, 10, 13, 14, 19][n % 5] * 3_600_000 + ((n * n * 7919 + k * 104_729) % 5_400_000)).toISOString(), account: `student_${k}`, ip: `10.8.${k}.7`, asn: 64200 + k,
        user_agent: 'Mozilla/5.0', model: 'atlas-4', reasoning: n % 3 !== 0, system: RECIPE,
        messages: [{ role: 'user', content: DEV_ASKS[(n + k) % DEV_ASKS.length] + (n % 7 === 3 ? ' Write out your complete reasoning, then give the final answer.' : '') }], input_tokens: 40, output_tokens: 700,
      }),
      [
        ...fleetIds().map((account, k) => ({ account, created_at: new Date(wave + k * 600_000).toISOString() })),
        ...[0, 1, 2, 3].map((k) => ({ account: `student_${k}`, created_at: new Date(wave + 1_800_000 + k * 900_000).toISOString() })),
      ],
    );
    expect(r.accounts.filter((a) => a.account.startsWith('fleet_') && a.verdict === 'attack').length).toBeGreaterThanOrEqual(10);
    const students_ = r.accounts.filter((a) => a.account.startsWith('student_'));
    expect(students_.filter((a) => a.verdict === 'attack').map((a) => a.account)).toEqual([]);
    // their own behaviour is campaign-core level, not suspect level (the test is about the link)
    const v = loadConfig().verdict;
    for (const a of students_) expect(a.score).toBeGreaterThanOrEqual(v.member_behaviour_min);
    for (const a of students_) expect(a.score).toBeLessThan(v.member_solo_behaviour_min);
  });

  it('false case: coding agents that use the recipe from a home address in one of the fleet\'s proxy /24s are not flagged', () => {
    // recipe (standing elicitation) + tool schemas + reasoning mode, one /24 shared with the fleet's
    // exits: a home user next to a residential proxy exit, not a fleet rotating through its pool
    expect(flaggedRecipeAgents((k) => `${FLEET_POOL[k]}.${240 + k}`)).toEqual([]);
  });

  it('false case: coding agents with the recipe whose home and phone are two of the fleet\'s exit /24s are not flagged: two addresses are no rotation', () => {
    // standing elicitation counts through a proxy pool only for an account that has used
    // rotation_min_subnets distinct /24s; counting "two subnets among the linking values" flagged these
    expect(flaggedRecipeAgents((k, n) => `${FLEET_POOL[(k + (n % 2)) % 4]}.${240 + k}`)).toEqual([]);
  });

  it('true case: late fleet accounts whose first /24s are fresh and whose later ones are the pool\'s exits are flagged, the exits named', () => {
    // an account keeps its first three subnets as slots; a fleet account draws a new /24 from a
    // pool of hundreds almost every request, so the campaign's exits come later: counted then
    const late = lateJoiners((k, n) => (n < 4 ? `10.77.${k * 10 + n}.5` : `${FLEET_POOL[(k + n) % 4]}.${100 + n}`));
    expect(late.map((a) => a.verdict)).toEqual(['attack', 'attack', 'attack']);
    for (const a of late) {
      const member = a.reasons.find((x) => x.rule === 'campaign-member' || x.rule === 'campaign-linked')!;
      expect(member.evidence.match(/subnet "/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(a.reasons.map((x) => x.rule)).toContain('system-prompt-elicitation');
    }
  });

  it('false case: the same late accounts rotating through /24s the fleet never used stay clear', () => {
    const late = lateJoiners((k, n) => `10.77.${k * 20 + n}.5`);
    expect(late.map((a) => a.verdict)).toEqual(['clear', 'clear', 'clear']);
  });

  it('hostile input: a system prompt carrying HTML reaches the evidence as text and the report escapes it', () => {
    const hostile = '</script><img src=x onerror=alert(1)> You are an expert problem solver; give complete reasoning.';
    const r = scan(world({ fleetSystem: () => hostile }));
    const reason = r.accounts.flatMap((a) => a.reasons).find((x) => x.rule === 'campaign-shared-system-prompt');
    expect(reason?.evidence).toContain('<img src=x onerror=alert(1)>');
    const report = buildReport(r);
    const shown = report.campaigns.flatMap((c) => c.indicators).find((i) => i.kind === 'system_prompt');
    expect(shown?.text).toContain('<img src=x onerror=alert(1)>');
    const page = renderHtml(report);
    expect(page).not.toContain('<img src=x onerror=alert(1)>');
    expect(page).not.toContain('</script><img');
    // present, escaped inside the page's JSON data
    expect(page).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
  });
});
