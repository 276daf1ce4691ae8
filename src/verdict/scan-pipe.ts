/**
 * Main-thread side of the two-thread scan: starts scan-worker.ts, which reads, validates and
 * extracts signals, and yields its batches in log order, replaying its quarantine entries and
 * progress events on the caller's quarantine and progress sink. Bounded: the worker keeps at
 * most `maxInFlight` unacknowledged batches; a batch is acknowledged when the caller asks for
 * the next one. A worker failure is re-thrown here (an IngestError stays an IngestError).
 */
import { startWorker } from '../core/start-worker.js';
import { workerInbox } from '../core/worker-inbox.js';
import type { ProgressSink } from '../cli/progress.js';
import type { Exchange } from '../core/exchange.js';
import { IngestError } from '../ingest/errors.js';
import type { Quarantine, QuarantineInput } from '../ingest/quarantine.js';
import type { ExchangeSignals } from '../signals/index.js';
import { createDecoder } from './scan-codec.js';
import type { WireBatch } from './scan-codec.js';

/** What the worker is started with. */
export interface WorkerInput {
  input: string;
  keySecret?: string;
  maxLineBytes?: number;
  progress: boolean;
  maxInFlight: number;
}

/** Quarantine entries and progress events, in the order the reader produced them. */
export type PipeEvent =
  | { kind: 'quarantine'; entry: QuarantineInput }
  | { kind: 'progress-start'; n?: number }
  | { kind: 'progress'; n: number }
  | { kind: 'progress-stop' };

export type WorkerMessage =
  | { type: 'batch'; wire: WireBatch; events: PipeEvent[] }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string; exitCode?: number };

export interface PipeOptions {
  quarantine: Quarantine;
  progress?: ProgressSink;
  keySecret?: string;
  maxLineBytes?: number;
  /** Batches posted and not yet consumed. Default 8. */
  maxInFlight?: number;
  /** The worker's young generation (V8 `maxYoungGenerationSizeMb`); default DEFAULT_WORKER_YOUNG_MB. */
  youngMb?: number;
}

/** Young generation of the reader worker (see docs/benchmarks.md "Scan throughput" for the measurement). */
export const DEFAULT_WORKER_YOUNG_MB = 0;

/** One batch: exchanges (text fields dropped) and their signals, index for index. */
export interface PipeBatch {
  exchanges: Exchange[];
  signals: ExchangeSignals[];
}

/**
 * Read `input` (a file or directory, not stdin) on a worker thread.
 * @example
 * for await (const b of pipeExchanges('sim/', { quarantine })) for (let k = 0; k < b.exchanges.length; k++) use(b.exchanges[k], b.signals[k]);
 */
export async function* pipeExchanges(input: string, opts: PipeOptions): AsyncGenerator<PipeBatch> {
  const data: WorkerInput = { input, keySecret: opts.keySecret, maxLineBytes: opts.maxLineBytes, progress: opts.progress !== undefined, maxInFlight: opts.maxInFlight ?? 8 };
  const young = opts.youngMb ?? DEFAULT_WORKER_YOUNG_MB;
  const resourceLimits = young > 0 ? { maxYoungGenerationSizeMb: young } : undefined;
  const worker = startWorker(import.meta.url, 'scan-worker', { workerData: data, resourceLimits });

  const decode = createDecoder();
  const inbox = workerInbox<WorkerMessage>(worker, 'scan worker');

  try {
    for (;;) {
      const m = await inbox.take();
      if (m.type === 'done') return;
      if (m.type === 'error') throw m.name === 'IngestError' ? new IngestError(m.message, m.exitCode) : new Error(m.message);
      for (const e of m.events) replay(e, opts);
      const [exchanges, signals] = decode(m.wire);
      if (exchanges.length > 0) yield { exchanges, signals };
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}

function replay(e: PipeEvent, opts: PipeOptions): void {
  if (e.kind === 'quarantine') {
    const raw = e.entry.raw;
    // Buffers arrive as plain Uint8Arrays
    opts.quarantine.add({ ...e.entry, raw: typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) });
  } else if (e.kind === 'progress-start') opts.progress?.start(e.n);
  else if (e.kind === 'progress') opts.progress?.update(e.n);
  else opts.progress?.stop();
}
