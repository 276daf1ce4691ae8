/**
 * Main-thread side of the multi-thread scan: starts scan-worker.ts, which reads, validates and
 * extracts signals, and yields its batches in log order, replaying its quarantine entries and
 * progress events on the caller's quarantine and progress sink. Bounded: each worker keeps at
 * most `maxInFlight` unacknowledged batches; a batch is acknowledged when the caller asks for
 * the next one. A worker failure is re-thrown here (an IngestError stays an IngestError).
 *
 * With `readers` ≥ 2 and a plain (regular, uncompressed) file, a POOL of readers shares the
 * file: piece i (lines starting in [i·S, (i+1)·S), src/ingest/line-range.ts) goes to reader
 * i mod readers, and the pieces are consumed here strictly in order, so the engine sees exactly
 * the sequence of a one-reader scan; quarantine line numbers are made absolute here and the
 * "not what it claims" decision is taken here over the whole file, as the one-thread reader does.
 */
import { startWorker } from '../core/start-worker.js';
import { workerInbox } from '../core/worker-inbox.js';
import type { ProgressSink } from '../cli/progress.js';
import type { Exchange } from '../core/exchange.js';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { IngestError } from '../ingest/errors.js';
import { pieceCount } from '../ingest/line-range.js';
import { resolveLogFile } from '../ingest/open-input.js';
import { LOG_FILES } from '../core/exchange.js';
import { failureText, notWhatItClaims, PARSE_REASONS } from '../ingest/scan.js';
import type { Quarantine, QuarantineInput } from '../ingest/quarantine.js';
import type { ExchangeSignals } from '../signals/index.js';
import { DEFAULT_SIGNAL_CONFIG, TemplateMiner } from '../signals/index.js';
import { createDecoder, type AccountSlots } from './scan-codec.js';
import type { WireBatch } from './scan-codec.js';

/** What the worker is started with. */
export interface WorkerInput {
  input: string;
  keySecret?: string;
  maxLineBytes?: number;
  progress: boolean;
  maxInFlight: number;
  /** Pool mode: this reader's index among `readers`, reading pieces of `pieceBytes` of a plain file of `size` bytes. */
  pool?: { index: number; readers: number; pieceBytes: number; size: number };
}

/** Quarantine entries and progress events, in the order the reader produced them. */
export type PipeEvent =
  | { kind: 'quarantine'; entry: QuarantineInput; beforeOk?: boolean }
  | { kind: 'progress-start'; n?: number }
  | { kind: 'progress'; n: number }
  | { kind: 'progress-stop' };

export type WorkerMessage =
  | { type: 'batch'; wire: WireBatch; events: PipeEvent[]; piece?: { lines: number; okLines: number } }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string; exitCode?: number };

export interface PipeOptions {
  quarantine: Quarantine;
  progress?: ProgressSink;
  keySecret?: string;
  maxLineBytes?: number;
  /** Batches posted and not yet consumed. Default DEFAULT_MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** The worker's young generation (V8 `maxYoungGenerationSizeMb`); default DEFAULT_WORKER_YOUNG_MB. */
  youngMb?: number;
  /** Reader threads for a plain file (a pool when ≥ 2; stdin, pipes and gzip always get one). Default 1. */
  readers?: number;
  /** Pool mode: bytes per piece. Default DEFAULT_PIECE_BYTES. */
  pieceBytes?: number;
}

/**
 * Batches (1,000 exchanges each) a reader may post ahead of the engine. At seed scale an hourly
 * checkpoint holds the engine for up to a second: with 8 the reader stopped after ~0.1 s of it
 * and the two threads took turns; 64 (~1 s of reading, a few MB) keeps the reader going through
 * it (12 M seed-scale prefix: 159–185 s → 134–141 s wall, docs/benchmarks.md).
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Bytes a piece of the file handed to one reader of the pool (≈ 1,600 exchanges of the simulated medium log; 2 MiB pieces cost the readers ≈ 8 % more CPU, larger ones more). */
export const DEFAULT_PIECE_BYTES = 1024 * 1024;

/** As src/ingest/read-log.ts's readExchanges names what an exchange log should be. */
const EXPECTED = 'a Moat exchange log';
/** As src/ingest/scan.ts's default. */
const GIVE_UP_AFTER = 100;

/** Young generation of the reader worker (see docs/benchmarks.md "Scan throughput" for the measurement). */
export const DEFAULT_WORKER_YOUNG_MB = 0;

/** One batch: exchanges (text fields dropped), their signals and account slots, index for index. */
export interface PipeBatch {
  exchanges: Exchange[];
  signals: ExchangeSignals[];
  accounts: AccountSlots;
}

/**
 * Read `input` (a file or directory, not stdin) on a worker thread.
 * @example
 * for await (const b of pipeExchanges('sim/', { quarantine })) for (let k = 0; k < b.exchanges.length; k++) use(b.exchanges[k], b.signals[k]);
 */
