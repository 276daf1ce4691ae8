/**
 * Detection from LiteLLM guardrail calls (`moat serve --detect`): the pre_call texts are kept by
 * litellm_call_id until the post_call arrives; the pair becomes one contract exchange, fed to the
 * online detector off the hot path (setImmediate batches), and the account's verdict is written to
 * the store so the next decision — in this process and every process sharing Redis — sees it.
 * resync() re-reads tracked accounts (campaign membership can change when other accounts join).
 * With `publish` instead of a detector the exchanges go to the exchange stream for `moat detect`.
 *
 * Event time: `ts` of an exchange is its pre_call arrival; the detector is fed non-decreasing
 * times (clamped), keeping its no-look-ahead contract.
 */
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import { createVerdictWriter } from '../enforce/verdict-writer.js';
import type { StateStore } from '../store/store.js';

export interface CallObserverOptions {
  /** The detector fed here (`--detect`), or, with `publish`, none: `moat detect` reads the published exchanges. */
  detector?: Detector;
  /** Hand each batch of exchanges on as JSONL instead (`--exchange-stream`: several `moat serve`, one `moat detect`). */
  publish?: (jsonl: string) => void;
  store: StateStore;
  /** Pending pre_calls kept at most (oldest dropped). Default 100,000. */
  maxPending?: number;
  /** A pre_call without its post_call is dropped after this long. Default 10 minutes. */
  pendingTtlMs?: number;
  /** Accounts tracked for resync. Default 1,000,000. */
  maxTracked?: number;
  /** Largest text kept per side (characters). Default 64 KiB. */
  maxChars?: number;
  onError?: (what: string, err: unknown) => void;
}

export interface CallObserver {
  request(call: { callId: string | null | undefined; account: string; texts: string[]; now: number }): void;
  response(call: { callId: string | null | undefined; account: string; texts: string[]; now: number; outputTokens: number }): void;
  /** Wait until queued exchanges are processed. */
  flush(): Promise<void>;
  /** Re-read tracked accounts from the detector and write changed verdicts; returns how many changed. */
  resync(): Promise<number>;
  stats(): { observed: number; dropped: number; errors: number; pending: number };
}

const clip = (texts: string[], max: number): string => {
  const s = texts.join('\n');
  return s.length > max ? s.slice(0, max) : s;
};

/**
 * @example
 * const obs = createCallObserver({ detector: createDetector(), store });
 * obs.request({ callId: 'c1', account: 'acct_1', texts: ['prompt'], now: Date.now() });
 * obs.response({ callId: 'c1', account: 'acct_1', texts: ['answer'], now: Date.now(), outputTokens: 2 });
 */
export function createCallObserver(o: CallObserverOptions): CallObserver {
  const maxPending = o.maxPending ?? 100_000;
  const ttl = o.pendingTtlMs ?? 600_000;
  const maxTracked = o.maxTracked ?? 1_000_000;
  const maxChars = o.maxChars ?? 64 * 1024;
  const pending = new Map<string, { ts: number; account: string; prompt: string }>();
  const writer = createVerdictWriter(o.store, maxTracked);
  let queue: Exchange[] = [];
  let scheduled = false;
  let running: Promise<void> = Promise.resolve();
  let lastFed = 0;
  let seq = 0;
  const stats = { observed: 0, dropped: 0, errors: 0 };
  const fail = (what: string, err: unknown) => {
    stats.errors++;
    o.onError?.(what, err);
  };

  async function process(batch: Exchange[]): Promise<void> {
    if (!o.detector) {
      try {
        o.publish?.(batch.map((ex) => JSON.stringify(ex)).join('\n') + '\n');
        stats.observed += batch.length;
      } catch (err) {
        fail('publish', err);
      }
      return;
    }
    const detector = o.detector;
    for (const ex of batch) {
      try {
        const v = detector.observe(ex);
        stats.observed++;
        await writer.write({ ...v, campaign: detector.campaignOf(ex.account) ?? v.campaign });
      } catch (err) {
        fail('detector', err);
      }
    }
  }

  function enqueue(ex: Exchange): void {
    queue.push(ex);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = queue;
      queue = [];
      running = running.then(() => process(batch)).catch((err) => fail('batch', err));
    });
  }

  function sweep(now: number): void {
    for (const [id, p] of pending) {
      if (p.ts >= now - ttl && pending.size <= maxPending) break;
      pending.delete(id);
      stats.dropped++;
    }
  }

  return {
    request({ callId, account, texts, now }) {
      if (!callId) return;
      sweep(now);
      pending.set(callId, { ts: now, account, prompt: clip(texts, maxChars) });
    },
    response({ callId, account, texts, now, outputTokens }) {
      const p = callId ? pending.get(callId) : undefined;
      if (callId) pending.delete(callId);
      const arrived = p && p.account === account ? p.ts : now;
      const t = Math.max(arrived, lastFed);
      lastFed = t;
      enqueue({
        id: callId ?? `serve-${++seq}`,
        ts: new Date(t).toISOString(),
        account,
        messages: p && p.account === account ? [{ role: 'user', content: p.prompt }] : [],
        output: clip(texts, maxChars),
        output_tokens: outputTokens,
      } as Exchange);
    },
    async flush() {
      while (queue.length > 0 || scheduled) await new Promise((r) => setImmediate(r));
      await running;
    },
    async resync() {
      return o.detector ? writer.resync(o.detector, (err) => fail('resync', err)) : 0;
    },
    stats: () => ({ ...stats, pending: pending.size }),
  };
}
