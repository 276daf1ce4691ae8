import { describe, expect, it } from 'vitest';
import { DAY } from './time.js';
import { buildPopulation, expectedExchanges } from './population.js';
import { SCENARIOS, scenario } from './scenarios.js';
import { PERSONAS } from './personas.js';
import { STRATEGIES } from './strategies.js';

describe('scenarios', () => {
  it('seed-scale matches the public report: 25,000 campaign accounts, 28.8 M campaign exchanges in 45 days', () => {
    const sc = scenario('seed-scale');
    expect(sc.days).toBe(45);
    expect(sc.campaigns.reduce((s, c) => s + c.accounts, 0)).toBe(25_000);
    expect(sc.campaigns.reduce((s, c) => s + c.exchanges, 0)).toBe(28_800_000);
  });

  it('seed-scale plans that much campaign traffic and at least as much legit traffic', () => {
    const pop = buildPopulation(scenario('seed-scale'), 1);
    const attack = pop.plans.filter((p) => p.truth.label === 'attack');
    const legit = pop.plans.filter((p) => p.truth.label === 'legit');
    expect(attack.length).toBe(25_000);
    const planned = (ps: typeof pop.plans): number => ps.reduce((s, p) => s + (p.perDay * (p.end - p.start)) / DAY, 0);
    // Per-account jitter and the slow-and-wide 2–6/day clamp move the total a little.
    expect(planned(attack)).toBeGreaterThan(28_800_000 * 0.9);
    expect(planned(attack)).toBeLessThan(28_800_000 * 1.1);
    expect(planned(legit)).toBeGreaterThan(planned(attack));
    // Averaged per campaign account per day: around the reported ~26.
    expect(planned(attack) / 25_000 / 45).toBeGreaterThan(20);
    expect(planned(attack) / 25_000 / 45).toBeLessThan(32);
    expect(expectedExchanges(pop)).toBeGreaterThan(57_600_000);
  });

  it('scales account counts and volumes, keeping every persona and campaign', () => {
    const base = scenario('medium');
    const half = scenario('medium', 0.5);
    expect(half.personas.casual).toBe(base.personas.casual / 2);
    expect(half.campaigns[0].exchanges).toBe(base.campaigns[0].exchanges / 2);
    const tiny = scenario('small', 0.001);
    for (const p of PERSONAS) expect(tiny.personas[p]).toBeGreaterThanOrEqual(1);
    for (const c of tiny.campaigns) expect(c.accounts).toBeGreaterThanOrEqual(1);
  });

  it('rejects unknown names and bad scales', () => {
    expect(() => scenario('huge')).toThrow(/unknown scenario/);
    expect(() => scenario('small', 0)).toThrow(/--scale/);
    expect(() => scenario('small', Number.NaN)).toThrow(/--scale/);
    expect(() => scenario('small', 1, -0.1)).toThrow(/--elicit-scale/);
    expect(() => scenario('small', 1, 1.5)).toThrow(/--elicit-scale/);
    expect(() => scenario('small', 1, Number.NaN)).toThrow(/--elicit-scale/);
  });

  it('hard has only the hard strategies; small has all of them', () => {
    expect(new Set(SCENARIOS.hard.campaigns.map((c) => c.strategy))).toEqual(new Set(['stealthy', 'reseller', 'slow_wide', 'system_cot']));
    expect(new Set(SCENARIOS.small.campaigns.map((c) => c.strategy))).toEqual(new Set(STRATEGIES));
  });

  it('slow-and-wide accounts stay at 2–6 requests a day; hydra accounts arrive in waves on shared cards', () => {
    const pop = buildPopulation(scenario('medium'), 2);
    const slow = pop.plans.filter((p) => p.truth.persona === 'slow_wide');
    for (const p of slow) {
      expect(p.perDay).toBeGreaterThanOrEqual(2);
      expect(p.perDay).toBeLessThanOrEqual(6);
    }
    const hydra = pop.plans.filter((p) => p.truth.persona === 'hydra');
    const cards = new Map<string, number>();
    for (const p of hydra) if (p.record.payment_fingerprint) cards.set(p.record.payment_fingerprint, (cards.get(p.record.payment_fingerprint) ?? 0) + 1);
    const shared = [...cards.values()].filter((n) => n > 1).reduce((a, b) => a + b, 0);
    expect(shared / hydra.length).toBeGreaterThan(0.6);
    expect(shared / hydra.length).toBeLessThan(0.95); // never all of them
    const creationDays = new Set(hydra.map((p) => Math.floor(Date.parse(p.record.created_at!) / DAY)));
    expect(creationDays.size).toBeGreaterThan(1);
    expect(creationDays.size).toBeLessThan(hydra.length / 10);
  });
});
