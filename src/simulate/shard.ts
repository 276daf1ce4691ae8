/**
 * One shard of the simulator's merge: the accounts whose index i has i % shards === shard, merged
 * in time order exactly as `exchangeChunks` merges all of them, but rendered without the id (which
 * depends on the global position) and batched with each line's sort key (time, account index).
 * `mergeShards` (merge.ts) interleaves the shards by that key and puts the ids in front, so the
 * output is byte for byte the single-threaded one. Runs on a worker thread (shard-worker.ts) or
 * in-process (tests).
 */
import type { AccountPlan } from './plan.js';
import type { PromptPools } from './prompts.js';
import { TimeHeap } from './heap.js';
import { hash32 } from './rng.js';
import { AccountRunner } from './runner.js';

/**
 * Lines of one shard, in output order. `bytes` holds the lines back to back, each from `","ts":"`
 * to its newline; line k ends at ends[k] (exclusive) and starts at ends[k-1] (0 for k = 0); its
 * sort key is (times[k], slots[k]), slots being global account indices.
 */
export interface ShardBatch {
  count: number;
  bytes: Uint8Array;
  ends: Uint32Array;
  times: Float64Array;
  slots: Int32Array;
}

export interface ShardOptions {
  shard: number;
  shards: number;
  /** Lines a batch (default 1024: about 600 KB). */
  batchLines?: number;
  /** Stop after this many lines of this shard (the merge stops at the global limit). */
  limit?: number;
}

/**
 * Lazy generator of one shard's batches. Keeps only its own accounts' runners: the plans of the
 * other shards can be collected once the caller drops the population.
 * @example const g = new ShardGenerator(pop.plans, pop.seed, pop.end, pools, { shard: 0, shards: 2 }); g.next()
 */
export class ShardGenerator {
  private readonly runners: AccountRunner[] = [];
  private readonly slotOf: number[] = [];
  private readonly heap: TimeHeap;
  private readonly end: number;
  private readonly batchLines: number;
  private left: number;

  constructor(plans: readonly AccountPlan[], seed: number, end: number, pools: PromptPools, opts: ShardOptions) {
    if (!(Number.isInteger(opts.shards) && opts.shards >= 1 && Number.isInteger(opts.shard) && opts.shard >= 0 && opts.shard < opts.shards)) {
      throw new Error(`shard ${opts.shard} of ${opts.shards}: need 0 <= shard < shards`);
    }
    this.end = end;
    this.batchLines = opts.batchLines ?? 1024;
    this.left = opts.limit ?? Infinity;
    this.heap = new TimeHeap(Math.ceil(plans.length / opts.shards));
    for (let i = opts.shard; i < plans.length; i += opts.shards) {
      const r = new AccountRunner(plans[i], hash32(seed, plans[i].id), pools);
      const j = this.runners.length;
      this.runners.push(r);
      this.slotOf.push(i);
      // Local slots grow with global ones, so the heap's tie order (lower slot first) is the global order.
      if (r.t < end) this.heap.push(r.t, j);
    }
  }

  /** The next batch, or null when the shard is done. */
  next(): ShardBatch | null {
    const heap = this.heap;
    const cap = Math.min(this.batchLines, this.left);
    if (heap.size === 0 || cap <= 0) return null;
    const times = new Float64Array(cap);
    const slots = new Int32Array(cap);
    const parts: string[] = [];
    let ascii = true;
    let count = 0;
    while (count < cap && heap.size > 0) {
      const j = heap.peekSlot();
      const r = this.runners[j];
      times[count] = r.t;
      slots[count] = this.slotOf[j];
      if (!r.body(parts)) ascii = false;
      count++;
      const t = r.nextEvent();
      if (t < this.end) heap.replaceTop(t);
      else heap.pop();
    }
    this.left -= count;
    const bytes = Buffer.from(parts.join(''), ascii ? 'latin1' : 'utf8');
    const ends = new Uint32Array(count);
    let pos = 0;
    for (let k = 0; k < count; k++) {
      pos = bytes.indexOf(10, pos) + 1;
      ends[k] = pos;
    }
    return {
      count,
      bytes: ownBuffer(bytes),
      ends,
      times: count === cap ? times : times.slice(0, count),
      slots: count === cap ? slots : slots.slice(0, count),
    };
  }
}

/**
 * A Uint8Array that owns its whole ArrayBuffer (so it can be transferred), copying only if needed.
 * @example port.postMessage(b, [ownBuffer(buf).buffer])
 */
export function ownBuffer(b: Buffer): Uint8Array {
  return b.byteOffset === 0 && b.buffer.byteLength === b.length ? b : new Uint8Array(b);
}
