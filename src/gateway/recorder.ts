/**
 * Exchange recording, off the hot path: each finished request is queued; a batch is processed on
 * a later turn of the event loop (setImmediate), where the recorded request and the teed
 * response (JSON or SSE events) are turned into a contract exchange by the same ingest adapter
 * `moat convert` uses, appended to the optional JSONL log, fed to the online detector, and the
 * detector's verdict written to the shared store so the enforcer sees it on the next request.
 *
 * Event time: an exchange's `ts` is when its request arrived. Requests finish out of order (a long
 * stream ends after a short call that started later), so the detector is fed `ts` clamped to be
 * non-decreasing, which keeps its no-look-ahead contract; the log keeps the true time.
 */
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import type { AccountVerdict } from '../core/verdict.js';
import type { Enforcer } from '../enforce/index.js';
import type { StateStore } from '../store/index.js';
import type { GatewayMetrics } from './metrics.js';
import type { Json, Provider } from './providers/provider.js';
import { sseJsonEvents } from './sse.js';

/** What the proxy hands over when a request is done. */
export interface RecordItem {
  provider: Provider;
  /** The parsed request body (parsed once, on the hot path). */
  request: Json;
  /** The raw request body, when available: the worker-thread recorder ships these bytes (a copy is cheaper than cloning the parsed object) and parses them there. */
  requestBytes?: Buffer;
  id: string;
  /** Arrival time, ms since the epoch. */
  ts: number;
  account: string;
  keyHash: string;
  ip?: string;
  userAgent?: string;
  status: number;
  latencyMs: number;
  /** true when the response was an event stream. */
  sse: boolean;
  /** The response bytes as received from upstream, or null when too large to keep or absent. */
  chunks: Buffer[] | null;
}

export interface RecorderOptions {
  detector?: Detector;
  /** Where verdicts go for the enforcer (needs `detector`). */
  store?: StateStore;
  /** Debits actual output tokens against budgets. */
  enforcer?: Enforcer;
  /** Receives JSONL text (one or more lines) for the exchange log. */
  sink?: (text: string) => void;
  metrics?: GatewayMetrics;
  /** Called with a short, secret-free description of a failure. */
  onError?: (what: string, err: unknown) => void;
  /** Queue bound; beyond it items are dropped and counted. Default 100,000. */
  maxQueue?: number;
  /** Accounts whose verdicts are re-read from the detector by resync(). Default 1,000,000. */
  maxTracked?: number;
  /** Longest stretch (ms) of recording work before yielding to the event loop. Default 1. */
  sliceMs?: number;
  /** Clock for usage debits (ms). */
  now?: () => number;
}

export interface Recorder {
  enqueue(item: RecordItem): void;
  /** Process everything queued so far (tests and shutdown). */
  flush(): Promise<void>;
  /**
   * Re-read the verdict of every tracked account and write those that changed: campaign
   * membership of accounts that have not sent a request since their campaign formed.
   */
  resync(): Promise<number>;
  readonly pending: number;
  readonly stats: { recorded: number; dropped: number; errors: number };
}

function toExchange(item: RecordItem): Exchange {
  const metadata = {
    account: item.account,
    key: item.keyHash,
    ts: new Date(item.ts).toISOString(),
    id: item.id,
    ip: item.ip,
    user_agent: item.userAgent,
    status: item.status,
    latency_ms: item.latencyMs,
  };
  let response: unknown;
  if (item.chunks !== null && item.status < 400) {
    if (item.sse) response = sseJsonEvents(item.chunks);
    else {
      try {
        response = JSON.parse(Buffer.concat(item.chunks).toString('utf8'));
      } catch {
        response = undefined;
      }
    }
  }
  const adapter = item.provider.adapter;
  const attempts = response === undefined ? [undefined] : [response, undefined];
  for (const r of attempts) {
    try {
      const [ex] = adapter.convert({ request: item.request, response: r, metadata });
      if (ex) return ex;
    } catch {
      // fall through: request-only, then minimal
    }
  }
  return { id: item.id, ts: metadata.ts, account: item.account, key: item.keyHash, messages: [], status: item.status, latency_ms: item.latencyMs };
}

