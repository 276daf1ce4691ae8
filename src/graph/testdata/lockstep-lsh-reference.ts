/**
 * The previous lockstepPairs (string band keys), kept unchanged as the reference the differential
 * test compares src/graph/lockstep-lsh.ts against.
 */
export interface LockstepOptions {
  bands: number;
  rows: number;
  minOverlap: number;
  minJaccard: number;
  maxBucket: number;
}

export interface LockstepPair {
  a: number;
  b: number;
  /** Jaccard similarity of the two accounts' recent windows. */
  jaccard: number;
  shared: number;
}

function mix(x: number, k: number): number {
  let h = Math.imul(x ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * @param accounts account indices to compare (ascending order gives deterministic output)
 * @param windowsOf each account's recent activity window ids
 * @example lockstepPairs([1, 2], (i) => [10, 11, 12, 13, 14], {bands: 4, rows: 2, minOverlap: 4, minJaccard: 0.5, maxBucket: 50})
 * // [{a: 1, b: 2, jaccard: 1, shared: 5}]
 */
export function lockstepPairs(accounts: number[], windowsOf: (i: number) => number[], opts: LockstepOptions): LockstepPair[] {
  const k = opts.bands * opts.rows;
  const buckets = new Map<string, number[]>();
  const wins = new Map<number, number[]>();
  for (const i of accounts) {
    const ws = windowsOf(i);
    if (ws.length < opts.minOverlap) continue;
    wins.set(i, ws);
    const sig = new Array<number>(k).fill(0xffffffff);
    for (const w of ws) for (let h = 0; h < k; h++) { const v = mix(w, h); if (v < sig[h]) sig[h] = v; }
    for (let band = 0; band < opts.bands; band++) {
      const key = `${band}:${sig.slice(band * opts.rows, (band + 1) * opts.rows).join(':')}`;
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      if (list.length <= opts.maxBucket) list.push(i);
    }
  }
  const seen = new Set<number>();
  const out: LockstepPair[] = [];
  for (const list of buckets.values()) {
    if (list.length < 2 || list.length > opts.maxBucket) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = Math.min(list[x], list[y]), b = Math.max(list[x], list[y]);
        const key = a * 2 ** 26 + b;
        if (seen.has(key)) continue;
        seen.add(key);
        const wa = new Set(wins.get(a)), wb = wins.get(b)!;
        let shared = 0;
        for (const w of wb) if (wa.has(w)) shared++;
        const jaccard = shared / (wa.size + wb.length - shared);
        if (shared >= opts.minOverlap && jaccard >= opts.minJaccard) out.push({ a, b, jaccard, shared });
      }
    }
  }
  out.sort((p, q) => p.a - q.a || p.b - q.b);
  return out;
}
