import { describe, expect, it } from 'vitest';
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import type { AccountVerdict } from '../core/verdict.js';
import { createMemoryStore } from '../store/index.js';
import { openAIChat } from './providers/openai.js';
import { createRecorder, type RecordItem } from './recorder.js';

const clear = (account: string): AccountVerdict => ({ account, verdict: 'clear', campaign: null, score: 0, flagged_at: null, reasons: [] });

function fakeDetector(): Detector & { fed: Exchange[]; set(a: string, v: Partial<AccountVerdict>): void } {
  const fed: Exchange[] = [];
  const v = new Map<string, AccountVerdict>();
  return {
    fed,
    set: (a, p) => v.set(a, { ...clear(a), ...p }),
    addAccount() {},
    observe(ex) {
      fed.push(ex);
      return v.get(ex.account) ?? clear(ex.account);
    },
    verdictOf: (a) => v.get(a) ?? clear(a),
    campaignOf: (a) => v.get(a)?.campaign ?? null,
    result: () => ({ accounts: [], campaigns: [], stats: { exchanges: 0, accounts: 0, quarantined: 0, first_ts: null, last_ts: null } }),
  };
}

const item = (over: Partial<RecordItem> = {}): RecordItem => ({
  provider: openAIChat,
  request: { model: 'm', messages: [{ role: 'user', content: 'q' }] },
  id: 'req_1',
  ts: Date.parse('2026-01-01T00:00:10Z'),
  account: 'acct_a',
  keyHash: 'kh_00000000000000000000000000000000',
  status: 200,
  latencyMs: 3,
  sse: false,
  chunks: [Buffer.from(JSON.stringify({ id: 'c', created: 1, choices: [{ index: 0, message: { role: 'assistant', content: 'ans' } }], usage: { completion_tokens: 7 } }))],
  ...over,
});

describe('recorder', () => {
  it('queues without doing work synchronously, then writes the exchange and feeds the detector', async () => {
    const det = fakeDetector();
    const lines: string[] = [];
    const rec = createRecorder({ detector: det, sink: (t) => lines.push(t) });
    rec.enqueue(item());
    expect(lines).toHaveLength(0);
    expect(det.fed).toHaveLength(0);
    await rec.flush();
    const ex = JSON.parse(lines[0]) as Exchange;
    expect(ex).toMatchObject({ id: 'req_1', account: 'acct_a', output: 'ans', output_tokens: 7, status: 200, latency_ms: 3 });
    expect(det.fed[0].id).toBe('req_1');
  });

  it('records request-only for upstream errors and a minimal exchange when nothing converts', async () => {
    const lines: string[] = [];
    const rec = createRecorder({ sink: (t) => lines.push(...t.trim().split('\n')) });
    rec.enqueue(item({ status: 500, chunks: [Buffer.from('{"error":{}}')] }));
    rec.enqueue(item({ id: 'req_2', request: { messages: 'not an array' } }));
    await rec.flush();
    expect(JSON.parse(lines[0])).toMatchObject({ status: 500, messages: [{ role: 'user', content: 'q' }] });
    expect(JSON.parse(lines[1])).toMatchObject({ id: 'req_2', messages: [], status: 200 });
  });

  it('feeds the detector non-decreasing event times; the log keeps the true time', async () => {
    const det = fakeDetector();
    const lines: string[] = [];
    const rec = createRecorder({ detector: det, sink: (t) => lines.push(...t.trim().split('\n')) });
    rec.enqueue(item({ id: 'late', ts: Date.parse('2026-01-01T00:00:20Z') }));
    rec.enqueue(item({ id: 'early', ts: Date.parse('2026-01-01T00:00:10Z') }));
    await rec.flush();
    expect(det.fed.map((e) => e.ts)).toEqual(['2026-01-01T00:00:20.000Z', '2026-01-01T00:00:20.000Z']);
    expect((JSON.parse(lines[1]) as Exchange).ts).toBe('2026-01-01T00:00:10.000Z');
  });

  it('writes changed verdicts to the store, and resync picks up campaign changes of quiet accounts', async () => {
    const det = fakeDetector();
    const store = createMemoryStore();
    const rec = createRecorder({ detector: det, store });
    det.set('acct_a', { verdict: 'suspect', score: 0.5 });
    rec.enqueue(item());
    rec.enqueue(item({ account: 'acct_b' }));
    await rec.flush();
    expect((await store.lookup('acct_a')).verdict).toMatchObject({ verdict: 'suspect', campaign: null });
    expect((await store.lookup('acct_b')).verdict).toBeNull();
    det.set('acct_b', { verdict: 'attack', campaign: 'camp_1', score: 0.9 });
    expect(await rec.resync()).toBe(1);
    expect((await store.lookup('acct_b')).verdict).toMatchObject({ verdict: 'attack', campaign: 'camp_1' });
    det.set('acct_a', {});
    await rec.resync();
    expect((await store.lookup('acct_a')).verdict).toBeNull();
  });

  it('drops and counts beyond the queue bound instead of growing', async () => {
    const errors: string[] = [];
    const rec = createRecorder({ maxQueue: 2, onError: (w) => errors.push(w) });
    for (let i = 0; i < 5; i++) rec.enqueue(item());
    expect(rec.stats.dropped).toBe(3);
    expect(errors).toEqual(['queue full', 'queue full', 'queue full']);
    await rec.flush();
    expect(rec.stats.recorded).toBe(2);
  });
});

describe('recorder time slicing', () => {
  async function ticksDuringBatch(sliceMs: number): Promise<number> {
    const det = fakeDetector();
    const slowObserve = det.observe.bind(det);
    det.observe = (ex) => {
      const t = performance.now();
      while (performance.now() - t < 2); // 2 ms of detector work per exchange
      return slowObserve(ex);
    };
    const rec = createRecorder({ detector: det, sliceMs });
    for (let i = 0; i < 5; i++) rec.enqueue(item({ id: `r${i}` }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await rec.flush();
    clearInterval(timer);
    expect(det.fed).toHaveLength(5);
    return ticks;
  }

  it('yields to the event loop inside a long batch', async () => {
    // Timers run between exchanges: the batch does not hold the loop for all ~10 ms ...
    expect(await ticksDuringBatch(1)).toBeGreaterThanOrEqual(2);
    // ... whereas without slicing they cannot run until the batch is done.
    expect(await ticksDuringBatch(10_000)).toBe(0);
  });
});
