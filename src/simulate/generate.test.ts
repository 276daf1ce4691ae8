import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountRecord, Exchange, TruthRecord } from '../core/exchange.js';
import { accountLines, exchangeChunks, truthLines, type MergeStats } from './generate.js';
import { MODEL_NEW } from './models.js';
import { PERSONAS } from './personas.js';
import { buildPopulation, type Population } from './population.js';
import { builtinPools } from './prompts.js';
import { scenario } from './scenarios.js';
import { STRATEGIES } from './strategies.js';
import { createSignalExtractor } from '../signals/index.js';
import { COT_SYSTEM_PROMPTS } from './recipes.js';
import { HOUR } from './time.js';

const pools = builtinPools();

function all(pop: Population): string {
  let s = '';
  for (const c of exchangeChunks(pop, pools)) s += c;
  return s;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

describe('small scenario', () => {
  let pop: Population;
  let text: string;
  let lines: string[];
  beforeAll(() => {
    pop = buildPopulation(scenario('small'), 1);
    text = all(pop);
    lines = text.split('\n').filter((l) => l.length > 0);
  });

  it('is sized for tests: a few hundred accounts, 20–50k exchanges over a few days', () => {
    expect(pop.plans.length).toBeGreaterThan(200);
    expect(pop.plans.length).toBeLessThan(1000);
    expect(lines.length).toBeGreaterThan(20_000);
    expect(lines.length).toBeLessThan(50_000);
  });

  it('is byte-identical for the same seed and different for another seed', () => {
    const again = all(buildPopulation(scenario('small'), 1));
    expect(sha(again)).toBe(sha(text));
    expect(accountLines(buildPopulation(scenario('small'), 1))).toBe(accountLines(pop));
    const other = buildPopulation(scenario('small'), 2);
    expect(sha(all(other))).not.toBe(sha(text));
    expect(accountLines(other)).not.toBe(accountLines(pop));
  });

  it('writes exchanges in time order inside the window', () => {
    let prev = -Infinity;
    for (const l of lines) {
      const ts = Date.parse((JSON.parse(l) as { ts: string }).ts);
      expect(ts).toBeGreaterThanOrEqual(prev);
      prev = ts;
    }
    expect(Date.parse((JSON.parse(lines[0]) as { ts: string }).ts)).toBeGreaterThanOrEqual(pop.start);
    expect(prev).toBeLessThan(pop.end);
  });

  it('produces records valid under the exchange-log contract', () => {
    for (const l of lines) {
      const r = Exchange.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`invalid exchange: ${l.slice(0, 200)}: ${r.error.message}`);
      expect(r.data.key).toMatch(/^sk-sim-[0-9a-z]{32}$/);
    }
    for (const l of accountLines(pop).trim().split('\n')) expect(AccountRecord.safeParse(JSON.parse(l)).success).toBe(true);
    for (const l of truthLines(pop).trim().split('\n')) expect(TruthRecord.safeParse(JSON.parse(l)).success).toBe(true);
  });

  it('has every persona and every campaign strategy in the traffic', () => {
    const byAccount = new Map(pop.plans.map((p) => [p.id, p.truth]));
    const seen = new Set<string>();
    for (const l of lines) {
      const t = byAccount.get((JSON.parse(l) as { account: string }).account);
      expect(t).toBeDefined();
      seen.add(t!.persona);
    }
    for (const p of PERSONAS) expect(seen, p).toContain(p);
    for (const s of STRATEGIES) expect(seen, s).toContain(s);
  });

  it('gives some legitimate accounts the same public system prompt a fleet sends (a shared system prompt is no proof)', () => {
    const byAccount = new Map(pop.plans.map((p) => [p.id, p.truth]));
    const senders = new Map<string, { legit: Set<string>; fleet: Set<string> }>();
    for (const l of lines) {
      const x = JSON.parse(l) as { account: string; system?: string };
      if (!x.system) continue;
      let s = senders.get(x.system);
      if (!s) senders.set(x.system, (s = { legit: new Set(), fleet: new Set() }));
      (byAccount.get(x.account)!.campaign ? s.fleet : s.legit).add(x.account);
    }
    const shared = [...senders.values()].filter((s) => s.legit.size > 0 && s.fleet.size > 0);
    expect(shared.length).toBeGreaterThan(0);
    // still mostly fleets' (a recipe most senders of which are ordinary customers is no indicator)
    for (const s of shared) expect(s.fleet.size).toBeGreaterThan(s.legit.size);
  });

  it('the system_cot fleet asks for the reasoning only in its system prompt, never in a request of its own', () => {
    const fleet = new Set(pop.plans.filter((p) => p.truth.persona === 'system_cot').map((p) => p.id));
    const extractor = createSignalExtractor();
    let n = 0;
    for (const l of lines) {
      const x = JSON.parse(l) as Exchange;
      if (!fleet.has(x.account)) continue;
      n++;
      expect(COT_SYSTEM_PROMPTS as readonly string[]).toContain(x.system);
      const own = extractor.extract({ ...x, system: undefined }).elicitation;
      expect(own.filter((e) => e === 'cot_request' || e === 'rubric_grading' || e === 'reasoning_reconstruction')).toEqual([]);
      expect(extractor.extract(x).elicitation).toContain('cot_request_system');
    }
    expect(n).toBeGreaterThan(500);
  });

  it('a product backend relays its users\' occasional reasoning requests: some, at a human share (1-4 %)', () => {
    const backends = new Set(pop.plans.filter((p) => p.truth.persona === 'product_backend').map((p) => p.id));
    const extractor = createSignalExtractor();
    let n = 0, asks = 0;
    for (const l of lines) {
      const x = JSON.parse(l) as Exchange;
      if (!backends.has(x.account)) continue;
      n++;
      if (extractor.extract(x).elicitation.some((e) => e === 'cot_request' || e === 'reasoning_reconstruction')) asks++;
    }
    expect(n).toBeGreaterThan(1000);
    expect(asks / n).toBeGreaterThan(0.01);
    expect(asks / n).toBeLessThan(0.04);
  });

  it('keeps truth consistent with accounts', () => {
    const accounts = accountLines(pop).trim().split('\n').map((l) => JSON.parse(l) as { account: string });
    const truth = truthLines(pop).trim().split('\n').map((l) => JSON.parse(l) as TruthRecord & { strategy?: string });
    expect(truth.map((t) => t.account)).toEqual(accounts.map((a) => a.account));
    expect(new Set(accounts.map((a) => a.account)).size).toBe(accounts.length);
    for (const t of truth) {
      if (t.label === 'attack') {
        expect(t.campaign).not.toBeNull();
        expect(STRATEGIES as readonly string[]).toContain(t.persona);
        expect(t.strategy).toBe(t.persona);
      } else {
        expect(t.campaign).toBeNull();
        expect(PERSONAS as readonly string[]).toContain(t.persona);
      }
    }
    // Account ids carry no label: same shape for every account.
    for (const a of accounts) expect(a.account).toMatch(/^acct_[0-9a-z]{10}$/);
  });

  it('models the release: nobody uses the new model before it, the switch campaign moves within 24 h', () => {
    const byAccount = new Map(pop.plans.map((p) => [p.id, p.truth]));
    const firstNew = new Map<string, number>();
    for (const l of lines) {
      const e = JSON.parse(l) as { account: string; model: string; ts: string };
      if (e.model !== MODEL_NEW) continue;
      const ts = Date.parse(e.ts);
      expect(ts).toBeGreaterThanOrEqual(pop.release);
      if (!firstNew.has(e.account)) firstNew.set(e.account, ts);
    }
    const switchers = [...firstNew].filter(([a]) => byAccount.get(a)!.persona === 'model_switch');
    const switchAccounts = pop.plans.filter((p) => p.truth.persona === 'model_switch').length;
    expect(switchers.length).toBeGreaterThan(switchAccounts * 0.25);
    const within24 = switchers.filter(([, ts]) => ts - pop.release < 24 * HOUR).length;
    expect(within24 / switchers.length).toBeGreaterThan(0.8);
    // After the first day, about half of the campaign's traffic is on the new model.
    let after = 0;
    let afterNew = 0;
    for (const l of lines) {
      const e = JSON.parse(l) as { account: string; model: string; ts: string };
      if (byAccount.get(e.account)!.persona !== 'model_switch' || Date.parse(e.ts) < pop.release + 24 * HOUR) continue;
      after++;
      if (e.model === MODEL_NEW) afterNew++;
    }
    expect(afterNew / after).toBeGreaterThan(0.3);
    expect(afterNew / after).toBeLessThan(0.75);
    // Legit adoption is gradual: some legit users have not moved by the end.
    const legitNew = [...firstNew].filter(([a]) => byAccount.get(a)!.label === 'legit').length;
    const legitActive = new Set(lines.map((l) => (JSON.parse(l) as { account: string }).account).filter((a) => byAccount.get(a)!.label === 'legit')).size;
    expect(legitNew).toBeGreaterThan(0);
    expect(legitNew).toBeLessThan(legitActive * 0.8);
  });
});

