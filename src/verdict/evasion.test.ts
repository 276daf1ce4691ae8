/**
 * Coordinated evasion: a fleet that never asks for the reasoning, on two cards, rotating every
 * request through one pool of exits. Beside it the hard negatives that share one or two of its
 * traits: a company team on one card behind one office /24, and VPN users rotating through one
 * provider's exits on cards of their own. All three send the same narrow coding traffic.
 */
import { describe, expect, it } from 'vitest';
import type { AccountRecord, Exchange } from '../core/exchange.js';
import { seededRng } from '../core/rng.js';
import { compileRules } from '../rules/evaluate.js';
import { loadConfig, loadRules } from '../rules/load.js';
import type { CampaignEval } from './campaign-features.js';
import type { DetectorOptions } from './detector.js';
import { inOrder, scanWorld, type World } from './testing/world.js';
import { evasionMember, judgeEvasion } from './evasion.js';
import { FAMILY } from './membership.js';

const TASKS = [
  'Implement binary search in C and handle the empty array.',
  'Write a SQL query returning the top three customers by order value per region.',
  'Port this callback code to async/await: fs.readFile(p, cb).',
  'Write a Python function that merges overlapping intervals.',
  'Refactor this Java class to use dependency injection.',
  'Write a bash script that rotates log files older than a week.',
];

type Net = (rng: () => number, k: number) => { ip: string; asn: number };
interface Group { prefix: string; card: (k: number) => string; domain: string; net: Net; system?: string; accounts?: number; startDay?: number }

// one of 24 /24s a request, any host in it
const pool = (base: number, asns: number[]): Net => (rng) => {
  const x = Math.floor(rng() * 24);
  return { ip: `${base}.${x}.${(7 * x) % 200}.${Math.floor(rng() * 250) + 1}`, asn: asns[x % asns.length] };
};

function world(groups: Group[], perDay = 30, days = 3): World {
  const rng = seededRng(7);
  const start = Date.parse('2026-03-02T00:00:00Z');
  const records: AccountRecord[] = [];
  const exchanges: Exchange[] = [];
  for (const g of groups) {
    for (let k = 0; k < (g.accounts ?? 12); k++) {
      const account = `${g.prefix}_${k}`;
      records.push({ account, created_at: new Date(start - (90 + 3 * k) * 86_400_000).toISOString(), email_domain: g.domain, payment_fingerprint: g.card(k) });
      const gap = 86_400_000 / perDay;
      for (let t = start + (g.startDay ?? 0) * 86_400_000 + rng() * gap; t < start + days * 86_400_000; t += gap * (0.5 + rng())) {
        exchanges.push({
          id: '',
          ts: new Date(t).toISOString(),
          account,
          ...g.net(rng, k),
          ...(g.system ? { system: g.system } : {}),
          user_agent: 'python-httpx/0.27',
          model: 'atlas-4',
          messages: [{ role: 'user', content: TASKS[Math.floor(rng() * TASKS.length)] }],
          input_tokens: 40,
          output_tokens: 1600,
        });
      }
    }
  }
  return inOrder({ records, exchanges }, 'ev');
}

const scan = scanWorld;

// residential and mobile ASNs of many operators: a proxy pool
const fleet: Group = { prefix: 'fleet', card: (k) => (k % 2 ? 'pm_fleet_a' : 'pm_fleet_b'), domain: 'gmail.com', net: pool(73, [7922, 7018, 701, 3320, 2856, 4134, 812, 1221]) };
const company: Group = { prefix: 'corp', card: () => 'pm_corp', domain: 'acme-robotics.example', net: (_rng, k) => ({ ip: `198.51.100.${10 + k}`, asn: 64521 }) };
const vpn: Group = { prefix: 'vpn', card: (k) => `pm_vpn_${k}`, domain: 'proton.me', net: pool(185, [9009]) };