const same = (a: { verdict: string; campaign: string | null } | undefined, b: AccountVerdict): boolean =>
  a !== undefined && a.verdict === b.verdict && a.campaign === b.campaign;

/**
 * @example
 * const rec = createRecorder({ detector, store, sink: (t) => out.write(t) });
 * rec.enqueue(item); // returns at once; work happens on a later tick
 * await rec.flush();
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const { detector, store, enforcer, sink, metrics } = options;
  const maxQueue = options.maxQueue ?? 100_000;
  const maxTracked = options.maxTracked ?? 1_000_000;
  const now = options.now ?? Date.now;
  const sliceMs = options.sliceMs ?? 1;
  let queue: RecordItem[] = [];
  let scheduled = false;
  let running: Promise<void> = Promise.resolve();
  let lastFedTs = 0;
  /** Last verdict written to the store, per account (also the set of tracked accounts). */
  const written = new Map<string, { verdict: string; campaign: string | null }>();
  const stats = { recorded: 0, dropped: 0, errors: 0 };

  const fail = (what: string, err: unknown): void => {
    stats.errors++;
    metrics?.recordError();
    options.onError?.(what, err);
  };

  async function writeVerdict(v: AccountVerdict): Promise<void> {
    if (!store) return;
    const prev = written.get(v.account);
    if (same(prev, v) || (prev === undefined && v.verdict === 'clear' && v.campaign === null)) {
      if (prev === undefined) track(v.account, { verdict: 'clear', campaign: null });
      return;
    }
    if (v.verdict === 'clear' && v.campaign === null) await store.clearVerdict(v.account);
    else await store.setVerdict(v.account, { verdict: v.verdict, campaign: v.campaign, score: v.score });
    track(v.account, { verdict: v.verdict, campaign: v.campaign });
  }

  function track(account: string, v: { verdict: string; campaign: string | null }): void {
    written.delete(account);
    written.set(account, v);
    if (written.size > maxTracked) written.delete(written.keys().next().value as string);
  }

  async function processBatch(batch: RecordItem[]): Promise<void> {
    const lines: string[] = [];
    let ok = 0;
    let sliceStart = performance.now();
    for (const item of batch) {
      // Yield to I/O every `sliceMs` so a large batch never holds up requests in flight.
      if (performance.now() - sliceStart > sliceMs) {
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
      }
      let ex: Exchange;
      try {
        ex = toExchange(item);
      } catch (err) {
        fail('convert', err);
        continue;
      }
      if (sink) lines.push(JSON.stringify(ex));
      stats.recorded++;
      ok++;
      if (detector) {
        try {
          const t = Math.max(item.ts, lastFedTs);
          lastFedTs = t;
          const fed = t === item.ts ? ex : { ...ex, ts: new Date(t).toISOString() };
          await writeVerdict(detector.observe(fed));
        } catch (err) {
          fail('detector', err);
        }
      }
      if (enforcer && ex.output_tokens !== undefined && ex.output_tokens > 0) {
        await enforcer.recordUsage({ account: item.account, outputTokens: ex.output_tokens, now: now() });
      }
    }
    if (ok > 0) metrics?.recorded(ok);
    if (lines.length > 0) {
      if (sink) {
        try {
          sink(lines.join('\n') + '\n');
        } catch (err) {
          fail('sink', err);
        }
      }
    }
  }

  function drain(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    metrics?.queueDepth(0);
    running = running.then(() => processBatch(batch)).catch((err) => fail('batch', err));
  }

  return {
    enqueue(item) {
      if (queue.length >= maxQueue) {
        stats.dropped++;
        fail('queue full', new Error('record queue full'));
        return;
      }
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    async flush() {
      if (queue.length > 0) drain();
      await running;
    },
    async resync() {
      if (!detector || !store) return 0;
      let changed = 0;
      for (const [account, prev] of [...written]) {
        const v = detector.verdictOf(account);
        const campaign = detector.campaignOf(account) ?? v.campaign;
        const cur = { ...v, campaign };
        if (same(prev, cur)) continue;
        try {
          await writeVerdict(cur);
          changed++;
        } catch (err) {
          fail('store', err);
        }
      }
      return changed;
    },
    get pending() {
      return queue.length;
    },
    stats,
  };
}
