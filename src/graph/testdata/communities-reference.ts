/**
 * The previous (Map/Set based) community detection, kept unchanged as the reference the
 * differential test compares src/graph/communities.ts against: same inputs, same output.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { EdgeStore } from '../edges.js';
import { seededRng } from '../../core/rng.js';

type Louvain = (typeof louvainModule)['default'];
/** The package is CommonJS: at run time the default import is the function itself. */
const louvain: Louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as Louvain;

export interface Community {
  /** Account indices, ascending. */
  members: number[];
  /** Sum of internal edge weights / members. */
  density: number;
  /** OR of the kinds of internal edges. */
  kinds: number;
  /** Indices (into the EdgeStore) of the edges between members. */
  edges: number[];
}

export interface CommunityOptions {
  seed: number;
  minSize: number;
  resolution: number;
  /** Members whose internal weighted degree is below this share of the mean are peeled. */
  peelRatio: number;
  /** Edges lighter than this are ignored. */
  minEdgeWeight: number;
  /**
   * Re-run Louvain on a component only when it has grown by this factor (nodes or edges) since
   * its last partition; in between, new nodes join their strongest neighbour's community.
   * 1 = always re-run.
   */
  regrowth?: number;
}

/** A component's last Louvain partition, reused (with new nodes attached) while it grows little. */
interface CachedPartition {
  nodes: number;
  edges: number;
  /** node → community label */
  label: Map<number, number>;
}
/** Results of earlier calls, keyed by component root. */
export type CommunityCache = Map<number, CachedPartition>;

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/**
 * Detect communities among accounts flagged in `candidate` (1 = include).
 * @example findCommunities(edges, candidate, {seed: 1, minSize: 3, resolution: 1, peelRatio: 0.25, minEdgeWeight: 0.05})
 */
export function findCommunities(edges: EdgeStore, candidate: Uint8Array, opts: CommunityOptions, cache: CommunityCache = new Map()): Community[] {
  const n = candidate.length;
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) parent[k] = k;
  const { a, b, w } = edges;
  const live: number[] = [];
  for (let e = 0; e < edges.size; e++) {
    const x = a[e], y = b[e];
    if (!candidate[x] || !candidate[y] || w[e] < opts.minEdgeWeight) continue;
    live.push(e);
    const rx = find(parent, x), ry = find(parent, y);
    if (rx !== ry) parent[rx < ry ? ry : rx] = rx < ry ? rx : ry;
  }
  // group edges by component root
  const compEdges = new Map<number, number[]>();
  for (const e of live) {
    const r = find(parent, a[e]);
    let list = compEdges.get(r);
    if (!list) compEdges.set(r, (list = []));
    list.push(e);
  }
  const out: Community[] = [];
  const nextCache: CommunityCache = new Map();
  const regrowth = opts.regrowth ?? 1;
  for (const [root, list] of compEdges) {
    const nodes = new Set<number>();
    for (const e of list) {
      nodes.add(a[e]);
      nodes.add(b[e]);
    }
    if (nodes.size < opts.minSize) continue;
    const prev = cache.get(root);
    let label: Map<number, number>;
    if (prev && nodes.size <= prev.nodes * regrowth && list.length <= prev.edges * regrowth && nodes.size >= prev.nodes) {
      label = extend(prev.label, nodes, list, a, b, w);
      nextCache.set(root, { ...prev, label });
    } else {
      label = louvainLabels(list, root, a, b, w, opts);
      nextCache.set(root, { nodes: nodes.size, edges: list.length, label });
    }
    out.push(...communitiesOf(label, list, a, b, w, edges.kinds, opts));
  }
  cache.clear();
  for (const [k, v] of nextCache) cache.set(k, v);
  out.sort((p, q) => p.members[0] - q.members[0]);
  return out;
}

