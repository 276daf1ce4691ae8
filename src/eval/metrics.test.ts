import { describe, expect, it } from 'vitest';
import type { TruthRecord } from '../core/exchange.js';
import { TrafficCounter } from './leakage.js';
import { computeEval, quantile } from './metrics.js';
import { parseVerdictLines, type VerdictLine } from './verdicts.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const H = 3_600_000;
const at = (h: number): string => new Date(T0 + h * H).toISOString();

const truth: TruthRecord[] = [
  { account: 'a1', label: 'attack', campaign: 'c1', persona: 'hydra' },
  { account: 'a2', label: 'attack', campaign: 'c1', persona: 'hydra' },
  { account: 'a3', label: 'attack', campaign: 'c2', persona: 'stealthy' },
  { account: 'l1', label: 'legit', campaign: null, persona: 'university' },
  { account: 'l2', label: 'legit', campaign: null, persona: 'casual' },
  { account: 'l3', label: 'legit', campaign: null, persona: 'casual' },
  { account: 'quiet', label: 'attack', campaign: 'c2', persona: 'stealthy' },
];

/** Exchanges at hour offsets, per account. */
const traffic: Record<string, number[]> = {
  a1: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  a2: [2, 4, 6, 8],
  a3: [1, 10],
  l1: [0, 5],
  l2: [3],
  l3: [4, 4.5],
};

function count(verdicts: VerdictLine[]): TrafficCounter {
  const flagged = new Map(verdicts.filter((v) => v.verdict === 'attack').map((v) => [v.account, Date.parse(v.flagged_at!)]));
  const c = new TrafficCounter(flagged);
  // Interleave in time order like a real log.
  const events = Object.entries(traffic).flatMap(([a, hs]) => hs.map((h) => [h, a] as const));
  events.sort((x, y) => x[0] - y[0]);
  for (const [h, a] of events) c.add(a, T0 + h * H);
  return c;
}

describe('computeEval', () => {
  it('gives recall = precision = 1 and purity 1 when verdicts equal the truth', () => {
    const v: VerdictLine[] = truth.map((t) =>
      t.label === 'attack'
        ? { account: t.account, verdict: 'attack', campaign: t.campaign, flagged_at: at(traffic[t.account]?.[0] ?? 0) }
        : { account: t.account, verdict: 'clear', campaign: null, flagged_at: null },
    );
    const r = computeEval(truth, v, count(v), ['university']);
    expect(r.overall.recall).toBe(1);
    expect(r.overall.precision).toBe(1);
    expect(r.overall.false_positive_rate).toBe(0);
    expect(r.overall.purity).toBe(1);
    expect(r.overall.campaign_accounts).toBe(3); // 'quiet' sent nothing: not scored
    expect(r.notes.silent_accounts).toBe(1);
    for (const c of r.campaigns) expect(c.recall).toBe(1);
    // Flagged at the first exchange: exactly one exchange each served, zero delay.
    expect(r.overall.served_before_flag).toBe(3);
    expect(r.overall.median_h).toBe(0);
  });

  it('gives recall 0, no precision and full leakage when everything is clear', () => {
    const v: VerdictLine[] = truth.map((t) => ({ account: t.account, verdict: 'clear', campaign: null, flagged_at: null }));
    const r = computeEval(truth, v, count(v));
    expect(r.overall.recall).toBe(0);
    expect(r.overall.precision).toBeNull();
    expect(r.overall.flagged).toBe(0);
    expect(r.overall.leakage).toBe(1);
    expect(r.overall.campaign_exchanges).toBe(16);
    expect(r.overall.median_h).toBeNull();
    expect(r.overall.purity).toBeNull();
  });

  it('computes leakage, delay, false positives and purity on a hand-built case', () => {
    const v: VerdictLine[] = [
      { account: 'a1', verdict: 'attack', campaign: 'P', flagged_at: at(3) }, // served 0,1,2,3 → 4 of 10; delay 3h
      { account: 'a2', verdict: 'attack', campaign: 'P', flagged_at: at(5) }, // served 2,4 → 2 of 4; delay 3h (first at 2h)
      { account: 'a3', verdict: 'suspect', campaign: 'S0001', flagged_at: null }, // not flagged: both served; a suspected group is no predicted campaign
      { account: 'l1', verdict: 'attack', campaign: 'P', flagged_at: at(5) }, // false positive, hard negative
      { account: 'l2', verdict: 'suspect', campaign: 'S0001', flagged_at: null },
    ];
    const r = computeEval(truth, v, count(v), ['university']);
    expect(r.overall.true_positives).toBe(2);
    expect(r.overall.false_positives).toBe(1);
    expect(r.overall.recall).toBeCloseTo(2 / 3);
    expect(r.overall.precision).toBeCloseTo(2 / 3);
    expect(r.overall.false_positive_rate).toBeCloseTo(1 / 3);
    expect(r.overall.served_before_flag).toBe(4 + 2 + 2);
    expect(r.overall.leakage).toBeCloseTo(8 / 16);
    expect(r.overall.median_h).toBe(3);
    expect(r.overall.p90_h).toBe(3);
    expect(r.overall.suspect_campaign).toBe(1);
    expect(r.overall.suspect_legit).toBe(1);
    // Predicted campaign P holds a1, a2 (c1) and l1 (legit): purity 2/3.
    expect(r.overall.purity).toBeCloseTo(2 / 3);
    expect(r.predicted).toEqual([{ id: 'P', accounts: 3, majority: 'c1', purity: 2 / 3 }]);
    const c1 = r.campaigns.find((c) => c.campaign === 'c1')!;
    expect(c1.leakage).toBeCloseTo(6 / 14);
    // exchanges each flagged account was served by its flag: a1 4, a2 2 (nearest rank); sent in all: 10 and 4
    expect([c1.served_each_p50, c1.served_each_p90, c1.exchanges_each_p50]).toEqual([2, 4, 4]);
    expect(c1.main_prediction).toBe('P');
    const uni = r.personas.find((p) => p.persona === 'university')!;
    expect(uni).toMatchObject({ hard_negative: true, accounts: 1, flagged: 1, false_positive_rate: 1 });
    const casual = r.personas.find((p) => p.persona === 'casual')!;
    expect(casual).toMatchObject({ hard_negative: false, accounts: 2, flagged: 0, suspect: 1 });
  });

  it('counts flags placed before an account first spoke (look-ahead)', () => {
    const v: VerdictLine[] = [{ account: 'a2', verdict: 'attack', campaign: null, flagged_at: at(1) }];
    const r = computeEval(truth, v, count(v));
    expect(r.overall.flags_before_first_exchange).toBe(1);
    expect(r.overall.served_before_flag).toBe(10 + 0 + 2);
  });
});

describe('quantile', () => {
  it('uses nearest rank', () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('parseVerdictLines', () => {
  it('keeps valid lines and reports bad ones by line number', () => {
    const r = parseVerdictLines([
      '{"account":"a","verdict":"attack","campaign":"C1","score":0.9,"flagged_at":"2026-03-02T01:00:00Z","reasons":[]}',
      'not json',
      '{"account":"b","verdict":"maybe"}',
      '',
      '{"account":"c","verdict":"attack","flagged_at":null}',
      '{"account":"d","verdict":"clear","campaign":null,"flagged_at":null}',
    ]);
    expect(r.verdicts.map((v) => v.account)).toEqual(['a', 'd']);
    expect(r.bad.map((b) => [b.line, b.reason.split(':')[0]])).toEqual([
      [2, 'invalid_json'],
      [3, 'invalid_verdict'],
      [5, 'attack_without_flagged_at'],
    ]);
  });
});
