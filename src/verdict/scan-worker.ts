/**
 * The second core of `moat scan`: a worker thread that reads the exchange log (line split,
 * validation, key hashing, quarantine decisions) and runs the signal extractor, in log order,
 * and posts compact batches to the main thread, which runs only the engine. See scan-pipe.ts
 * for the protocol and the main-thread side.
 *
 * - Each batch carries the exchanges without their text fields (the extractor already read
 *   them; the engine never does), their signals, the lines quarantined since the last batch and
 *   progress events, so the main thread replays everything in exactly the order of a one-thread
 *   run.
 * - Backpressure: at most `maxInFlight` batches are posted and not yet acknowledged.
 * - Any failure is posted as one `error` message (name + message) and the worker ends.
 */
import { closeSync, openSync } from 'node:fs';
import { ackCredits } from '../core/ack-credits.js';
import { parentPort, workerData } from 'node:worker_threads';
import { pieceCount, pieceRange } from '../ingest/line-range.js';
import { emptyStats } from '../ingest/scan.js';
import type { IngestStats } from '../ingest/scan.js';
import type { Exchange } from '../core/exchange.js';
import { readExchanges } from '../ingest/read-log.js';
import type { Quarantine, QuarantineInput } from '../ingest/quarantine.js';
import { createSignalExtractor } from '../signals/index.js';
import type { ExchangeSignals } from '../signals/index.js';
import type { PipeEvent, WorkerInput, WorkerMessage } from './scan-pipe.js';
import { createEncoder } from './scan-codec.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.ts must run in a worker thread');
const data = workerData as WorkerInput;

const credits = ackCredits(port, data.maxInFlight);

let events: PipeEvent[] = [];
let total = 0;
/** Pool mode: counts of the piece being read (a quarantined line before its first accepted one is marked). */
let pieceStats: IngestStats | null = null;
const quarantine: Quarantine = {
  add(entry: QuarantineInput) {
    total++;
    events.push(pieceStats === null ? { kind: 'quarantine', entry } : { kind: 'quarantine', entry, beforeOk: pieceStats.okLines === 0 });
  },
  get total() {
    return total;
  },
  counts: () => ({}),
  sample: [],
  path: null,
  close() {},
};
const progress = {
  start: (n?: number) => events.push({ kind: 'progress-start', n }),
  update: (n: number) => events.push({ kind: 'progress', n }),
  stop: () => events.push({ kind: 'progress-stop' }),
};

const encode = createEncoder();

async function post(exchanges: Exchange[], signals: ExchangeSignals[], piece?: { lines: number; okLines: number }, keys?: number[]): Promise<void> {
  await credits.take();
  const msg: WorkerMessage = { type: 'batch', wire: encode(exchanges, signals, keys), events, piece };
  events = [];
  port!.postMessage(msg, [msg.wire.nums.buffer]);
}

/**
 * Pool mode: this reader takes pieces index, index + readers, … of a plain file (see
 * src/ingest/line-range.ts) and posts one batch a piece, with the piece's line counts; line numbers
 * in quarantine entries count from the piece's first line (the main thread adds the base).
 */
async function pool(p: NonNullable<WorkerInput['pool']>): Promise<void> {
  // Caches inside the extractor and the key hasher are pure: a reader that sees only some
  // pieces computes exactly what one reader of the whole file would. Template mining is not (an
  // id depends on the prompts seen before): the reader records the framing keys and the main
  // thread mines them in log order (scan-pipe.ts).
  let keys: number[] = [];
  const extractor = createSignalExtractor({}, {
    assign(prefixKey: number, suffixKey: number, whole: boolean): number {
      keys.push(prefixKey, suffixKey, whole ? 1 : 0);
      return 0;
    },
  });
  const fd = openSync(data.input, 'r');
  const keyCache = new Map<string, string>();
  try {
    const n = pieceCount(p.size, p.pieceBytes);
    for (let i = p.index; i < n; i += p.readers) {
      const range = pieceRange(fd, p.size, i, p.pieceBytes);
      const stats = emptyStats();
      pieceStats = stats;
      const exchanges: Exchange[] = [];
      const signals: ExchangeSignals[] = [];
      if (range.end > range.start) {
        for await (const batch of readExchanges(data.input, { quarantine, keySecret: data.keySecret, maxLineBytes: data.maxLineBytes, range, stats, keyCache })) {
          for (let k = 0; k < batch.length; k++) {
            exchanges.push(batch[k]);
            signals.push(extractor.extract(batch[k]));
          }
        }
      }
      await post(exchanges, signals, { lines: stats.lines, okLines: stats.okLines }, keys);
      keys = [];
    }
  } finally {
    closeSync(fd);
  }
  port!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

async function main(): Promise<void> {
  if (data.pool !== undefined) return pool(data.pool);
  const extractor = createSignalExtractor();
  for await (const batch of readExchanges(data.input, { quarantine, progress: data.progress ? progress : undefined, keySecret: data.keySecret, maxLineBytes: data.maxLineBytes })) {
    const signals: ExchangeSignals[] = new Array(batch.length);
    for (let k = 0; k < batch.length; k++) {
      signals[k] = extractor.extract(batch[k]);
    }
    await post(batch, signals);
  }
  await post([], []);
  port!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

main().catch((err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  // flush what was quarantined before the failure, then the error
  if (events.length > 0) port!.postMessage({ type: 'batch', wire: encode([], []), events } satisfies WorkerMessage);
  port!.postMessage({ type: 'error', name: e.name, message: e.message, exitCode: (e as { exitCode?: number }).exitCode } satisfies WorkerMessage);
});
