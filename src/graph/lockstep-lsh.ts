/**
 * Lockstep edges without an O(n²) pass (SynchroTrap-style synchronization, found with LSH):
 * each account's recent activity windows get a MinHash signature; accounts colliding in a band
 * are candidate pairs, and a pair becomes an edge only when its exact window overlap is large
 * (≥ minOverlap shared windows and Jaccard ≥ minJaccard). Buckets larger than maxBucket (a busy
 * hour everyone shares) are skipped.
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

function isAscending(ws: number[]): boolean {
  for (let k = 1; k < ws.length; k++) if (ws[k] <= ws[k - 1]) return false;
  return true;
}

/**
 * @param accounts account indices to compare (ascending order gives deterministic output)
 * @param windowsOf each account's recent activity window ids
 * @example lockstepPairs([1, 2], (i) => [10, 11, 12, 13, 14], {bands: 4, rows: 2, minOverlap: 4, minJaccard: 0.5, maxBucket: 50})
 * // [{a: 1, b: 2, jaccard: 1, shared: 5}]
 */
export function lockstepPairs(accounts: number[], windowsOf: (i: number) => number[], opts: LockstepOptions): LockstepPair[] {
  const k = opts.bands * opts.rows;
  // band buckets: with up to two rows a band's key is two numbers (band · 2^32 + first hash,
  // second hash) in nested maps, not a joined string per account and band; more rows keep the string
  const byNum = new Map<number, Map<number, number[]>>();
  const byStr = new Map<string, number[]>();
  const lists: number[][] = [];
  const wins = new Map<number, number[]>();
  /** accounts whose windows are strictly ascending (the sketch ring's are): intersected by a merge, no Set */
  const ascending = new Set<number>();
  const sig = new Float64Array(k);
  for (const i of accounts) {
    const ws = windowsOf(i);
    if (ws.length < opts.minOverlap) continue;
    wins.set(i, ws);
    if (isAscending(ws)) ascending.add(i);
    sig.fill(0xffffffff);
    for (const w of ws) for (let h = 0; h < k; h++) { const v = mix(w, h); if (v < sig[h]) sig[h] = v; }
    for (let band = 0; band < opts.bands; band++) {
      let list: number[] | undefined;
      const at = band * opts.rows;
      if (opts.rows <= 2) {
        const outer = band * 2 ** 32 + sig[at], inner = opts.rows === 2 ? sig[at + 1] : 0;
        let m = byNum.get(outer);
        if (!m) byNum.set(outer, (m = new Map()));
        list = m.get(inner);
        if (!list) { m.set(inner, (list = [])); lists.push(list); }
      } else {
        const key = `${band}:${Array.from(sig.subarray(at, at + opts.rows)).join(':')}`;
        list = byStr.get(key);
        if (!list) { byStr.set(key, (list = [])); lists.push(list); }
      }
      if (list.length <= opts.maxBucket) list.push(i);
    }
  }
  const seen = new Set<number>();
  /** window sets, built once per account that is part of a compared pair */
  const sets = new Map<number, Set<number>>();
  const out: LockstepPair[] = [];
  // (pairs are found once whatever the bucket order: `seen`, and the output is sorted)
  for (const list of lists) {
    if (list.length < 2 || list.length > opts.maxBucket) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = Math.min(list[x], list[y]), b = Math.max(list[x], list[y]);
        const key = a * 2 ** 26 + b;
        if (seen.has(key)) continue;
        seen.add(key);
        const wb = wins.get(b)!;
        let shared = 0, sizeA: number;
        if (ascending.has(a) && ascending.has(b)) {
          const wl = wins.get(a)!;
          sizeA = wl.length;
          for (let p = 0, q = 0; p < wl.length && q < wb.length;) {
            if (wl[p] === wb[q]) { shared++; p++; q++; } else if (wl[p] < wb[q]) p++; else q++;
          }
        } else {
          let wa = sets.get(a);
          if (!wa) sets.set(a, (wa = new Set(wins.get(a))));
          for (const w of wb) if (wa.has(w)) shared++;
          sizeA = wa.size;
        }
        const jaccard = shared / (sizeA + wb.length - shared);
        if (shared >= opts.minOverlap && jaccard >= opts.minJaccard) out.push({ a, b, jaccard, shared });
      }
    }
  }
  out.sort((p, q) => p.a - q.a || p.b - q.b);
  return out;
}
