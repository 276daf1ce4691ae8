/**
 * Build every account plan of a scenario for a seed: legit personas, then campaigns; sorted by
 * account id, so the order of accounts.jsonl says nothing about who is who.
 */
import type { AccountPlan } from './plan.js';
import type { BuildContext } from './identity.js';
import { PERSONAS, PERSONA_BUILDERS } from './personas.js';
import { hash32, Rng } from './rng.js';
import type { Scenario } from './scenarios.js';
import { STRATEGY_BUILDERS } from './strategies.js';
import { DAY } from './time.js';

export interface Population {
  scenario: Scenario;
  seed: number;
  start: number;
  end: number;
  release: number;
  plans: AccountPlan[];
}

/**
 * @example buildPopulation(scenario('small'), 1).plans.length // ~420
 */
export function buildPopulation(sc: Scenario, seed: number): Population {
  const start = Date.parse(sc.start);
  const end = start + sc.days * DAY;
  const release = start + sc.releaseDay * DAY;
  const ctx: BuildContext = { rng: new Rng(hash32('population', sc.name, seed)), start, end, release, ids: new Set() };
  const plans: AccountPlan[] = [];
  for (const persona of PERSONAS) {
    const n = sc.personas[persona] ?? 0;
    if (n <= 0) continue;
    const built = PERSONA_BUILDERS[persona](ctx, n);
    const v = sc.volume?.[persona] ?? 1;
    if (v !== 1) for (const p of built) p.perDay *= v;
    plans.push(...built);
  }
  for (const spec of sc.campaigns) {
    if (spec.accounts <= 0) continue;
    const built = STRATEGY_BUILDERS[spec.strategy](ctx, spec);
    const e = spec.elicitScale ?? 1;
    if (e !== 1) for (const p of built) p.content = { ...p.content, elicitShare: p.content.elicitShare * e };
    plans.push(...built);
  }
  plans.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  internContent(plans);
  return { scenario: sc, seed, start, end, release, plans };
}

/**
 * Accounts with equal content parameters share one (read-only) ContentPlan object: fewer objects,
 * and the few shared ones stay in cache on the output hot path.
 */
function internContent(plans: AccountPlan[]): void {
  const seen = new Map<string, AccountPlan['content']>();
  for (const p of plans) {
    const key = JSON.stringify(p.content);
    const hit = seen.get(key);
    if (hit) p.content = hit;
    else seen.set(key, p.content);
  }
}

/** Expected number of exchanges (for progress bars): Σ perDay × active days. */
export function expectedExchanges(pop: Population): number {
  let total = 0;
  for (const p of pop.plans) total += (p.perDay * Math.max(0, Math.min(p.end, pop.end) - p.start)) / DAY;
  return Math.round(total);
}
