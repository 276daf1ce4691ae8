import { describe, expect, it } from 'vitest';
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import type { AccountVerdict } from '../core/verdict.js';
import { createMemoryStore } from '../store/index.js';
import { createGatewayMetrics } from './metrics.js';
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

  it('sheds and counts beyond the queue bound instead of growing, reporting once per 1,000', async () => {
    const errors: string[] = [];
    const metrics = createGatewayMetrics();
    const rec = createRecorder({ maxQueue: 2, onError: (w) => errors.push(w), metrics });
    for (let i = 0; i < 5; i++) rec.enqueue(item());
    expect(rec.stats.dropped).toBe(3);
    expect(rec.pending).toBe(2);
    expect(errors).toEqual(['queue full']);
    expect(await metrics.render()).toContain('moat_gateway_record_dropped_total 3');
    await rec.flush();
    expect(rec.stats.recorded).toBe(2);
    expect(rec.pending).toBe(0);
    expect(await metrics.render()).toContain('moat_gateway_recorded_exchanges_total 2');
  });

  it('stays bounded while its consumer falls behind: the bound counts every unprocessed item', async () => {
    // A slow detector (1 ms an exchange) and 200 arrivals spread over ~67 event-loop turns:
    // the old batch-per-tick design moved each tick's items out of the bounded queue.
    const det = fakeDetector();
    const slow = det.observe.bind(det);
    det.observe = (ex) => {
      const t = performance.now();
      while (performance.now() - t < 1);
      return slow(ex);
    };
    const rec = createRecorder({ detector: det, maxQueue: 20 });
    let maxPending = 0;
    for (let i = 0; i < 200; i++) {
      rec.enqueue(item({ id: `r${i}` }));
      maxPending = Math.max(maxPending, rec.pending);
      // Three arrivals a turn; the consumer does one 1 ms exchange a turn (0.25 ms slices).
      if (i % 3 === 2) await new Promise<void>((r) => setImmediate(r));
    }
    await rec.flush();
    expect(maxPending).toBeLessThanOrEqual(20);
    expect(rec.stats.dropped).toBeGreaterThan(0);
    expect(rec.stats.recorded + rec.stats.dropped).toBe(200);
    expect(det.fed.map((e) => e.id)).toEqual([...det.fed.map((e) => e.id)].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  });

  it('counts a failed verdict write as a detector error, debits usage after it, and goes on recording', async () => {
    const det = fakeDetector();
    const store = createMemoryStore();
    const failing = { ...store, setVerdict: () => Promise.reject(new Error('store down')) };
    const errors: string[] = [];
    const debits: string[] = [];
    const enforcer = { decide: () => Promise.reject(new Error('unused')), stats: () => ({ decisions: 0, byAction: {}, storeErrors: 0 }), recordUsage: async (u: { account: string; outputTokens: number }) => void debits.push(`${u.account}:${u.outputTokens}`) };
    const rec = createRecorder({ detector: det, store: failing, enforcer: enforcer as never, onError: (w) => errors.push(w) });
    det.set('acct_a', { verdict: 'attack', campaign: 'camp_1', score: 0.9 });
    rec.enqueue(item({ id: 'r1' }));
    rec.enqueue(item({ id: 'r2', account: 'acct_b' }));
    await rec.flush();
    expect(errors).toEqual(['detector']);
    expect(rec.stats).toMatchObject({ recorded: 2, errors: 1 });
    expect(debits).toEqual(['acct_a:7', 'acct_b:7']);
    expect(det.fed.map((e) => e.id)).toEqual(['r1', 'r2']);
  });

  it('keeps recording items enqueued while it is busy, and flush waits for all of them', async () => {
    const lines: string[] = [];
    const rec = createRecorder({ sink: (t) => lines.push(...t.trim().split('\n')), sliceMs: 0 });
    rec.enqueue(item({ id: 'a' }));
    await new Promise<void>((r) => setImmediate(r));
    rec.enqueue(item({ id: 'b' }));
    rec.enqueue(item({ id: 'c' }));
    await rec.flush();
    expect(lines.map((l) => (JSON.parse(l) as Exchange).id)).toEqual(['a', 'b', 'c']);
  });
});

describe('recorder time slicing', () => {
  async function ticksDuringBatch(sliceMs: number): Promise<number> {
    const det = fakeDetector();
    const slowObserve = det.observe.bind(det);
    let ticks = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    det.observe = (ex) => {
      // Count timer turns from the batch's first exchange on: a timer set before the batch
      // starts may fire before it on a loaded machine, which says nothing about slicing.
      timer ??= setInterval(() => ticks++, 0);
      const t = performance.now();
      while (performance.now() - t < 2); // 2 ms of detector work per exchange
      return slowObserve(ex);
    };
    const rec = createRecorder({ detector: det, sliceMs });
    for (let i = 0; i < 5; i++) rec.enqueue(item({ id: `r${i}` }));
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

describe('recorder batching', () => {
  const turn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

  it('holds exchanges for batchMs, then records them all in one go, in order', async () => {
    const det = fakeDetector();
    const rec = createRecorder({ detector: det, batchMs: 30 });
    rec.enqueue(item({ id: 'a' }));
    await turn();
    await turn();
    expect(det.fed).toHaveLength(0); // unbatched, it would be recorded by now
    rec.enqueue(item({ id: 'b' }));
    await new Promise<void>((r) => setTimeout(r, 60));
    expect(det.fed.map((e) => e.id)).toEqual(['a', 'b']);
    expect(rec.pending).toBe(0);
  });

  it('starts at once when batchMax exchanges wait, and flush does not wait for the timer', async () => {
    const det = fakeDetector();
    const rec = createRecorder({ detector: det, batchMs: 10_000, batchMax: 3 });
    for (const id of ['a', 'b', 'c']) rec.enqueue(item({ id }));
    await turn();
    await turn();
    expect(det.fed).toHaveLength(3);
    rec.enqueue(item({ id: 'd' }));
    const t0 = performance.now();
    await rec.flush();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(det.fed.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
