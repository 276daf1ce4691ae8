/**
 * The second half of the sharded simulator: interleave the shards' batches by each line's sort key
 * (time, then account index: the single-threaded heap's order), put `{"id":"<prefix><n>` in front
 * of each line (n in base 36, counted here) and hand out big chunks of ready bytes. Output is
 * byte-identical to `exchangeChunks` for the same population.
 */
import type { ShardBatch } from './shard.js';

/** Where a shard's batches come from: a worker's message queue or an in-process generator. */
export interface BatchSource {
  /** The next batch (the previous one is done with: its memory can be reused), null at the end. */
  next(): Promise<ShardBatch | null> | ShardBatch | null;
}

export interface MergeOptions {
  /** Stop after this many lines in all. */
  limit?: number;
  /** Size of the output chunks (default 1 MiB). */
  chunkBytes?: number;
  /** Updated with the number of lines merged so far, before each chunk is yielded. */
  stats?: { exchanges: number };
}

interface Head {
  src: BatchSource;
  b: ShardBatch;
  bytes: Buffer;
  i: number;
}

/**
 * Base-36 counter kept as ASCII digits (most significant first): n.toString(36) without a string
 * a line.
 */
class Base36 {
  private d = new Uint8Array(16);
  private len = 1;

  constructor() {
    this.d[0] = 48;
  }

  /** Write the current value at out[pos], return the new position. */
  write(out: Uint8Array, pos: number): number {
    for (let k = 0; k < this.len; k++) out[pos + k] = this.d[k];
    return pos + this.len;
  }

  inc(): void {
    const d = this.d;
    for (let k = this.len - 1; k >= 0; k--) {
      const c = d[k];
      if (c === 57) {
        d[k] = 97; // '9' → 'a'
        return;
      }
      if (c !== 122) {
        d[k] = c + 1;
        return;
      }
      d[k] = 48; // 'z' → '0', carry
    }
    if (this.len === d.length) throw new Error('id counter overflow');
    d.copyWithin(1, 0, this.len);
    d[0] = 49;
    this.len++;
  }
}

/**
 * @example for await (const chunk of mergeShards([srcA, srcB], 'sim1-')) out.write(chunk);
 */
export async function* mergeShards(sources: readonly BatchSource[], idPrefix: string, opts: MergeOptions = {}): AsyncGenerator<Buffer> {
  const limit = opts.limit ?? Infinity;
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  const heads: Head[] = [];
  for (const src of sources) {
    const b = await src.next();
    if (b && b.count > 0) heads.push({ src, b, bytes: asBuffer(b.bytes), i: 0 });
  }
  const prefix = Buffer.from('{"id":"' + idPrefix, 'latin1');
  const id = new Base36();
  let out = Buffer.allocUnsafe(chunkBytes);
  let pos = 0;
  let n = 0;
  while (heads.length > 0 && n < limit) {
    // The head with the smallest (time, slot); few shards, so a linear scan.
    let h = heads[0];
    for (let j = 1; j < heads.length; j++) {
      const o = heads[j];
      const to = o.b.times[o.i];
      const th = h.b.times[h.i];
      if (to < th || (to === th && o.b.slots[o.i] < h.b.slots[h.i])) h = o;
    }
    const start = h.i === 0 ? 0 : h.b.ends[h.i - 1];
    const end = h.b.ends[h.i];
    const need = prefix.length + 16 + (end - start);
    if (pos + need > out.length) {
      if (pos > 0) {
        if (opts.stats) opts.stats.exchanges = n;
        yield out.subarray(0, pos);
      }
      out = Buffer.allocUnsafe(Math.max(chunkBytes, need));
      pos = 0;
    }
    pos += prefix.copy(out, pos);
    pos = id.write(out, pos);
    pos += h.bytes.copy(out, pos, start, end);
    id.inc();
    n++;
    if (++h.i === h.b.count) {
      const nb = await h.src.next();
      if (nb && nb.count > 0) {
        h.b = nb;
        h.bytes = asBuffer(nb.bytes);
        h.i = 0;
      } else heads.splice(heads.indexOf(h), 1);
    }
  }
  if (opts.stats) opts.stats.exchanges = n;
  if (pos > 0) yield out.subarray(0, pos);
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
