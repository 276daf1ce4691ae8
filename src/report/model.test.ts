import { describe, expect, it } from 'vitest';
import type { AccountVerdict, ScanResult } from '../core/verdict.js';
import { buildReport, estimateDaily, servedBeforeFlag } from './model.js';
import { ReportSchema } from './report-schema.js';
import { buildScanFixture, PRESETS } from './testdata/fixture.js';

const acct = (over: Partial<AccountVerdict>): AccountVerdict => ({
  account: 'a',
  verdict: 'attack',
  campaign: 'c1',
  score: 0.9,
  flagged_at: null,
  reasons: [],
  ...over,
});

function tiny(): ScanResult {
  return {
    accounts: [
      acct({ account: 'a1', score: 0.95, flagged_at: '2026-01-02T00:00:00Z', exchanges: 100, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-05T00:00:00Z', reasons: [{ rule: 'shared-template', weight: 0.4, evidence: 'tpl x' }, { rule: 'cot', weight: 0.2, evidence: 'cot a1' }] }),
      acct({ account: 'a2', score: 0.8, flagged_at: '2026-01-03T00:00:00Z', exchanges: 40, first_seen: '2026-01-02T00:00:00Z', last_seen: '2026-01-03T00:00:00Z', reasons: [{ rule: 'cot', weight: 0.5, evidence: 'cot a2' }] }),
      acct({ account: 's1', verdict: 'suspect', campaign: null, score: 0.5, flagged_at: '2026-01-04T00:00:00Z', exchanges: 10 }),
      acct({ account: 'u1', verdict: 'clear', campaign: null, score: 0.1, exchanges: 500 }),
    ],
    campaigns: [
      { id: 'c1', accounts: ['a1', 'a2'], exchanges: 140, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-05T00:00:00Z', output_tokens: 123_456, capability_mix: { coding: 0.25, reasoning: 0.75 }, indicators: [{ kind: 'asn', value: '64512', accounts: 2 }], confidence: 0.9, summary: 's' },
    ],
    stats: { exchanges: 650, accounts: 4, quarantined: 0, first_ts: '2026-01-01T00:00:00Z', last_ts: '2026-01-05T00:00:00Z' },
  };
}

describe('buildReport', () => {
  it('computes the headline from campaigns and verdicts', () => {
    const r = buildReport(tiny());
    expect(r.headline).toMatchObject({ campaigns: 1, campaign_accounts: 2, flagged_accounts: 3, attack_accounts: 2, suspect_accounts: 1, campaign_exchanges: 140, output_tokens_harvested: 123_456, exchanges_scanned: 650 });
    expect(r.headline_text).toBe('1 campaign, 2 accounts, 140 exchanges, 123,456 output tokens harvested');
    // a1: 1 of 4 days before flag → 25; a2: 1 of 1 day → 40; s1 has no timeline → all 10.
    expect(r.headline.served_before_flag).toBe(75);
    expect(r.headline.served_before_flag_estimated).toBe(true);
  });

  it('names accounts flagged attack without a campaign id in the headline; suspects are not named there', () => {
    const scan = tiny();
    scan.accounts.push(acct({ account: 'solo1', campaign: null, score: 0.7, flagged_at: '2026-01-04T00:00:00Z', exchanges: 60 }));
    expect(buildReport(scan).headline_text).toBe('1 campaign, 2 accounts, 140 exchanges, 123,456 output tokens harvested; 1 more account flagged attack without a campaign id');
    scan.accounts.push(acct({ account: 'solo2', campaign: null, score: 0.7, flagged_at: '2026-01-04T00:00:00Z', exchanges: 60 }));
    expect(buildReport({ ...scan, campaigns: [] }).headline_text).toBe('0 campaigns, 0 accounts, 0 exchanges, 0 output tokens harvested; 2 more accounts flagged attack without a campaign id');
  });
  it('lists a suspected group after the campaigns, counted apart from them in the headline', () => {
    const scan = tiny();
    scan.accounts[2] = { ...scan.accounts[2]!, campaign: 'S0001' };
    scan.accounts.push(acct({ account: 's2', verdict: 'suspect', campaign: 'S0001', score: 0.55, exchanges: 5 }));
    // bigger than the campaign: still listed after it
    scan.campaigns.push({ id: 'S0001', verdict: 'suspect', accounts: ['s1', 's2'], exchanges: 900, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-05T00:00:00Z', output_tokens: 9, capability_mix: { coding: 1 }, indicators: [{ kind: 'payment', value: 'pm_x', accounts: 2 }], confidence: 0.6, summary: 'Suspected, not attack' });
    const r = buildReport(scan);
    expect(r.campaigns.map((c) => [c.id, c.verdict])).toEqual([['c1', 'attack'], ['S0001', 'suspect']]);
    expect(r.headline).toMatchObject({ campaigns: 1, campaign_accounts: 2, campaign_exchanges: 140, output_tokens_harvested: 123_456, suspected_groups: 1, suspected_group_accounts: 2 });
    expect(r.headline_text).toBe('1 campaign, 2 accounts, 140 exchanges, 123,456 output tokens harvested; 1 suspected group of 2 accounts (coordinated evasion, suspect, not attack)');
    expect(ReportSchema.safeParse(r).success).toBe(true);
  });

  it('prefers the counted served_before_flag from scan stats', () => {
    const s = tiny();
    s.stats.served_before_flag = 7;
    const r = buildReport(s);
    expect(r.headline.served_before_flag).toBe(7);
    expect(r.headline.served_before_flag_estimated).toBe(false);
  });
  it('lists flagged accounts by score, clear ones only on request', () => {
    expect(buildReport(tiny()).accounts.map((a) => a.account)).toEqual(['a1', 'a2', 's1']);
    expect(buildReport(tiny(), { includeClear: true }).accounts.map((a) => a.account)).toEqual(['a1', 'a2', 's1', 'u1']);
  });
  it('aggregates reasons per rule with accounts and strongest evidence', () => {
    const c = buildReport(tiny()).campaigns[0]!;
    expect(c.top_reasons[0]).toEqual({ rule: 'cot', accounts: 2, total_weight: 0.7, example_evidence: 'cot a2' });
    expect(c.capability_mix.map((m) => m.capability)).toEqual(['reasoning', 'coding']);
  });
  it('estimates a daily series when the scan has none, and marks it', () => {
    const c = buildReport(tiny()).campaigns[0]!;
    expect(c.daily_source).toBe('estimated');
    expect(c.daily.map((d) => d.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05']);
    expect(c.daily.reduce((s, d) => s + d.new_accounts, 0)).toBe(2);
    expect(c.daily.reduce((s, d) => s + d.exchanges, 0)).toBe(140);
  });
  it('is deterministic and takes its time stamp from the scan, not the clock', () => {
    const f = buildScanFixture(PRESETS.small);
    const a = JSON.stringify(buildReport(f));
    const b = JSON.stringify(buildReport(buildScanFixture(PRESETS.small)));
    expect(a).toBe(b);
    expect(buildReport(f).generated_at).toBe(f.stats.last_ts);
    expect(buildReport(f, { now: '2030-01-01T00:00:00.000Z' }).generated_at).toBe('2030-01-01T00:00:00.000Z');
  });
  it('produces output that satisfies its own schema at medium size', () => {
    const r = buildReport(buildScanFixture(PRESETS.medium));
    expect(ReportSchema.safeParse(r).success).toBe(true);
    expect(r.campaigns.map((c) => c.daily_source)).toEqual(['scan', 'scan', 'scan', 'scan']);
  });
});

describe('helpers', () => {
  it('servedBeforeFlag is zero without a flag and capped at all exchanges', () => {
    expect(servedBeforeFlag(acct({ exchanges: 10 }))).toBe(0);
    expect(servedBeforeFlag(acct({ exchanges: 10, flagged_at: '2027-01-01T00:00:00Z', first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-02T00:00:00Z' }))).toBe(10);
  });
  it('estimateDaily fills gap days with zeros', () => {
    const d = estimateDaily([acct({ exchanges: 2, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-01T05:00:00Z' }), acct({ exchanges: 3, first_seen: '2026-01-03T00:00:00Z' })]);
    expect(d).toEqual([
      { day: '2026-01-01', exchanges: 2, new_accounts: 1 },
      { day: '2026-01-02', exchanges: 0, new_accounts: 0 },
      { day: '2026-01-03', exchanges: 3, new_accounts: 1 },
    ]);
  });
});
