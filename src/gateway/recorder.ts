/**
 * Exchange recording, off the hot path: each finished request (after its response has ended) is
 * queued; one consumer works through the queue on later turns of the event loop, in slices of at
 * most `sliceMs` (0.25 ms) with a setImmediate between them, so the I/O of requests in flight is
 * never held up for longer than a slice. There the recorded request and the teed
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
import type { Enforcer } from '../enforce/index.js';
import { createVerdictWriter } from '../enforce/verdict-writer.js';
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
  /**
   * Queue bound: exchanges waiting beyond it are shed (not recorded, not fed to the detector),
   * counted in `stats.dropped` and `moat_gateway_record_dropped_total`. Default 100,000.
   */
  maxQueue?: number;
  /** Accounts whose verdicts are re-read from the detector by resync(). Default 1,000,000. */
  maxTracked?: number;
  /** Longest stretch (ms) of recording work before yielding to the event loop. Default 0.25. */
  sliceMs?: number;
  /**
   * Batching: a finished exchange waits up to `batchMs` for others, then the whole batch is
   * recorded in one go (still in `sliceMs` slices), so the event loop pays the turn and cache
   * warm-up once per batch rather than once per exchange. 0: start on the next turn. Default 0.
   */
  batchMs?: number;
  /** A batch starts at once when this many exchanges wait. Default 64. */
  batchMax?: number;
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
    // Epoch ms: the adapter turns it into ISO-8601 without re-parsing a string.
    ts: item.ts,
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
        const body = item.chunks.length === 1 ? item.chunks[0] : Buffer.concat(item.chunks);
        response = JSON.parse(body.toString('utf8'));
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
  return { id: item.id, ts: new Date(item.ts).toISOString(), account: item.account, key: item.keyHash, messages: [], status: item.status, latency_ms: item.latencyMs };
}

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
  const sliceMs = options.sliceMs ?? 0.25;
  const batchMs = options.batchMs ?? 0;
  const batchMax = options.batchMax ?? 64;
  /** The batch timer while exchanges wait for it; null otherwise. */
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Items not yet processed: `queue[head..]`. One consumer takes them in order. */
  let queue: RecordItem[] = [];
  let head = 0;
  /** The consumer loop while it runs; null when idle. */
  let running: Promise<void> | null = null;
  let lastFedTs = 0;
  /** Verdicts written to the store (only changes; also the set of tracked accounts). */
  const writer = store ? createVerdictWriter(store, maxTracked) : undefined;
  const stats = { recorded: 0, dropped: 0, errors: 0 };
  let lines: string[] = [];
  let recordedUnreported = 0;

  const fail = (what: string, err: unknown): void => {
    stats.errors++;
    metrics?.recordError();
    options.onError?.(what, err);
  };

  /**
   * Convert, log, feed the detector, debit usage: one exchange. Returns a promise only when there
   * is store work to wait for (a changed verdict, a usage debit), so the common case costs no
   * promise or microtask turn.
   */
  function processOne(item: RecordItem): Promise<void> | undefined {
    let ex: Exchange;
    try {
      ex = toExchange(item);
    } catch (err) {
      fail('convert', err);
      return undefined;
    }
    if (sink) lines.push(JSON.stringify(ex));
    stats.recorded++;
    recordedUnreported++;
    let wrote: Promise<void> | undefined;
    if (detector) {
      try {
        const t = Math.max(item.ts, lastFedTs);
        lastFedTs = t;
        const fed = t === item.ts ? ex : { ...ex, ts: new Date(t).toISOString() };
        const v = detector.observe(fed);
        wrote = writer?.write(v)?.catch((err: unknown) => fail('detector', err));
      } catch (err) {
        fail('detector', err);
      }
    }
    if (enforcer && ex.output_tokens !== undefined && ex.output_tokens > 0) {
      const usage = { account: item.account, outputTokens: ex.output_tokens, now: now() };
      return wrote === undefined ? enforcer.recordUsage(usage) : wrote.then(() => enforcer.recordUsage(usage));
    }
    return wrote;
  }

  /** Hand the log lines and counts of the slice just done to the sink and the metrics. */
  function publish(): void {
    if (recordedUnreported > 0) metrics?.recorded(recordedUnreported);
    recordedUnreported = 0;
    metrics?.queueDepth(queue.length - head);
    if (lines.length === 0 || !sink) return;
    const text = lines.join('\n') + '\n';
    lines = [];
    try {
      sink(text);
    } catch (err) {
      fail('sink', err);
    }
  }

  /**
   * The one consumer: takes items in arrival order, at most `sliceMs` of work at a time, then
   * yields (setImmediate) so the I/O of requests in flight always runs between slices.
   */
  async function consume(immediate: boolean): Promise<void> {
    if (!immediate) await new Promise<void>((r) => setImmediate(r));
    let sliceStart = performance.now();
    while (head < queue.length) {
      if (performance.now() - sliceStart > sliceMs) {
        publish();
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
      }
      const item = queue[head];
      queue[head++] = undefined as unknown as RecordItem; // let it be collected
      if (head >= 1024 && head * 2 >= queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      try {
        const pending = processOne(item);
        if (pending !== undefined) await pending;
      } catch (err) {
        fail('record', err);
      }
    }
    queue = [];
    head = 0;
    publish();
  }

  /** Start the consumer on the next turn, or when the batch is full or its time is up. */
  function schedule(): void {
    if (batchMs <= 0 || queue.length - head >= batchMax) void start();
    else timer ??= setTimeout(() => void start(true), batchMs);
  }

  function start(immediate = false): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    running ??= consume(immediate).finally(() => {
      running = null;
      // Items enqueued while the last await settled.
      if (head < queue.length) schedule();
    });
    return running;
  }

  return {
    enqueue(item) {
      if (queue.length - head >= maxQueue) {
        // Shed: the detector has fallen this far behind. Counted; reported once per 1,000.
        stats.dropped++;
        metrics?.recordDropped();
        if (stats.dropped % 1000 === 1) options.onError?.('queue full', new Error(`record queue full (${maxQueue}); ${stats.dropped} dropped so far`));
        return;
      }
      queue.push(item);
      if (running === null) schedule();
    },
    async flush() {
      while (running !== null || head < queue.length) await (running ?? start());
    },
    async resync() {
      if (!detector || !writer) return 0;
      return writer.resync(detector, (err) => fail('store', err));
    },
    get pending() {
      return queue.length - head;
    },
    stats,
  };
}