describe('--elicit-scale (red-team stress: fleets that ask for the reasoning less often, or never)', () => {
  const ASKS = new Set(['cot_request', 'rubric_grading', 'reasoning_reconstruction']);
  /** Share of exchanges whose own request asks for the reasoning or a grade, fleets and legit apart. */
  function shares(elicitScale: number): { fleet: number; legit: number; legitLines: string } {
    const pop = buildPopulation(scenario('small', 1, elicitScale), 1);
    const fleet = new Set(pop.plans.filter((p) => p.truth.label === 'attack').map((p) => p.id));
    const extractor = createSignalExtractor();
    const n = { fleet: 0, fleetAsks: 0, legit: 0, legitAsks: 0 };
    const legit: string[] = [];
    for (const l of all(pop).split('\n')) {
      if (!l) continue;
      const x = JSON.parse(l) as Exchange;
      const asks = extractor.extract({ ...x, system: undefined }).elicitation.some((e) => ASKS.has(e));
      if (fleet.has(x.account)) { n.fleet++; if (asks) n.fleetAsks++; continue; }
      n.legit++;
      if (asks) n.legitAsks++;
      // the log's sequence ids interleave with the fleets' lines; the records themselves must not change
      legit.push(l.replace(/^\{"id":"[^"]*",/, '{'));
    }
    expect(n.fleet).toBeGreaterThan(1000);
    return { fleet: n.fleetAsks / n.fleet, legit: n.legitAsks / n.legit, legitLines: sha(legit.join('\n')) };
  }

  it('0 removes the asking from every fleet\'s requests, 0.5 about halves it; legitimate requests are unchanged', () => {
    const full = shares(1), half = shares(0.5), none = shares(0);
    expect(full.fleet).toBeGreaterThan(0.3);
    expect(none.fleet).toBe(0);
    expect(half.fleet).toBeGreaterThan(full.fleet * 0.35);
    expect(half.fleet).toBeLessThan(full.fleet * 0.65);
    expect(none.legit).toBe(full.legit);
    expect(none.legitLines).toBe(full.legitLines);
    expect(full.legit).toBeGreaterThan(0);
  });
});

describe('streaming', () => {
  it('is lazy and holds O(accounts) state: the first chunk comes before the rest is generated', () => {
    const pop = buildPopulation(scenario('small'), 3);
    const stats: MergeStats = { exchanges: 0, live: 0 };
    const it = exchangeChunks(pop, pools, { chunkLines: 16 }, stats);
    const first = it.next();
    expect(first.done).toBe(false);
    expect(stats.exchanges).toBeLessThan(100);
    expect(stats.live).toBeLessThanOrEqual(pop.plans.length);
    // Draining the rest never keeps more than one pending event per account.
    let maxLive = 0;
    for (let r = it.next(); !r.done; r = it.next()) maxLive = Math.max(maxLive, stats.live);
    expect(maxLive).toBeLessThanOrEqual(pop.plans.length);
    expect(stats.exchanges).toBeGreaterThan(20_000);
  });

  it('stops at --limit with whole lines', () => {
    const pop = buildPopulation(scenario('small'), 1);
    let s = '';
    for (const c of exchangeChunks(pop, pools, { limit: 1234 })) s += c;
    const lines = s.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(1234);
  });
});
