import { beforeAll, describe, expect, it } from 'vitest';
import { exchangeChunks } from './generate.js';
import { mergeShards, type BatchSource } from './merge.js';
import { buildPopulation, type Population } from './population.js';
import { builtinPools } from './prompts.js';
import { scenario } from './scenarios.js';
import { ShardGenerator, type ShardBatch } from './shard.js';

const pools = builtinPools();

function single(pop: Population, limit?: number): string {
  let s = '';
  for (const c of exchangeChunks(pop, pools, { limit })) s += c.toString('utf8');
  return s;
}

function sources(pop: Population, shards: number, batchLines: number, limit?: number): BatchSource[] {
  return Array.from({ length: shards }, (_, shard) => {
    const g = new ShardGenerator(pop.plans, pop.seed, pop.end, pools, { shard, shards, batchLines, limit });
    return { next: () => g.next() };
  });
}

async function merged(pop: Population, shards: number, batchLines: number, opts: { limit?: number; chunkBytes?: number } = {}): Promise<{ text: string; chunks: number[] }> {
  const bufs: Buffer[] = [];
  for await (const c of mergeShards(sources(pop, shards, batchLines, opts.limit), `sim${pop.seed}-`, opts)) bufs.push(Buffer.from(c));
  return { text: Buffer.concat(bufs).toString('utf8'), chunks: bufs.map((b) => b.length) };
}

describe('sharded generation + merge', () => {
  let pop: Population;
  let whole: string;
  beforeAll(() => {
    pop = buildPopulation(scenario('small'), 3);
    whole = single(pop);
  });

  it('gives the single-threaded bytes for 1, 2 and 3 shards and any batch size', async () => {
    expect(whole.length).toBeGreaterThan(1_000_000);
    for (const [shards, batch] of [
      [1, 1024],
      [2, 1024],
      [2, 7],
      [3, 100],
    ] as const) {
      const { text } = await merged(pop, shards, batch);
      expect(text.length, `${shards} shards, ${batch} lines a batch`).toBe(whole.length);
      expect(text === whole, `${shards} shards, ${batch} lines a batch`).toBe(true);
    }
  });

  it('counts ids in base 36 across carries (z → 10, zzz → 1000) like n.toString(36)', async () => {
    // Synthetic shards: tiny lines, interleaved by time, ties broken by the lower slot.
    const n = 50_000;
    const batch = (from: number, count: number, slot: number): ShardBatch => {
      const lines = Array.from({ length: count }, (_, k) => `","ts":"${Math.floor((from + k) / 2)}/${slot}"}\n`);
      const bytes = Buffer.from(lines.join(''), 'latin1');
      let end = 0;
      return {
        count,
        bytes,
        ends: Uint32Array.from(lines, (l) => (end += l.length)),
        times: Float64Array.from(lines, (_, k) => Math.floor((from + k) / 2)),
        slots: Int32Array.from(lines, () => slot),
      };
    };
    const shard = (slot: number): BatchSource => {
      let from = 0;
      return {
        next: () => {
          if (from >= n) return null;
          const b = batch(from, Math.min(999, n - from), slot);
          from += b.count;
          return b;
        },
      };
    };
    const bufs: Buffer[] = [];
    for await (const c of mergeShards([shard(5), shard(2)], 'x-', { chunkBytes: 4096 })) bufs.push(Buffer.from(c));
    const lines = Buffer.concat(bufs).toString('latin1').trimEnd().split('\n');
    expect(lines).toHaveLength(2 * n); // ids past 'zzz' → '1000'
    lines.forEach((l, i) => {
      const m = /^\{"id":"x-([0-9a-z]+)","ts":"(\d+)\/(\d)"\}$/.exec(l);
      if (!m || m[1] !== i.toString(36)) throw new Error(`line ${i}: ${l}`);
      // Time order; at equal times slot 2 (the second source) comes first.
      const want = Math.floor(i / 4);
      if (Number(m[2]) !== want || Number(m[3]) !== (i % 4 < 2 ? 2 : 5)) throw new Error(`line ${i} out of order: ${l}`);
    });
  });

  it('stops at the limit with the same first lines, in chunks no bigger than asked', async () => {
    const { text, chunks } = await merged(pop, 2, 64, { limit: 5_000, chunkBytes: 64 * 1024 });
    expect(text).toBe(single(pop, 5_000));
    expect(text.trimEnd().split('\n')).toHaveLength(5_000);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(64 * 1024);
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('keeps each shard to its own accounts, in time order, with line ends and keys that match', () => {
    const g = new ShardGenerator(pop.plans, pop.seed, pop.end, pools, { shard: 1, shards: 2, batchLines: 500 });
    const b = g.next()!;
    expect(b.count).toBe(500);
    const text = Buffer.from(b.bytes).toString('utf8');
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(500);
    expect(b.ends[499]).toBe(b.bytes.length);
    for (let k = 0; k < b.count; k++) {
      expect(b.slots[k] % 2).toBe(1);
      expect(lines[k].startsWith('","ts":"')).toBe(true);
      expect(lines[k]).toContain(`"account":"${pop.plans[b.slots[k]].id}"`);
      if (k > 0) expect(b.times[k] > b.times[k - 1] || (b.times[k] === b.times[k - 1] && b.slots[k] > b.slots[k - 1])).toBe(true);
    }
    expect(() => new ShardGenerator(pop.plans, 1, pop.end, pools, { shard: 2, shards: 2 })).toThrow(/shard 2 of 2/);
  });
});
