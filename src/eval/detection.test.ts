/**
 * The detector judged against the simulator's ground truth, end to end: simulate `medium` at 0.3
 * of its size (≈ 380 k exchanges, every strategy and persona), scan it as `moat scan` does, score
 * it as `moat eval` does. The detector never reads truth.jsonl; only this test does.
 *
 * Bounds are floors a regression would break, set below what the build measures
 * (docs/evaluation.md), not the targets for the full scenarios.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateToDir } from '../simulate/index.js';
import { runScan } from '../verdict/run-scan.js';
import { runEval, type EvalResult } from './index.js';

/** Lines of a JSONL file, parsed. */
function jsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
}

describe('detection on simulated medium traffic (scale 0.3, seed 1), judged against truth', () => {
  let dir: string;
  let result: EvalResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moat-detect-'));
    await simulateToDir({ scenario: 'medium', seed: 1, scale: 0.3 }, join(dir, 'data'));
    await runScan(join(dir, 'data'), { out: join(dir, 'scan'), worker: false });
    result = (await runEval({ data: join(dir, 'data'), verdicts: join(dir, 'scan', 'accounts.jsonl') })).result;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the campaigns: recall ≥ 97 %, precision ≥ 99 %, no flag before an account\'s first exchange', () => {
    const o = result.overall;
    expect(o.campaign_accounts).toBeGreaterThan(500);
    expect(o.recall).toBeGreaterThanOrEqual(0.97);
    expect(o.precision).toBeGreaterThanOrEqual(0.99);
    expect(o.flags_before_first_exchange).toBe(0);
  });

  it('flags no hard-negative account (NAT, VPN, shared card, eval harness, synthetic data, coding agent)', () => {
    const hard = result.personas.filter((p) => p.hard_negative);
    expect(hard.length).toBeGreaterThanOrEqual(5);
    for (const p of hard) expect({ persona: p.persona, flagged: p.flagged }).toEqual({ persona: p.persona, flagged: 0 });
    expect(result.overall.false_positive_rate).toBeLessThanOrEqual(0.001);
  });

  it('catches the fleet that asks for reasoning only in its system prompt (≥ 97 %): its proxy exits past the listed indicators count, also after its first three /24s', () => {
    // with only the 50 listed indicators counting as exits, 47 of 60 (78 %) at the time of writing;
    // with every exit but only among an account's first three /24s (its subnet slots), 57 of 60
    const fleet = result.campaigns.find((c) => c.strategy === 'system_cot');
    expect(fleet, 'the scenario has a system_cot fleet').toBeDefined();
    expect(fleet!.recall).toBeGreaterThanOrEqual(0.97);
  });

  it('a member whose system prompt counted is shown the infrastructure that let it count: a card or two or more subnets', () => {
    const verdicts = jsonl<{ account: string; reasons: { rule: string; evidence: string }[] }>(join(dir, 'scan', 'accounts.jsonl'));
    let shown = 0;
    for (const v of verdicts) {
      const member = v.reasons.find((r) => r.rule === 'campaign-member' || r.rule === 'campaign-linked');
      if (!member || !v.reasons.some((r) => r.rule === 'system-prompt-elicitation')) continue;
      shown++;
      const subnets = member.evidence.match(/subnet "/g)?.length ?? 0;
      expect({ account: v.account, ok: subnets >= 2 || member.evidence.includes('payment ') }).toEqual({ account: v.account, ok: true });
    }
    expect(shown).toBeGreaterThan(20);
  });

  it('every other strategy keeps its recall (≥ 95 % each); a one-account "fleet" is no coordination, and its own behaviour keeps it suspect at least', () => {
    // at 0.3 scale the reseller is one account: with no second account it shares nothing
    // specific, and a public question it relays word for word is no membership on its own
    const others = result.campaigns.filter((x) => x.strategy !== 'system_cot');
    expect(others.filter((c) => c.accounts >= 2).length).toBeGreaterThanOrEqual(4);
    for (const c of others) {
      const ok = c.accounts >= 2 ? c.recall >= 0.95 : c.flagged + c.suspect === c.accounts;
      expect({ campaign: c.campaign, accounts: c.accounts, ok }).toEqual({ campaign: c.campaign, accounts: c.accounts, ok: true });
    }
  });
});