export async function* pipeExchanges(input: string, opts: PipeOptions): AsyncGenerator<PipeBatch> {
  const readers = opts.readers ?? 1;
  const pieceBytes = opts.pieceBytes ?? DEFAULT_PIECE_BYTES;
  if (readers >= 2) {
    const file = exchangeFile(input);
    const size = file === null ? null : plainFileSize(file);
    if (size !== null && size > pieceBytes) {
      yield* pipePool(file!, size, readers, pieceBytes, opts);
      return;
    }
  }
  const data: WorkerInput = { input, keySecret: opts.keySecret, maxLineBytes: opts.maxLineBytes, progress: opts.progress !== undefined, maxInFlight: opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT };
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
      const [exchanges, signals, accounts] = decode(m.wire);
      if (exchanges.length > 0) yield { exchanges, signals, accounts };
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}

async function* pipePool(file: string, size: number, readers: number, pieceBytes: number, opts: PipeOptions): AsyncGenerator<PipeBatch> {
  const maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const young = opts.youngMb ?? DEFAULT_WORKER_YOUNG_MB;
  const resourceLimits = young > 0 ? { maxYoungGenerationSizeMb: young } : undefined;
  const workers: Worker[] = [];
  const inboxes: Array<ReturnType<typeof workerInbox<WorkerMessage>>> = [];
  const decoders: Array<ReturnType<typeof createDecoder>> = [];
  // the template miner the readers leave to this thread: one, fed in log order
  const miner = new TemplateMiner(DEFAULT_SIGNAL_CONFIG.templateTableCap, DEFAULT_SIGNAL_CONFIG.templateMinSupport);
  for (let w = 0; w < readers; w++) {
    const data: WorkerInput = { input: file, keySecret: opts.keySecret, maxLineBytes: opts.maxLineBytes, progress: false, maxInFlight, pool: { index: w, readers, pieceBytes, size } };
    const worker = startWorker(import.meta.url, 'scan-worker', { workerData: data, resourceLimits });
    workers.push(worker);
    inboxes.push(workerInbox<WorkerMessage>(worker, 'scan reader'));
    decoders.push(createDecoder(miner));
  }
  // The one-thread reader's give-up rule, over the whole file: lines that failed before any was accepted.
  let base = 0;
  let okSeen = false;
  let failed = 0;
  let parseFailed = 0;
  let firstFailure = '';
  opts.progress?.start(size);
  try {
    const n = pieceCount(size, pieceBytes);
    for (let i = 0; i < n; i++) {
      const w = i % readers;
      for (;;) {
        const m = await inboxes[w].take();
        if (m.type === 'done') throw new Error(`scan reader ${w} ended before piece ${i}`);
        if (m.type === 'error') throw m.name === 'IngestError' ? new IngestError(m.message, m.exitCode) : new Error(m.message);
        for (const e of m.events) {
          if (e.kind !== 'quarantine') continue;
          const entry = { ...e.entry, line: e.entry.line + base };
          replay({ kind: 'quarantine', entry }, opts);
          if (!okSeen && e.beforeOk === true) {
            failed++;
            if (PARSE_REASONS.has(entry.reason)) parseFailed++;
            if (firstFailure === '') firstFailure = failureText(entry.line, entry.field, entry.detail);
            if (failed >= GIVE_UP_AFTER) throw notWhatItClaims(file, EXPECTED, failed, parseFailed, firstFailure);
          }
        }
        const [exchanges, signals, accounts] = decoders[w](m.wire);
        // a batch without piece counts carries what a failing reader quarantined before its error
        if (m.piece === undefined) {
          workers[w].postMessage('ack');
          continue;
        }
        base += m.piece.lines;
        if (m.piece.okLines > 0) okSeen = true;
        if (exchanges.length > 0) yield { exchanges, signals, accounts };
        workers[w].postMessage('ack');
        opts.progress?.update(Math.min(size, (i + 1) * pieceBytes));
        break;
      }
    }
    if (!okSeen && failed > 0) throw notWhatItClaims(file, EXPECTED, failed, parseFailed, firstFailure);
  } finally {
    opts.progress?.stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The exchange log an input names (as readExchanges resolves it); null when there is none (the reader then says why). */
function exchangeFile(input: string): string | null {
  try {
    return resolveLogFile(input, LOG_FILES.exchanges, { sibling: false });
  } catch {
    return null;
  }
}

/** Size of `file` when it is a regular file that does not start with the gzip magic; else null. */
function plainFileSize(file: string): number | null {
  try {
    const st = statSync(file);
    if (!st.isFile()) return null;
    const fd = openSync(file, 'r');
    try {
      const magic = Buffer.alloc(2);
      const n = readSync(fd, magic, 0, 2, 0);
      return n === 2 && magic[0] === 0x1f && magic[1] === 0x8b ? null : st.size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
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
