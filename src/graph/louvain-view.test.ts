import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { seededRng } from '../core/rng.js';
import { LouvainView } from './louvain-view.js';

type Louvain = (typeof louvainModule)['default'];
const louvain: Louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as Louvain;

/** A random simple graph: planted groups plus noise, node keys in a shuffled (not sorted) order. */
function randomGraph(seed: number, n: number, m: number) {
  const rnd = seededRng(seed);
  const keys = Array.from({ length: n }, (_, j) => String((j * 7919 + seed) % 100_003));
  const seen = new Set<string>();
  const la: number[] = [], lb: number[] = [], w: number[] = [];
  while (la.length < m) {
    const x = Math.floor(rnd() * n);
    const y = rnd() < 0.8 ? (Math.floor(x / 20) * 20 + Math.floor(rnd() * 20)) % n : Math.floor(rnd() * n);
    if (x === y || seen.has(`${Math.min(x, y)}-${Math.max(x, y)}`)) continue;
    seen.add(`${Math.min(x, y)}-${Math.max(x, y)}`);
    la.push(x); lb.push(y); w.push(Math.round(rnd() * 1000) / 100);
  }
  return { keys, la: Int32Array.from(la), lb: Int32Array.from(lb), w: Float64Array.from(w) };
}

describe('LouvainView', () => {
  it('gives the partition Louvain gives on the equivalent graphology graph (same rng)', () => {
    let communities = 0;
    for (const [seed, n, m] of [[1, 50, 120], [2, 300, 1500], [3, 1000, 6000], [4, 2000, 5000]] as const) {
      const { keys, la, lb, w } = randomGraph(seed, n, m);
      const g = new UndirectedGraph({ allowSelfLoops: false });
      for (const k of keys) g.addNode(k);
      for (let t = 0; t < la.length; t++) g.addUndirectedEdgeWithKey(t, keys[la[t]], keys[lb[t]], { weight: w[t] });
      const want = louvain(g, { getEdgeWeight: 'weight', rng: seededRng(seed), resolution: 1 });
      const view = new LouvainView(keys, la, lb, w);
      const got = louvain(view as unknown as Parameters<Louvain>[0], { getEdgeWeight: 'weight', rng: seededRng(seed), resolution: 1 });
      expect(got).toEqual(want);
      communities += new Set(Object.values(got)).size;
    }
    expect(communities).toBeGreaterThan(20);
  });

  it('reports order, size and degrees like the graph', () => {
    const v = new LouvainView(['a', 'b', 'c'], Int32Array.of(0, 1), Int32Array.of(1, 2), [1, 2]);
    expect([v.order, v.size]).toEqual([3, 2]);
    const seen: string[] = [];
    v.forEachNode((k) => seen.push(`${k}:${v.undirectedDegreeWithoutSelfLoops(k)}`));
    expect(seen).toEqual(['a:1', 'b:2', 'c:1']);
    expect(() => v.dropNode()).toThrow();
  });
});
