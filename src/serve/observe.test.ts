import { describe, expect, it } from 'vitest';
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import type { AccountVerdict } from '../core/verdict.js';
import { createMemoryStore } from '../store/memory.js';
import { createCallObserver } from './observe.js';

/** A detector stub whose rule is known: an account is `attack` in campaign `cX` from its 3rd exchange on. */
function stubDetector() {
  const seen: Exchange[] = [];
  const count = new Map<string, number>();
  let campaignOverride: string | null = null;
  const v = (account: string): AccountVerdict => {
    const n = count.get(account) ?? 0;
    return { account, verdict: n >= 3 ? 'attack' : 'clear', campaign: n >= 3 ? 'cX' : null, score: n >= 3 ? 0.9 : 0, flagged_at: null, reasons: [] };
  };
  const det: Detector & { seen: Exchange[]; setCampaign(c: string | null): void } = {
    seen,
    setCampaign: (c) => (campaignOverride = c),
    addAccount() {},
    observe(ex) {
      seen.push(ex);
      count.set(ex.account, (count.get(ex.account) ?? 0) + 1);
      return v(ex.account);
    },
    verdictOf: v,
    campaignOf: (a) => campaignOverride ?? v(a).campaign,
    result: () => ({ accounts: [], campaigns: [], stats: { exchanges: 0, accounts: 0, quarantined: 0, first_ts: null, last_ts: null } }),
  };
  return det;
}

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('LiteLLM call observer → detector → store', () => {
  it('pairs pre/post calls into exchanges with non-decreasing event time', async () => {
    const det = stubDetector();
    const obs = createCallObserver({ detector: det, store: createMemoryStore() });
    obs.request({ callId: 'a', account: 'acct', texts: ['prompt A'], now: T0 + 1000 });
    obs.request({ callId: 'b', account: 'acct', texts: ['prompt B'], now: T0 + 2000 });
    obs.response({ callId: 'b', account: 'acct', texts: ['answer B'], now: T0 + 3000, outputTokens: 2 });
    obs.response({ callId: 'a', account: 'acct', texts: ['answer A'], now: T0 + 9000, outputTokens: 2 });
    await obs.flush();
    expect(det.seen.map((e) => [e.id, e.messages[0]?.content, e.output, e.ts])).toEqual([
      ['b', 'prompt B', 'answer B', new Date(T0 + 2000).toISOString()],
      ['a', 'prompt A', 'answer A', new Date(T0 + 2000).toISOString()], // clamped: no going back in time
    ]);
    expect(obs.stats().pending).toBe(0);
  });

  it('writes verdicts when they change, so the enforcer sees them', async () => {
    const det = stubDetector();
    const store = createMemoryStore();
    const obs = createCallObserver({ detector: det, store });
    for (let i = 0; i < 3; i++) {
      obs.request({ callId: `c${i}`, account: 'acct', texts: ['p'], now: T0 + i });
      obs.response({ callId: `c${i}`, account: 'acct', texts: ['r'], now: T0 + i, outputTokens: 1 });
      await obs.flush();
      expect((await store.lookup('acct')).verdict?.verdict ?? 'none').toBe(i < 2 ? 'none' : 'attack');
    }
    det.setCampaign('cY');
    expect(await obs.resync()).toBe(1);
    expect((await store.lookup('acct')).verdict?.campaign).toBe('cY');
    expect(await obs.resync()).toBe(0);
  });

  it('bounds pending pre_calls (size and age)', () => {
    const obs = createCallObserver({ detector: stubDetector(), store: createMemoryStore(), maxPending: 2, pendingTtlMs: 1000 });
    for (let i = 0; i < 5; i++) obs.request({ callId: `c${i}`, account: 'a', texts: ['p'], now: T0 });
    expect(obs.stats().pending).toBeLessThanOrEqual(3);
    obs.request({ callId: 'late', account: 'a', texts: ['p'], now: T0 + 5000 });
    expect(obs.stats().pending).toBe(1);
  });

  it('with publish and no detector, hands each exchange on as one JSONL line and writes no verdict', async () => {
    const store = createMemoryStore();
    const published: string[] = [];
    const obs = createCallObserver({ publish: (t) => published.push(t), store });
    for (let i = 0; i < 3; i++) {
      obs.request({ callId: `c${i}`, account: 'acct', texts: [`prompt ${i}`], now: T0 + i });
      obs.response({ callId: `c${i}`, account: 'acct', texts: [`answer ${i}`], now: T0 + i, outputTokens: 1 });
    }
    await obs.flush();
    const lines = published.join('').split('\n');
    expect(lines.pop()).toBe(''); // every batch ends its last line
    expect(lines.map((l) => (JSON.parse(l) as Exchange).id)).toEqual(['c0', 'c1', 'c2']);
    expect(JSON.parse(lines[2])).toMatchObject({ account: 'acct', messages: [{ role: 'user', content: 'prompt 2' }], output: 'answer 2' });
    expect(obs.stats().observed).toBe(3);
    expect(await obs.resync()).toBe(0);
    expect((await store.lookup('acct')).verdict).toBeNull();
  });
});
