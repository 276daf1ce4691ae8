import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../core/verdict.js';
import { buildFixture, type Fixture } from './testdata/fixture.js';
import { createDetector, type DetectorOptions } from './detector.js';
import { loadConfig } from '../rules/load.js';
import { byTime } from './testing/world.js';

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

  it('does not make a member of an account linked to the fleet only by sign-up traits, with mild behaviour', () => {
    const base = buildFixture();
    // the fleet's most common email domain and its sign-up wave: shared by huge numbers of ordinary users
    const domains = new Map<string, number>();
    for (const a of base.accounts) if (base.fleet.has(a.account)) domains.set(a.email_domain!, (domains.get(a.email_domain!) ?? 0) + 1);
    const domain = [...domains].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
    const fleetCreated = base.accounts.find((a) => a.account === 'fleet_05')!.created_at!;
    const student = { account: 'student_1', created_at: fleetCreated, email_domain: domain, payment_fingerprint: 'pm_student' };
    const exchanges = [...base.exchanges];
    const topics = ['Explain why the sky is blue.', 'Translate "good morning" into French.', 'Write a haiku about rain.', 'Fix this Python: print(1/0)', 'Summarise the causes of World War I.', 'Prove that sqrt(2) is irrational.'];
    // a human: irregular gaps, varied topics, 20 % chain-of-thought requests, reasoning mode on most calls
    let t = Date.parse('2026-03-02T00:20:00Z');
    for (let n = 0; n < 60; n++) {
      const cot = n % 5 === 0;
      t += 600_000 + ((n * 7919) % 13) * 700_000;
      exchanges.push({
        id: '', ts: new Date(t).toISOString(), account: 'student_1', ip: '192.0.2.200', asn: 64999, user_agent: 'Mozilla/5.0', model: 'atlas-4',
        reasoning: n % 4 !== 0, messages: [{ role: 'user', content: `${topics[(n * 5) % topics.length]}${cot ? '\n\nWrite out your complete reasoning, then give the final answer.' : ''}` }], input_tokens: 60, output_tokens: 600,
      });
    }
    exchanges.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
    const res = run({ ...base, accounts: [...base.accounts, student], exchanges });
    const v = res.accounts.find((a) => a.account === 'student_1')!;
    expect(v.verdict).not.toBe('attack');
    // the fleet is still flagged
    for (const id of base.fleet) expect(res.accounts.find((a) => a.account === id)!.verdict).toBe('attack');
  });

  it('flags an account linked to the fleet only by sign-up traits, with harvesting behaviour of its own, without naming a campaign', () => {
    const base = buildFixture();
    const fleetRec = base.accounts.find((a) => a.account === 'fleet_05')!;
    const lone = { account: 'lone_1', created_at: fleetRec.created_at, email_domain: fleetRec.email_domain, payment_fingerprint: 'pm_lone' };
    const exchanges = [...base.exchanges];
    let t = Date.parse('2026-03-02T06:10:00Z');
    for (let n = 0; n < 24; n++) {
      t += 900_000 + ((n * 7919) % 11) * 400_000;
      exchanges.push({
        id: '', ts: new Date(t).toISOString(), account: 'lone_1', ip: '192.0.2.77', asn: 64998, user_agent: 'curl/8.5.0', model: 'atlas-4', reasoning: true, max_tokens: 32768,
        messages: [{ role: 'user', content: `Question ${n}: how many primes lie below ${100 + n * 37}?\n\nWrite out your complete reasoning, then give the final answer.` }], input_tokens: 40, output_tokens: 1800,
      });
    }
    exchanges.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
    const res = run({ ...base, accounts: [...base.accounts, lone], exchanges });
    const v = res.accounts.find((a) => a.account === 'lone_1')!;
    expect(v.verdict).toBe('attack');
    expect(v.campaign).toBeNull();
    expect(v.reasons[0].rule).toBe('campaign-linked');
    expect(v.reasons[0].evidence).toMatch(/creation_wave/);
    expect(v.reasons.some((x) => x.rule === 'cot-elicitation')).toBe(true);
  });

  describe('two fleets of separate operators tied only by generic values (sign-up week, proxy /24, template, freemail)', () => {
    const a = buildFixture({ fleet: 24 });
    const b = buildFixture({ seed: 8, fleet: 24 });
    // fleet B: its own cards and proxy exits, in the same /24, sign-up week, wording and mail providers
    const rename = (id: string) => id.replace('fleet_', 'other_');
    const other = new Set([...b.fleet].map(rename));
    const world: Fixture = {
      accounts: [...a.accounts, ...b.accounts.filter((r) => b.fleet.has(r.account)).map((r) => ({ ...r, account: rename(r.account), payment_fingerprint: r.payment_fingerprint!.replace('pm_fleet_', 'pm_other_') }))],
      exchanges: [...a.exchanges, ...b.exchanges.filter((e) => b.fleet.has(e.account)).map((e) => ({ ...e, id: `b-${e.id}`, account: rename(e.account), ip: e.ip!.replace(/\.(\d+)$/, (_m, x: string) => `.${Number(x) + 100}`) }))].sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : x.account < y.account ? -1 : 1)),
      fleet: new Set([...a.fleet, ...other]),
    };
    // each fleet: 3 cards, linked by 5 shared proxy exits into one identity core of 24
    const config = loadConfig();
    // a low Louvain resolution puts both fleets in one community, as generic values do at scale
    const withCore = (n: number): DetectorOptions => ({ config: { ...config, detector: { ...config.detector, louvain_resolution: 0.05, identity_core_min: n } } });
    const mixed = (res: ScanResult) => {
      const byCampaign = new Map<string, Set<string>>();
      for (const v of res.accounts) {
        if (!v.campaign || !world.fleet.has(v.account)) continue;
        if (!byCampaign.has(v.campaign)) byCampaign.set(v.campaign, new Set());
        byCampaign.get(v.campaign)!.add(a.fleet.has(v.account) ? 'a' : 'b');
      }
      return [...byCampaign.values()].filter((s) => s.size > 1).length;
    };

    it('flags both fleets and puts no account of one in a campaign of the other', () => {
      const res = run(world, withCore(config.detector.identity_core_min));
      for (const v of res.accounts) if (world.fleet.has(v.account)) expect(v.verdict).toBe('attack');
      expect(res.accounts.filter((v) => world.fleet.has(v.account) && v.campaign !== null).length).toBeGreaterThanOrEqual(40);
      expect(mixed(res)).toBe(0);
    });

    it('mixes them when identity cores may not split a community (control)', () => {
      expect(mixed(run(world, withCore(1000)))).toBeGreaterThan(0);
    });
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

