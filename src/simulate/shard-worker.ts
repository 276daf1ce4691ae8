/**
 * Generator worker: builds the population, writes the side files (shard 0 only, before saying
 * ready), then posts its shard's batches (shard.ts) to the main thread, transferring their
 * memory. At most `maxInFlight` batches are posted and not yet acknowledged: memory stays bounded
 * whatever the speed of the reader.
 */
import { ackCredits } from '../core/ack-credits.js';
import { parentPort, workerData } from 'node:worker_threads';
import { expectedExchanges } from './population.js';
import { prepare, writeSideFiles, type SimulateOptions } from './prepare.js';
import { exchangeChunks } from './generate.js';
import { ownBuffer, ShardGenerator } from './shard.js';
import type { ShardWorkerInput, ShardWorkerMessage } from './threads.js';

const input = workerData as ShardWorkerInput;
const port = parentPort!;
const credits = ackCredits(port, input.maxInFlight);

function post(m: ShardWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

async function main(): Promise<void> {
  const opts: SimulateOptions = input.opts;
  const { pop, pools } = prepare(opts);
  if (input.shard === 0 && input.sideDir) writeSideFiles(pop, input.sideDir);
  if (input.shards === 1) {
    // One worker: whole lines, ids included (the single-threaded generator); the main thread only writes.
    post({ type: 'ready', accounts: pop.plans.length, expected: expectedExchanges(pop) });
    const stats = { exchanges: 0, live: 0 };
    let sent = 0;
    for (const chunk of exchangeChunks(pop, pools, { limit: opts.limit, chunkLines: input.batchLines }, stats)) {
      await credits.take();
      const bytes = ownBuffer(chunk);
      post({ type: 'chunk', bytes, lines: stats.exchanges - sent }, [bytes.buffer as ArrayBuffer]);
      sent = stats.exchanges;
    }
  } else {
    const gen = new ShardGenerator(pop.plans, pop.seed, pop.end, pools, { shard: input.shard, shards: input.shards, batchLines: input.batchLines, limit: opts.limit });
    post({ type: 'ready', accounts: pop.plans.length, expected: expectedExchanges(pop) });
    // Drop the population: the other shards' plans are garbage from here on.
    pop.plans = [];
    for (;;) {
      await credits.take();
      const b = gen.next();
      if (b === null) break;
      post({ type: 'batch', batch: b }, [b.bytes.buffer as ArrayBuffer, b.ends.buffer as ArrayBuffer, b.times.buffer as ArrayBuffer, b.slots.buffer as ArrayBuffer]);
    }
  }
  post({ type: 'done' });
}

main().catch((err: unknown) => {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
