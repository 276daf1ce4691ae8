/**
 * Named scenarios: which personas and campaigns, how many, over how long. `--scale X` multiplies
 * account counts and campaign volumes. Numbers for seed-scale follow the public 2026 report:
 * 25,000 campaign accounts, 28.8 M campaign exchanges in 45 days, inside more legit traffic.
 */
import type { CampaignSpec } from './strategies.js';
import type { Persona } from './personas.js';

export interface Scenario {
  name: string;
  description: string;
  /** Window start (ISO, UTC) and length in days. */
  start: string;
  days: number;
  /** When the new model is released, in days from the start. */
  releaseDay: number;
  personas: Readonly<Record<Persona, number>>;
  /** Optional multipliers on a persona's daily volume (keeps small scenarios small). */
  volume?: Readonly<Partial<Record<Persona, number>>>;
  campaigns: readonly CampaignSpec[];
}

const SMALL: Scenario = {
  name: 'small',
  description: 'Seconds to generate; every persona and every campaign strategy; for tests and tuning.',
  start: '2026-03-02T00:00:00.000Z',
  days: 3,
  releaseDay: 1.5,
  personas: {
    casual: 150,
    developer: 40,
    product_backend: 1,
    eval_harness: 1,
    synthetic_data: 1,
    university: 30,
    vpn_user: 20,
    company_team: 12,
    coding_agent: 2,
  },
  volume: { eval_harness: 0.25, coding_agent: 0.4, synthetic_data: 0.5 },
  campaigns: [
    { id: 'hydra-1', strategy: 'hydra', accounts: 60, exchanges: 4700 },
    { id: 'stealthy-1', strategy: 'stealthy', accounts: 12, exchanges: 1000 },
    { id: 'reseller-1', strategy: 'reseller', accounts: 2, exchanges: 1800 },
    { id: 'slow-wide-1', strategy: 'slow_wide', accounts: 80, exchanges: 960 },
    { id: 'switch-1', strategy: 'model_switch', accounts: 20, exchanges: 1600 },
    { id: 'system-cot-1', strategy: 'system_cot', accounts: 24, exchanges: 1400 },
  ],
};

const MEDIUM: Scenario = {
  name: 'medium',
  description: 'About a million exchanges over 10 days.',
  start: '2026-03-02T00:00:00.000Z',
  days: 10,
  releaseDay: 5,
  personas: {
    casual: 1500,
    developer: 300,
    product_backend: 8,
    eval_harness: 6,
    synthetic_data: 3,
    university: 200,
    vpn_user: 150,
    company_team: 80,
    coding_agent: 12,
  },
  campaigns: [
    { id: 'hydra-1', strategy: 'hydra', accounts: 600, exchanges: 156_000 },
    { id: 'stealthy-1', strategy: 'stealthy', accounts: 40, exchanges: 12_000 },
    { id: 'reseller-1', strategy: 'reseller', accounts: 4, exchanges: 40_000 },
    { id: 'slow-wide-1', strategy: 'slow_wide', accounts: 1000, exchanges: 40_000 },
    { id: 'switch-1', strategy: 'model_switch', accounts: 120, exchanges: 31_000 },
    { id: 'system-cot-1', strategy: 'system_cot', accounts: 200, exchanges: 30_000 },
  ],
};

const SEED_SCALE: Scenario = {
  name: 'seed-scale',
  description: '25,000 campaign accounts and 28.8 M campaign exchanges over 45 days, inside ~34 M legit exchanges.',
  start: '2026-01-05T00:00:00.000Z',
  days: 45,
  releaseDay: 30,
  personas: {
    casual: 40_000,
    developer: 5_000,
    product_backend: 40,
    eval_harness: 15,
    synthetic_data: 6,
    university: 3_000,
    vpn_user: 3_000,
    company_team: 1_500,
    coding_agent: 40,
  },
  campaigns: [
    { id: 'hydra-1', strategy: 'hydra', accounts: 12_000, exchanges: 14_000_000 },
    { id: 'hydra-2', strategy: 'hydra', accounts: 5_000, exchanges: 5_800_000 },
    { id: 'system-cot-1', strategy: 'system_cot', accounts: 1_000, exchanges: 1_200_000 },
    { id: 'slow-wide-1', strategy: 'slow_wide', accounts: 4_000, exchanges: 720_000 },
    { id: 'stealthy-1', strategy: 'stealthy', accounts: 1_500, exchanges: 1_980_000 },
    { id: 'switch-1', strategy: 'model_switch', accounts: 1_480, exchanges: 3_500_000 },
    { id: 'reseller-1', strategy: 'reseller', accounts: 20, exchanges: 1_600_000 },
  ],
};

const HARD: Scenario = {
  name: 'hard',
  description: 'Stealthy, reseller, slow-and-wide and system-prompt-elicitation campaigns among many hard-negative legit users.',
  start: '2026-03-02T00:00:00.000Z',
  days: 10,
  releaseDay: 4,
  personas: {
    casual: 1000,
    developer: 300,
    product_backend: 10,
    eval_harness: 10,
    synthetic_data: 4,
    university: 600,
    vpn_user: 600,
    company_team: 300,
    coding_agent: 20,
  },
  campaigns: [
    { id: 'stealthy-1', strategy: 'stealthy', accounts: 60, exchanges: 18_000 },
    { id: 'reseller-1', strategy: 'reseller', accounts: 3, exchanges: 40_000 },
    { id: 'slow-wide-1', strategy: 'slow_wide', accounts: 1500, exchanges: 60_000 },
    { id: 'system-cot-1', strategy: 'system_cot', accounts: 120, exchanges: 15_000 },
  ],
};

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  small: SMALL,
  medium: MEDIUM,
  'seed-scale': SEED_SCALE,
  hard: HARD,
};

/**
 * Look up a scenario and apply --scale (account counts and campaign volumes; every persona and
 * campaign present in the base keeps at least one account) and --elicit-scale (every campaign's
 * share of reasoning-eliciting requests, 0–1; legitimate personas are unchanged).
 * @example scenario('small', 2).personas.casual // 300
 * @example scenario('small', 1, 0).campaigns[0].elicitScale // 0
 */
export function scenario(name: string, scale = 1, elicitScale = 1): Scenario {
  const base = SCENARIOS[name];
  if (!base) throw new Error(`unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`--scale must be a positive number, got ${scale}`);
  if (!(elicitScale >= 0 && elicitScale <= 1)) throw new Error(`--elicit-scale must be a number from 0 to 1, got ${elicitScale}`);
  if (scale === 1 && elicitScale === 1) return base;
  const n = (x: number): number => (x > 0 ? Math.max(1, Math.round(x * scale)) : 0);
  const e = elicitScale === 1 ? {} : { elicitScale };
  return {
    ...base,
    personas: Object.fromEntries(Object.entries(base.personas).map(([k, v]) => [k, n(v)])) as Record<Persona, number>,
    campaigns: base.campaigns.map((c) => ({ ...c, accounts: n(c.accounts), exchanges: Math.round(c.exchanges * scale), ...e })),
  };
}
