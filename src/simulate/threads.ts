/**
 * The simulator on several threads: n generator workers (shard-worker.ts), each rendering the
 * exchanges of every n-th account, and this thread merging them (merge.ts) and writing. Same bytes
 * as the single-threaded path for the same options. Each worker keeps at most `maxInFlight`
 * unacknowledged batches (about 600 KB each); a batch is acknowledged when the merge moves past it.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/start-worker.js';
import { workerInbox, type WorkerInbox } from '../core/worker-inbox.js';
import type { Writable } from 'node:stream';
import { mergeShards, type BatchSource } from './merge.js';
import type { SimulateOptions } from './prepare.js';
import type { ShardBatch } from './shard.js';
import { pump } from './sink.js';

/** What a generator worker is started with (options without the progress sink). */
export interface ShardWorkerInput {
  opts: Omit<SimulateOptions, 'progress'>;
  shard: number;
  shards: number;
  sideDir?: string;
  batchLines: number;
  maxInFlight: number;
}

export type ShardWorkerMessage =
  | { type: 'ready'; accounts: number; expected: number }
  | { type: 'batch'; batch: ShardBatch }
  /** One worker (no merge): ready output bytes, ids included. */
  | { type: 'chunk'; bytes: Uint8Array; lines: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

export interface ThreadOptions {
  /** Batches a worker may have posted and not yet had acknowledged (default 4). */
  maxInFlight?: number;
  /** Lines a batch (default 1024). */
  batchLines?: number;
  /** Output chunk size (default 1 MiB). */
  chunkBytes?: number;
  /**
   * V8 young generation of each worker, MB (default: V8's own). Measured on seed-scale, 1 M exchanges,
   * 2 workers: 0 / 16 / 64 MB gave 13.6 / 14.7 / 16.2 CPU-seconds and 834 / 817 / 904 MB peak RSS.
   */
  youngMb?: number;
}

export interface ThreadedResult {
  accounts: number;
  exchanges: number;
  expected: number;
  closed: boolean;
  /** Most batches one worker had posted and not had acknowledged (bounded by maxInFlight). */
  maxQueued: number;
}

/** One worker seen as a BatchSource: its messages queue in an inbox until the merge asks for them. */
class WorkerSource implements BatchSource {
  private readonly inbox: WorkerInbox<ShardWorkerMessage>;
  private delivered = false;
  /** Batches or chunks in the inbox. */
  private queued = 0;
  /** Most batches or chunks held here at once, queued or being merged (at most maxInFlight). */
  maxQueued = 0;
  /** Lines passed on by chunks(). */
  lines = 0;
  readonly worker: Worker;

  constructor(worker: Worker) {
    this.worker = worker;
    this.inbox = workerInbox<ShardWorkerMessage>(worker, 'simulate worker', (m) => {
      if (m.type === 'batch' || m.type === 'chunk') this.maxQueued = Math.max(this.maxQueued, ++this.queued + (this.delivered ? 1 : 0));
    });
  }

  /** The next message, waiting for it; a failure (the worker's error message included) is thrown. */
  async take(): Promise<ShardWorkerMessage> {
    const m = await this.inbox.take();
    if (m.type === 'batch' || m.type === 'chunk') this.queued--;
    if (m.type === 'error') throw new Error(m.message);
    return m;
  }

  /** Tell the worker the batch handed out last is done with (it may post another). */
  private ack(): void {
    if (!this.delivered) return;
    this.delivered = false;
    this.worker.postMessage('ack');
  }

  /** One-worker mode: the worker's chunks as they are, acknowledged when the next is asked for. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      this.ack();
      const m = await this.take();
      if (m.type === 'done') return;
      if (m.type !== 'chunk') throw new Error(`simulate worker: unexpected ${m.type}`);
      this.delivered = true;
      this.lines += m.lines;
      yield Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    }
  }

  async next(): Promise<ShardBatch | null> {
    this.ack();
    const m = await this.take();
    if (m.type === 'done') return null;
    if (m.type !== 'batch') throw new Error(`simulate worker: unexpected ${m.type}`);
    this.delivered = true;
    return m.batch;
  }
}

/**
 * Stream exchanges.jsonl to `out` with `threads` generator workers; side files (accounts.jsonl,
 * truth.jsonl) are written to sideDir before the first exchange.
 * @example await simulateThreaded({ scenario: 'small', seed: 1 }, 2, process.stdout)
 */
export async function simulateThreaded(opts: SimulateOptions, threads: number, out: Writable, sideDir?: string, topts: ThreadOptions = {}): Promise<ThreadedResult> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const { progress, ...plain } = opts;
  const sources: WorkerSource[] = [];
  try {
    for (let shard = 0; shard < threads; shard++) {
      const input: ShardWorkerInput = { opts: plain, shard, shards: threads, sideDir, batchLines: topts.batchLines ?? 1024, maxInFlight: topts.maxInFlight ?? 4 };
      sources.push(new WorkerSource(startShardWorker(input, topts.youngMb ?? 0)));
    }
    let accounts = 0;
    let expected = 0;
    for (const s of sources) {
      const m = await s.take();
      if (m.type !== 'ready') throw new Error(`simulate worker: expected ready, got ${m.type}`);
      accounts = m.accounts;
      expected = Math.min(m.expected, opts.limit ?? Infinity);
    }
    const stats = { exchanges: 0 };
    progress?.start(expected);
    const one = sources.length === 1 ? sources[0] : null;
    const chunks = one ? one.chunks() : mergeShards(sources, `sim${opts.seed}-`, { limit: opts.limit, chunkBytes: topts.chunkBytes, stats });
    const res = await pump(chunks, out, () => progress?.update(one ? (stats.exchanges = one.lines) : stats.exchanges));
    if (one) stats.exchanges = one.lines;
    progress?.update(stats.exchanges);
    progress?.stop();
    return { accounts, exchanges: stats.exchanges, expected, closed: res.closed, maxQueued: Math.max(...sources.map((s) => s.maxQueued)) };
  } finally {
    await Promise.all(sources.map((s) => s.worker.terminate()));
  }
}

function startShardWorker(input: ShardWorkerInput, youngMb: number): Worker {
  const resourceLimits = youngMb > 0 ? { maxYoungGenerationSizeMb: youngMb } : undefined;
  return startWorker(import.meta.url, 'shard-worker', { workerData: input, resourceLimits });
}