describe('exchange-time membership', () => {
  // three fleet accounts start 6 h late, when the campaign already exists, with cards of their own
  // (so the fast path cannot place them at their first exchange: subnet + sign-up wave only)
  const f = buildFixture();
  const late = new Set([...f.fleet].sort().slice(-3));
  f.accounts = f.accounts.map((a) => (late.has(a.account) ? { ...a, payment_fingerprint: `pm_own_${a.account}` } : a));
  f.exchanges = f.exchanges
    .map((e) => (late.has(e.account) ? { ...e, ts: new Date(Date.parse(e.ts) + 6 * 3_600_000).toISOString() } : e))
    .sort(byTime);

  it('flags a late joiner at its own exchange, not at the next hourly checkpoint; 0 turns it off', () => {
    const base = loadConfig();
    const on = run(f, { config: base });
    const off = run(f, { config: { ...base, verdict: { ...base.verdict, early_max_exchanges: 0, retest_growth: 0 } } });
    const at = (r: ScanResult) => new Map(r.accounts.map((a) => [a.account, a.flagged_at]));
    const onAt = at(on), offAt = at(off);
    const own = (id: string, ts: string | null | undefined) => f.exchanges.some((e) => e.account === id && e.ts === ts);
    let earlier = 0;
    for (const id of late) {
      expect(onAt.get(id)).not.toBeNull();
      expect(offAt.get(id)).not.toBeNull();
      expect(onAt.get(id)! <= offAt.get(id)!).toBe(true);
      if (onAt.get(id)! < offAt.get(id)!) {
        earlier++;
        expect(own(id, onAt.get(id))).toBe(true); // flagged at one of its own exchanges
      }
    }
    expect(earlier).toBeGreaterThan(0);
    // nobody else changes
    for (const a of on.accounts) if (!late.has(a.account)) expect(a.flagged_at).toBe(offAt.get(a.account));
  });
});