describe('coordinated evasion (coordinated-evasion rule)', () => {
  const w = world([fleet, company, vpn]);
  const res = scan(w);
  const of = (prefix: string) => res.accounts.filter((a) => a.account.startsWith(prefix + '_'));

  it('makes the rotating fleet on shared cards suspect, never attack, with the group and member reasons', () => {
    const accounts = of('fleet');
    expect(accounts).toHaveLength(12);
    for (const v of accounts) {
      expect({ account: v.account, verdict: v.verdict, campaign: v.campaign }).toEqual({ account: v.account, verdict: 'suspect', campaign: 'S0001' });
      const rules = v.reasons.map((r) => r.rule);
      expect(rules).toContain('coordinated-evasion');
      expect(rules).toContain('evasion-member');
      expect(v.reasons.find((r) => r.rule === 'evasion-member')!.evidence).toMatch(/^rotates through at least 4 \/24s and shares .*payment pm_fleet_/);
      expect(v.reasons.find((r) => r.rule === 'coordinated-evasion')!.evidence).toMatch(/network, payment|payment, network/);
    }
  });

  it('lists the fleet as one suspected group in campaigns.json, beside no campaign', () => {
    expect(res.campaigns.map((c) => [c.id, c.verdict, c.accounts.length])).toEqual([['S0001', 'suspect', 12]]);
    const g = res.campaigns[0];
    expect(new Set(g.accounts)).toEqual(new Set(of('fleet').map((v) => v.account)));
    expect(g.summary).toMatch(/^Suspected, not attack: 12 accounts rotating through proxy exits/);
    expect(g.indicators.some((x) => x.kind === 'payment')).toBe(true);
    expect(g.exchanges).toBe(w.exchanges.filter((e) => e.account.startsWith('fleet_')).length);
  });

  it('leaves the company on one card and one office /24 clear (no rotation)', () => {
    for (const v of of('corp')) expect({ account: v.account, verdict: v.verdict }).toEqual({ account: v.account, verdict: 'clear' });
  });

  it('leaves VPN users rotating through one provider\'s exits on their own cards clear (one shared kind)', () => {
    for (const v of of('vpn')) expect({ account: v.account, verdict: v.verdict }).toEqual({ account: v.account, verdict: 'clear' });
  });

  it('is what flags them: with the rule off the same fleet stays clear (control)', () => {
    const base = loadConfig();
    const off: DetectorOptions = { config: { ...base, rules: { ...base.rules, 'coordinated-evasion': { enabled: false } } } };
    for (const v of scan(w, off).accounts) expect(v.verdict).toBe('clear');
  });

  it('does not count a shared system prompt as a member\'s second family (a published recipe, not a frame)', () => {
    // half the fleet on its two cards, half on cards of their own; all send one system prompt
    const recipe = 'You are a senior software engineer. Answer with complete, production-ready code.';
    const mixed: Group = { ...fleet, prefix: 'mixed', card: (k) => (k < 6 ? (k % 2 ? 'pm_mixed_a' : 'pm_mixed_b') : `pm_own_${k}`), system: recipe };
    const r = scan(world([mixed]));
    const verdict = (k: number) => r.accounts.find((a) => a.account === `mixed_${k}`)!.verdict;
    for (let k = 0; k < 6; k++) expect({ k, verdict: verdict(k) }).toEqual({ k, verdict: 'suspect' });
    for (let k = 6; k < 12; k++) expect({ k, verdict: verdict(k) }).toEqual({ k, verdict: 'clear' });
  });

  it('lets a verified organisation\'s declaration lower the group below suspect', () => {
    const declared = { ...w, records: w.records.map((r) => (r.account.startsWith('fleet_') ? { ...r, org: 'Sanctioned Evals Ltd', verified: true } : r)) };
    for (const v of scan(declared).accounts) if (v.account.startsWith('fleet_')) expect(v.verdict).toBe('clear');
  });
});

