/**
 * The merge: one lazy runner per account, a min-heap keyed by each runner's next exchange time,
 * and output in string chunks of 128 lines (about 64–80 KB). Memory is O(accounts), independent of the number of exchanges.
 */
import type { Population } from './population.js';
import type { PromptPools } from './prompts.js';
import { TimeHeap } from './heap.js';
import { hash32 } from './rng.js';
import { AccountRunner } from './runner.js';

export interface GenerateOptions {
  /** Flush a chunk every this many exchanges (default 128: about 64–80 KB). */
  chunkLines?: number;
  /** Stop after this many exchanges (default: the whole window). */
  limit?: number;
}

/** Live merge state, exposed for tests and progress. */
export interface MergeStats {
  exchanges: number;
  /** Runners still holding a future event. */
  live: number;
}

/**
 * Yield exchanges.jsonl content in time order, as UTF-8 buffers of whole lines (a chunk that is
 * all ASCII is copied as latin1: same bytes, no UTF-8 encoding pass).
 * @example for (const chunk of exchangeChunks(pop, pools)) process.stdout.write(chunk);
 */
export function* exchangeChunks(pop: Population, pools: PromptPools, opts: GenerateOptions = {}, stats?: MergeStats): Generator<Buffer> {
  const chunkLines = opts.chunkLines ?? 128;
  const limit = opts.limit ?? Infinity;
  const runners: AccountRunner[] = new Array(pop.plans.length);
  const heap = new TimeHeap(pop.plans.length);
  for (let i = 0; i < pop.plans.length; i++) {
    const r = new AccountRunner(pop.plans[i], hash32(pop.seed, pop.plans[i].id), pools);
    runners[i] = r;
    if (r.t < pop.end) heap.push(r.t, i);
  }
  const idPrefix = `sim${pop.seed}-`;
  let n = 0;
  let inChunk = 0;
  let ascii = true;
  const parts: string[] = [];
  while (heap.size > 0 && n < limit) {
    const slot = heap.peekSlot();
    const r = runners[slot];
    if (!r.line(idPrefix, n.toString(36), parts)) ascii = false;
    n++;
    inChunk++;
    const t = r.nextEvent();
    if (t < pop.end) heap.replaceTop(t);
    else heap.pop();
    if (inChunk >= chunkLines) {
      if (stats) {
        stats.exchanges = n;
        stats.live = heap.size;
      }
      const chunk = Buffer.from(parts.join(''), ascii ? 'latin1' : 'utf8');
      parts.length = 0;
      inChunk = 0;
      ascii = true;
      yield chunk;
    }
  }
  if (stats) {
    stats.exchanges = n;
    stats.live = heap.size;
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''), ascii ? 'latin1' : 'utf8');
}

/** accounts.jsonl content: one AccountRecord a line, sorted by account id. */
export function accountLines(pop: Population): string {
  return pop.plans.map((p) => JSON.stringify(p.record)).join('\n') + '\n';
}

/** truth.jsonl content: one TruthRecord a line (evaluation only). */
export function truthLines(pop: Population): string {
  return pop.plans.map((p) => JSON.stringify(p.truth)).join('\n') + '\n';
}