describe('exchange-time retest past early_max_exchanges', () => {
  const base = loadConfig();
  const withGrowth = (g: number): DetectorOptions => ({ config: { ...base, verdict: { ...base.verdict, retest_growth: g } } });
  const served = (f: Fixture, r: ScanResult, id: string) => {
    const at = r.accounts.find((a) => a.account === id)!.flagged_at;
    return f.exchanges.filter((e) => e.account === id && (at === null || e.ts <= at)).length;
  };

  it('flags a bursty solo harvester as its count grows, not at the next checkpoint; 0 turns it off', () => {
    // the independent fleet, each account sending its requests in one burst a minute apart
    const lone = buildFixture({ independent: true });
    const nth = new Map<string, number>();
    lone.exchanges = lone.exchanges
      .map((e) => {
        if (!lone.fleet.has(e.account)) return e;
        const k = nth.get(e.account) ?? 0;
        nth.set(e.account, k + 1);
        return { ...e, ts: new Date(Date.parse('2026-03-02T05:00:00Z') + Number(e.account.slice(-2)) * 7 * 60_000 + k * 60_000).toISOString() };
      })
      .sort(byTime);
    const on = run(lone, withGrowth(1.25));
    const off = run(lone, withGrowth(0));
    let earlier = 0;
    for (const id of lone.fleet) {
      const a = on.accounts.find((v) => v.account === id)!;
      expect(a.verdict).toBe('attack');
      expect(served(lone, on, id)).toBeLessThanOrEqual(served(lone, off, id));
      expect(served(lone, on, id)).toBeGreaterThanOrEqual(base.thresholds.solo_min_exchanges); // still only after sustained traffic
      if (served(lone, on, id) < served(lone, off, id)) {
        earlier++;
        expect(lone.exchanges.some((e) => e.account === id && e.ts === a.flagged_at)).toBe(true); // at one of its own exchanges
      }
    }
    expect(earlier).toBeGreaterThan(lone.fleet.size / 2);
    for (const a of on.accounts) if (!lone.fleet.has(a.account)) expect(a.verdict).toBe(off.accounts.find((v) => v.account === a.account)!.verdict);
  });

  it('makes no suspect between checkpoints: a retest may attack, only a checkpoint makes suspect', () => {
    // one account that asks for the full reasoning on every call with maximum effort: suspect on
    // its own behaviour, but no rubric grading, so never the solo path; 40 requests in one hour
    const id = 'asker';
    const start = Date.parse('2026-03-02T05:05:00Z');
    const exchanges = Array.from({ length: 40 }, (_, k) => ({
      id: '', ts: new Date(start + k * 80_000).toISOString(), account: id, ip: '192.0.2.10', asn: 64999, user_agent: 'asker/1.0', model: 'atlas-4',
      reasoning: true, max_tokens: 32768, input_tokens: 40, output_tokens: 900,
      messages: [{ role: 'user' as const, content: `Is ${k * 7 + 11} a prime number?\n\nWrite out your complete reasoning, every step, then give the final answer.` }],
    }));
    // another account's exchange after the hour triggers the 06:00 checkpoint
    exchanges.push({ ...exchanges[0], ts: '2026-03-02T06:01:00.000Z', account: 'bystander', ip: '198.51.100.9', messages: [{ role: 'user', content: 'What is the capital of Peru?' }], reasoning: false, max_tokens: 200, output_tokens: 20 });
    const d = createDetector(withGrowth(1.25));
    const seen: string[] = [];
    for (const e of exchanges) {
      d.observe(e);
      seen.push(d.verdictOf(id).verdict);
    }
    // retests ran in the hour (past early_max_exchanges) and found nothing to attack; the account
    // became suspect only at the checkpoint
    expect(seen.slice(0, 40)).toEqual(Array(40).fill('clear'));
    expect(seen[40]).toBe('suspect');
    expect(d.verdictOf(id).reasons.map((r) => r.rule)).not.toContain('solo-sustained-harvesting');
  });

  it('tests an older account for membership at the exchange where it takes a campaign indicator', () => {
    // an account of its own (card, network, sign-up) harvests for 20 requests, then moves onto
    // the fleet's /24; milestones are far apart (growth 10), so only the new indicator can retest it
    const f = buildFixture();
    const id = 'convert';
    f.accounts.push({ account: id, created_at: '2025-06-01T00:00:00.000Z', email_domain: 'convert.example', payment_fingerprint: 'pm_convert' });
    const start = Date.parse('2026-03-03T12:03:00Z');
    for (let k = 0; k < 40; k++) {
      const prompt = `Prove that the sum of the first ${k + 3} odd numbers is a square.` + (k % 5 === 4 ? '\n\nGrade this response on a scale of 1-10 according to the rubric.' : '\n\nWrite out your complete reasoning, then give the final answer.');
      f.exchanges.push({ id: '', ts: new Date(start + k * 4 * 60_000).toISOString(), account: id, ip: k < 20 ? '192.0.2.77' : '203.0.113.60', asn: k < 20 ? 64999 : 64500, user_agent: 'convert/1.0', model: 'atlas-4', reasoning: true, max_tokens: 32768, messages: [{ role: 'user', content: prompt }], input_tokens: 40, output_tokens: 1800 });
    }
    f.exchanges.sort(byTime);
    const moved = new Date(start + 20 * 4 * 60_000).toISOString();
    const on = run(f, withGrowth(10)).accounts.find((a) => a.account === id)!;
    const off = run(f, withGrowth(0)).accounts.find((a) => a.account === id)!;
    expect(on.verdict).toBe('attack');
    expect(on.reasons[0].rule).toMatch(/^campaign-(member|linked)$/);
    expect(on.reasons[0].evidence).toContain('subnet "203.0.113.0/24"');
    expect(on.flagged_at).toBe(moved);
    expect(off.flagged_at! > moved).toBe(true);
  });
});