describe('judgeEvasion and evasionMember', () => {
  const config = loadConfig();
  const compiled = compileRules(loadRules(), config);
  const evasionRules = compiled.filter((r) => r.rule.tags.includes('moat.evasion'));
  const mitigatingRules = compiled.filter((r) => r.rule.scope === 'campaign' && r.weight < 0);
  const ev = (size: number, verified = 0) => ({ features: { size, verified_org_share: verified }, detail: {}, indicators: [], families: [], subnets: [] }) as unknown as CampaignEval;

  it('fires for a rotating group sharing two operator-owned kinds, not for one kind or few rotating', () => {
    const x = { evasionRules, mitigatingRules, config };
    expect(judgeEvasion(ev(40), 36, ['network', 'payment'], x)?.confidence).toBeGreaterThanOrEqual(config.verdict.evasion_confidence_min);
    expect(judgeEvasion(ev(40), 36, ['network'], x)).toBeNull();
    expect(judgeEvasion(ev(40), 4, ['network', 'payment'], x)).toBeNull();
    expect(judgeEvasion(ev(3), 3, ['network', 'payment'], x)).toBeNull();
    expect(judgeEvasion(ev(40, 1), 36, ['network', 'payment'], x)).toBeNull();
  });

  it('asks each member to rotate and to share two specific families itself', () => {
    expect(evasionMember(FAMILY.payment | FAMILY.network, false, true, config)).toBe(true);
    expect(evasionMember(FAMILY.payment | FAMILY.network, false, false, config)).toBe(false);
    expect(evasionMember(FAMILY.network | FAMILY.creation_wave | FAMILY.email_pattern, false, true, config)).toBe(false);
    // a template counts only as a prompt frame, not a system prompt or a public question
    expect(evasionMember(FAMILY.network | FAMILY.template, false, true, config)).toBe(false);
    expect(evasionMember(FAMILY.network | FAMILY.template, true, true, config)).toBe(true);
  });
});

describe('a suspected group takes in fleet accounts already suspect on their own', () => {
  it('gives them the group id and the group reasons in front of their own', () => {
    // suspect_min this low makes the fleet accounts suspect on their own behaviour at the
    // checkpoints before the group forms; they must still end up in the group
    const base = loadConfig();
    const low: DetectorOptions = { config: { ...base, verdict: { ...base.verdict, suspect_min: 0.1 } } };
    const res = scan(world([fleet, company, vpn]), low);
    const accounts = res.accounts.filter((a) => a.account.startsWith('fleet_'));
    const grouped = accounts.filter((v) => v.campaign === 'S0001');
    expect(grouped.length).toBeGreaterThanOrEqual(10);
    for (const v of grouped) {
      expect(v.verdict).toBe('suspect');
      expect(v.reasons[0]!.rule).toBe('evasion-member');
    }
    expect(res.campaigns.find((c) => c.id === 'S0001')!.accounts.length).toBe(grouped.length);
    // the company and the VPN users, suspect on the same behaviour here, join no group
    for (const v of res.accounts) if (!v.account.startsWith('fleet_')) expect(v.campaign).toBeNull();
  });
});

describe('a suspected group across checkpoints', () => {
  it('takes in the fleet accounts that start later under the same id, and lists them with the rest', () => {
    // the fleet's first 12 accounts form the group on day 1; 6 more on the same cards and exits start on day 3
    const late: Group = { ...fleet, prefix: 'late', accounts: 6, startDay: 3 };
    const res = scan(world([fleet, late, company, vpn], 30, 5));
    const fleetIds = new Set(res.accounts.filter((a) => a.account.startsWith('fleet_')).map((a) => a.campaign));
    expect(fleetIds).toEqual(new Set(['S0001']));
    const lateAccounts = res.accounts.filter((a) => a.account.startsWith('late_'));
    for (const v of lateAccounts) expect({ account: v.account, verdict: v.verdict, campaign: v.campaign }).toEqual({ account: v.account, verdict: 'suspect', campaign: 'S0001' });
    // one group, holding both waves
    expect(res.campaigns.map((c) => [c.id, c.accounts.length])).toEqual([['S0001', 18]]);
  });
});