/** Attach nodes the partition has not seen to the community of their strongest labelled neighbour. */
function extend(prev: Map<number, number>, nodes: Set<number>, list: number[], a: Int32Array, b: Int32Array, w: Float64Array): Map<number, number> {
  const label = new Map<number, number>();
  for (const n of nodes) {
    const l = prev.get(n);
    if (l !== undefined) label.set(n, l);
  }
  let fresh = 1 << 30;
  for (let pass = 0; pass < 3 && label.size < nodes.size; pass++) {
    const best = new Map<number, [number, number]>();
    for (const e of list) {
      for (const [x, y] of [[a[e], b[e]], [b[e], a[e]]] as const) {
        if (label.has(x)) continue;
        const ly = label.get(y);
        if (ly === undefined) continue;
        const cur = best.get(x);
        if (!cur || w[e] > cur[1] || (w[e] === cur[1] && ly < cur[0])) best.set(x, [ly, w[e]]);
      }
    }
    for (const [x, [l]] of best) label.set(x, l);
  }
  for (const n of [...nodes].sort((p, q) => p - q)) if (!label.has(n)) label.set(n, fresh++);
  return label;
}

function louvainLabels(list: number[], root: number, a: Int32Array, b: Int32Array, w: Float64Array, opts: CommunityOptions): Map<number, number> {
  const g = new UndirectedGraph({ allowSelfLoops: false });
  for (const e of list) {
    const sx = String(a[e]), sy = String(b[e]);
    g.mergeNode(sx);
    g.mergeNode(sy);
    g.addUndirectedEdge(sx, sy, { weight: w[e] });
  }
  const mapping = louvain(g, { getEdgeWeight: 'weight', rng: seededRng(opts.seed ^ root), resolution: opts.resolution });
  const label = new Map<number, number>();
  g.forEachNode((node: string) => label.set(Number(node), mapping[node]));
  return label;
}

/** Communities (peeled) of one labelled component. */
function communitiesOf(label: Map<number, number>, list: number[], a: Int32Array, b: Int32Array, w: Float64Array, kinds: Uint16Array, opts: CommunityOptions): Community[] {
  const groups = new Map<number, number[]>();
  for (const [n, c] of label) {
    let m = groups.get(c);
    if (!m) groups.set(c, (m = []));
    m.push(n);
  }
  const internal = new Map<number, number[]>();
  for (const e of list) {
    const c = label.get(a[e])!;
    if (c !== label.get(b[e])) continue;
    let l = internal.get(c);
    if (!l) internal.set(c, (l = []));
    l.push(e);
  }
  const out: Community[] = [];
  for (const [c, members] of groups) {
    if (members.length < opts.minSize) continue;
    const p = peel(members, internal.get(c) ?? [], a, b, w, kinds, opts.peelRatio);
    if (p.members.length >= opts.minSize) out.push(p);
  }
  return out;
}

function peel(members: number[], list: number[], a: Int32Array, b: Int32Array, w: Float64Array, kinds: Uint16Array, ratio: number): Community {
  let set = new Set(members);
  for (let round = 0; round < 2; round++) {
    const deg = new Map<number, number>();
    let total = 0;
    for (const e of list) {
      if (!set.has(a[e]) || !set.has(b[e])) continue;
      deg.set(a[e], (deg.get(a[e]) ?? 0) + w[e]);
      deg.set(b[e], (deg.get(b[e]) ?? 0) + w[e]);
      total += 2 * w[e];
    }
    const mean = total / set.size;
    const keep = [...set].filter((m) => (deg.get(m) ?? 0) >= ratio * mean);
    if (keep.length === set.size) break;
    set = new Set(keep);
  }
  let weight = 0, k = 0;
  const inner: number[] = [];
  for (const e of list) {
    if (set.has(a[e]) && set.has(b[e])) {
      weight += w[e];
      k |= kinds[e];
      inner.push(e);
    }
  }
  const sorted = [...set].sort((x, y) => x - y);
  return { members: sorted, density: sorted.length ? weight / sorted.length : 0, kinds: k, edges: inner };
}
