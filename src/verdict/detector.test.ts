import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../core/verdict.js';
import { buildFixture, type Fixture } from './testdata/fixture.js';
import { createDetector, type DetectorOptions } from './detector.js';

function run(f: Fixture, opts: DetectorOptions = {}, until?: string): ScanResult {
  const d = createDetector(opts);
  for (const a of f.accounts) d.addAccount(a);
  for (const e of f.exchanges) {
    if (until !== undefined && e.ts > until) break;
    d.observe(e);
  }
  return d.result();
}

describe('createDetector on a hand-made world', () => {
  const f = buildFixture();
  const r = run(f);
  const byAccount = new Map(r.accounts.map((a) => [a.account, a]));

  it('flags the fleet as attack, in a campaign, with readable reasons', () => {
    for (const id of f.fleet) {
      const v = byAccount.get(id)!;
      expect(v.verdict).toBe('attack');
      expect(v.campaign).not.toBeNull();
      expect(v.flagged_at).not.toBeNull();
      expect(v.reasons.some((x) => x.rule === 'campaign-member')).toBe(true);
      expect(v.reasons.some((x) => x.rule === 'cot-elicitation' && /% of prompts ask the model/.test(x.evidence))).toBe(true);
    }
    expect(r.campaigns.length).toBeGreaterThan(0);
    const c = r.campaigns[0];
    expect(c.indicators.some((x) => x.kind === 'payment')).toBe(true);
    expect(c.confidence).toBeGreaterThan(0.5);
  });

  it('flags no look-alike that shares one attribute (company card, NAT) or nothing', () => {
    const flaggedLegit = r.accounts.filter((a) => !f.fleet.has(a.account) && a.verdict !== 'clear');
    expect(flaggedLegit).toEqual([]);
  });

  it('flags each fleet account within its first day of traffic', () => {
    for (const id of f.fleet) {
      const v = byAccount.get(id)!;
      expect(Date.parse(v.flagged_at!) - Date.parse(v.first_seen!)).toBeLessThan(24 * 3_600_000);
    }
  });

  it('gives the same output for the same input (byte-identical JSON)', () => {
    expect(JSON.stringify(run(buildFixture()))).toBe(JSON.stringify(r));
  });

  it('agrees with the full run on every flag at or before a cut (no look-ahead)', () => {
    const cuts = ['2026-03-02T01:30:00.000Z', '2026-03-02T02:00:30.500Z', '2026-03-02T07:00:00.000Z', '2026-03-03T12:00:00.000Z'];
    for (const t of cuts) {
      const prefix = run(f, {}, t);
      const fullFlags = r.accounts.filter((a) => a.flagged_at !== null && a.flagged_at <= t).map((a) => [a.account, a.flagged_at]).sort();
      const cutFlags = prefix.accounts.filter((a) => a.flagged_at !== null).map((a) => [a.account, a.flagged_at]).sort();
      expect(cutFlags).toEqual(fullFlags);
    }
  });

  it('clears an allowlisted fleet account and records why', () => {
    const allow = run(f, { allowlist: { entries: [{ account: 'fleet_00', action: 'clear', note: 'pentest contract' }] } });
    const v = allow.accounts.find((a) => a.account === 'fleet_00')!;
    expect(v.verdict).toBe('clear');
    expect(v.flagged_at).toBeNull();
    expect(v.reasons[0].rule).toBe('allowlist');
    expect(v.reasons[0].evidence).toContain('pentest contract');
    // an allowlist by payment lowers every account paying with it
    const lowered = run(f, { allowlist: { entries: [{ payment: 'pm_fleet_1', action: 'lower', note: '' }] } });
    const onCard = lowered.accounts.filter((a) => ['fleet_01', 'fleet_04', 'fleet_07', 'fleet_10'].includes(a.account));
    for (const a of onCard) expect(a.verdict).toBe('suspect');
  });

  describe('a fleet whose accounts share nothing but harvest (own card, network, sign-up, wording)', () => {
    const lone = buildFixture({ independent: true });
    const res = run(lone);

    it('flags each account on its own sustained, broad harvesting behaviour, without a campaign', () => {
      expect(res.campaigns).toEqual([]);
      for (const id of lone.fleet) {
        const v = res.accounts.find((a) => a.account === id)!;
        expect(v.verdict).toBe('attack');
        expect(v.campaign).toBeNull();
        const rules = v.reasons.map((x) => x.rule);
        // several independent behaviour families, not one
        expect(rules).toEqual(expect.arrayContaining(['solo-sustained-harvesting', 'cot-elicitation', 'rubric-grading', 'reasoning-mode-harvest', 'long-output-harvest']));
        // only after sustained traffic (solo_min_exchanges)
        const before = lone.exchanges.filter((e) => e.account === id && e.ts <= v.flagged_at!).length;
        expect(before).toBeGreaterThanOrEqual(30);
      }
    });

    it('keeps the same behaviour from a verified organisation below attack', () => {
      const verified = { ...lone, accounts: lone.accounts.map((a) => (lone.fleet.has(a.account) ? { ...a, org: 'EvalCo', verified: true } : a)) };
      for (const v of run(verified).accounts) if (lone.fleet.has(v.account)) expect(v.verdict).not.toBe('attack');
    });

    it('keeps it at suspect when one family is missing (no rubric grading)', () => {
      const noRubric = {
        ...lone,
        exchanges: lone.exchanges.map((e) => ({ ...e, messages: e.messages.map((m) => ({ ...m, content: typeof m.content === 'string' ? m.content.replace(/\n\nGrade this response[^\n]*/, '') : m.content })) })),
      };
      for (const v of run(noRubric).accounts) if (lone.fleet.has(v.account)) expect(v.verdict).toBe('suspect');
    });
  });
});
