/**
 * Reading a pipe (stdin, a FIFO) on a thread of its own. A pipe holds 64 KiB. Read on the
 * consumer's own thread, the next read waits until that thread's parsing lets its event loop
 * run, and the writer waits for that read: in `moat simulate … | moat scan -` the writer and the
 * scan's reader took turns. A 12 M-exchange seed-scale prefix took 234 s piped through the
 * 64 KiB pipe and 187 s through a 1 MiB one (docs/benchmarks.md); Node cannot resize a pipe, so
 * this thread keeps it drained instead, up to a bounded number of blocks ahead of the consumer.
 */
import { startWorker } from '../core/start-worker.js';
import { workerInbox } from '../core/worker-inbox.js';

/** What the pump thread is started with. */
export interface PumpInput {
  path: string;
  blockBytes: number;
  maxInFlight: number;
}

export type PumpMessage = { type: 'block'; bytes: ArrayBuffer } | { type: 'end' } | { type: 'error'; message: string; code?: string };

export interface PumpOptions {
  /** Bytes gathered before a block is posted while the consumer is busy. Default 1 MiB. */
  blockBytes?: number;
  /** Blocks posted and not yet taken before reading pauses. Default 32 (≈ 32 MiB). */
  maxInFlight?: number;
}

/**
 * The bytes of the pipe at `path`, in order, in blocks of up to `blockBytes` (smaller whenever
 * the consumer is waiting). A read error is thrown with the reader's message and `code`.
 * @example for await (const block of pumpPipe('/dev/stdin')) use(block);
 */
export async function* pumpPipe(path: string, opts: PumpOptions = {}): AsyncGenerator<Buffer> {
  const input: PumpInput = { path, blockBytes: opts.blockBytes ?? 1 << 20, maxInFlight: opts.maxInFlight ?? 32 };
  const worker = startWorker(import.meta.url, 'pipe-pump-worker', { workerData: input });
  const inbox = workerInbox<PumpMessage>(worker, 'pipe reader');
  try {
    for (;;) {
      const m = await inbox.take();
      if (m.type === 'end') return;
      if (m.type === 'error') throw Object.assign(new Error(m.message), { code: m.code });
      worker.postMessage('ack');
      yield Buffer.from(m.bytes);
    }
  } finally {
    // Not awaited: a read the pump thread has waiting on a silent writer would hold the caller
    // until the writer writes or closes. Unref'd, the thread does not keep the process alive.
    worker.unref();
    void worker.terminate();
  }
}
