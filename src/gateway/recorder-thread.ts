/**
 * The recorder on a worker thread: same contract as createRecorder (./recorder.ts), but the
 * adapters, the detector and the log writer run on their own thread, so detection never competes
 * with proxying for the event loop. The main thread only batches finished requests (one
 * postMessage a tick) and applies what comes back: verdict changes to the store, output-token
 * usage to the enforcer.
 */
import type { AccountRecord } from '../core/exchange.js';
import { startWorker } from '../core/start-worker.js';
import type { Enforcer } from '../enforce/index.js';
import type { StateStore, StoredVerdict } from '../store/index.js';
import type { GatewayMetrics } from './metrics.js';
import type { Recorder, RecordItem } from './recorder.js';

/** A RecordItem as it crosses to the worker (provider by name). */
export type WireItem = Omit<RecordItem, 'provider' | 'chunks' | 'request' | 'requestBytes'> & {
  provider: string;
  chunks: Uint8Array[] | null;
  /** The parsed request, or (preferred) its raw bytes to parse in the worker. */
  request?: RecordItem['request'];
  requestBytes?: Uint8Array;
};
export type ToWorker = { t: 'items'; items: WireItem[] } | { t: 'accounts'; records: AccountRecord[] } | { t: 'flush' | 'resync' | 'close'; id: number };
export type FromWorker =
  | { t: 'verdict'; account: string; v: StoredVerdict | null }
  | { t: 'usage'; account: string; outputTokens: number; now: number }
  | { t: 'error'; what: string; message: string }
  | { t: 'done'; id: number; n: number }
  /** The worker took `n` items off its port (they are now bounded by its own queue). */
  | { t: 'ack'; n: number };

export interface ThreadedRecorderOptions {
  store: StateStore;
  enforcer?: Enforcer;
  /** Seed of the online detector (it runs in the worker). */
  seed?: number;
  /** Exchange log (JSONL), appended by the worker. */
  logFile?: string;
  metrics?: GatewayMetrics;
  onError?: (what: string, err: unknown) => void;
  /** Items not yet taken by the worker; beyond it they are dropped and counted. Default 100,000. */
  maxQueue?: number;
  /**
   * Nice value of the worker thread alone (Linux: per thread), 0–19. Default 19: detection only
   * takes CPU the event loop does not want; if it falls behind, its bounded queue sheds (counted).
   */
  nice?: number;
}

export interface ThreadedRecorder extends Recorder {
  /** Give the worker's detector an account record (the accounts side file); ordered with the exchanges. */
  addAccount(record: AccountRecord): void;
  /** Stop the worker after recording everything queued. */
  close(): Promise<void>;
}

/**
 * @example
 * const recorder = createThreadedRecorder({ store, enforcer, seed: 1, logFile: 'exchanges.jsonl' });
 * createGateway({ …, recorder });
 * // at shutdown
 * await recorder.close();
 */
export function createThreadedRecorder(options: ThreadedRecorderOptions): ThreadedRecorder {
  const workerData = { seed: options.seed ?? 1, logFile: options.logFile, maxQueue: options.maxQueue, nice: options.nice ?? 19 };
  const worker = startWorker(import.meta.url, 'record-worker', { workerData });
  worker.unref();
  const maxQueue = options.maxQueue ?? 100_000;
  const stats = { recorded: 0, dropped: 0, errors: 0 };
  let batch: WireItem[] = [];
  /** Items posted to the worker that it has not taken yet: a starved worker must not let them pile up. */
  let unacked = 0;
  let scheduled = false;
  let nextId = 1;
  let dead = false;
  const waiting = new Map<number, (n: number) => void>();
  // Store writes are applied in order, one at a time.
  let applying: Promise<void> = Promise.resolve();

  const fail = (what: string, err: unknown): void => {
    stats.errors++;
    options.metrics?.recordError();
    options.onError?.(what, err);
  };

  worker.on('message', (msgs: FromWorker[]) => {
    for (const m of msgs) receive(m);
  });
  function receive(m: FromWorker): void {
    if (m.t === 'verdict') {
      applying = applying
        .then(() => (m.v === null ? options.store.clearVerdict(m.account) : options.store.setVerdict(m.account, m.v)))
        .catch((err) => fail('store', err));
    } else if (m.t === 'usage') {
      if (options.enforcer) void options.enforcer.recordUsage({ account: m.account, outputTokens: m.outputTokens, now: m.now });
    } else if (m.t === 'ack') {
      unacked -= m.n;
    } else if (m.t === 'error') {
      fail(m.what, new Error(m.message));
    } else if (m.t === 'done') {
      const resolve = waiting.get(m.id);
      waiting.delete(m.id);
      void applying.then(() => resolve?.(m.n));
    }
  }
  worker.on('error', (err) => fail('worker', err));
  // A dead worker must not leave callers waiting.
  worker.on('exit', () => {
    for (const resolve of waiting.values()) resolve(0);
    waiting.clear();
    dead = true;
  });

  function send(): void {
    scheduled = false;
    const items = batch;
    batch = [];
    options.metrics?.queueDepth(0);
    if (items.length > 0 && !dead) {
      worker.postMessage({ t: 'items', items } satisfies ToWorker);
      unacked += items.length;
      options.metrics?.recorded(items.length);
    }
  }

  function call(t: 'flush' | 'resync' | 'close'): Promise<number> {
    if (dead) return Promise.resolve(0);
    send();
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ t, id } satisfies ToWorker);
    });
  }

  return {
    addAccount(record) {
      if (dead) return;
      send(); // exchanges queued before it stay before it
      worker.postMessage({ t: 'accounts', records: [record] } satisfies ToWorker);
    },
    enqueue(item) {
      if (batch.length + unacked >= maxQueue) {
        stats.dropped++;
        options.metrics?.recordDropped();
        if (stats.dropped % 1000 === 1) options.onError?.('queue full', new Error(`record queue full (${maxQueue}); ${stats.dropped} dropped so far`));
        return;
      }
      const { provider, chunks, request, requestBytes, ...rest } = item;
      const wire: WireItem = { ...rest, provider: provider.name, chunks: chunks === null ? null : [Buffer.concat(chunks)] };
      if (requestBytes) wire.requestBytes = requestBytes;
      else wire.request = request;
      batch.push(wire);
      stats.recorded++;
      if (!scheduled) {
        scheduled = true;
        setImmediate(send);
      }
    },
    async flush() {
      await call('flush');
    },
    resync: () => call('resync'),
    get pending() {
      return batch.length + unacked;
    },
    stats,
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
