/**
 * Communities of coordinated accounts, recomputed incrementally: the candidate subgraph's live
 * edges come from a LiveEdges tracker (kept per cache, updated from what changed: no scan of
 * every stored edge) and are split into connected components (union-find over typed arrays); Louvain
 * runs on a LouvainView of a component's arrays (no graphology graph built); a component whose live edges are
 * exactly those of the last call, none changed since (EdgeStore stamps), keeps its communities as
 * they were; the others are re-partitioned with Louvain (graphology, seeded rng) once they have
 * grown enough, new nodes joining their strongest neighbour's community in between; each
 * community then gets a Fraudar-style peel that drops members only weakly attached to it, and its
 * density (internal weight per member). Per component the work runs on dense local indices in
 * typed arrays (no per-edge Map/Set lookups): at 77 k accounts one component holds ~19 k.
 */
import louvainModule from 'graphology-communities-louvain';
import type { EdgeStore } from './edges.js';
import { seededRng } from '../core/rng.js';
import { LiveEdges } from './live-edges.js';
import { LouvainView } from './louvain-view.js';

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
  /** Indices (into the EdgeStore) of the edges between members, ascending by position in the component's live list. */
  edges: Int32Array;
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
  /** The component's live edges at the last call (ascending), the store's version then, and what it gave. */
  list: Int32Array;
  version: number;
  out: Community[];
}
/** Results of earlier calls, keyed by component root. */
export type CommunityCache = Map<number, CachedPartition>;
/** Per cache: the live-edge tracker of the store it was used with. */
const trackers = new WeakMap<CommunityCache, LiveEdges>();

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** One component on dense local indices: node k is account nodes[k]; edge t joins la[t]–lb[t]. */
interface Local {
  list: Int32Array;
  nodes: number[];
  la: Int32Array;
  lb: Int32Array;
  w: Float64Array;
  kinds: Uint16Array;
}

/**
 * Detect communities among accounts flagged in `candidate` (1 = include).
 * @example findCommunities(edges, candidate, {seed: 1, minSize: 3, resolution: 1, peelRatio: 0.25, minEdgeWeight: 0.05})
 */
export function findCommunities(edges: EdgeStore, candidate: Uint8Array, opts: CommunityOptions, cache: CommunityCache = new Map()): Community[] {
  const n = candidate.length;
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) parent[k] = k;
  const { a, b, w, stamp } = edges;
  // the live edges, ascending, maintained from what changed since the last call (no scan of every edge)
  let tracker = trackers.get(cache);
  if (!tracker || tracker.edges !== edges || tracker.minWeight !== opts.minEdgeWeight) {
    tracker = new LiveEdges(edges, opts.minEdgeWeight);
    trackers.set(cache, tracker);
  }
  const live = tracker.update(candidate);
  const nLive = live.length;
  for (let t = 0; t < nLive; t++) {
    const e = live[t];
    const rx = find(parent, a[e]), ry = find(parent, b[e]);
    if (rx !== ry) parent[rx < ry ? ry : rx] = rx < ry ? rx : ry;
  }
  // group edges by component root (counting sort: components in order of first edge, edges ascending)
  const rootOf = new Int32Array(nLive);
  const count = new Int32Array(n);
  const roots: number[] = [];
  for (let t = 0; t < nLive; t++) {
    const r = find(parent, a[live[t]]);
    rootOf[t] = r;
    if (count[r]++ === 0) roots.push(r);
  }
  const start = new Int32Array(n);
  let at = 0;
  for (const r of roots) { start[r] = at; at += count[r]; }
  const grouped = new Int32Array(nLive);
  const fill = start.slice();
  for (let t = 0; t < nLive; t++) grouped[fill[rootOf[t]]++] = live[t];
  const out: Community[] = [];
  const nextCache: CommunityCache = new Map();
  const regrowth = opts.regrowth ?? 1;
  const version = edges.version;
  // account → local index while one component is processed (-1 outside it)
  const pos = new Int32Array(n).fill(-1);
  for (const root of roots) {
    const list = grouped.subarray(start[root], start[root] + count[root]);
    const prev = cache.get(root);
    if (prev && unchanged(prev, list, stamp)) {
      nextCache.set(root, { ...prev, version });
      out.push(...prev.out);
      continue;
    }
    const nodes: number[] = [];
    const la = new Int32Array(list.length), lb = new Int32Array(list.length);
    for (let t = 0; t < list.length; t++) {
      const x = a[list[t]], y = b[list[t]];
      if (pos[x] < 0) { pos[x] = nodes.length; nodes.push(x); }
      if (pos[y] < 0) { pos[y] = nodes.length; nodes.push(y); }
      la[t] = pos[x];
      lb[t] = pos[y];
    }
    for (const x of nodes) pos[x] = -1;
    if (nodes.length < opts.minSize) continue;
    const local: Local = { list, nodes, la, lb, w, kinds: edges.kinds };
    let label: Map<number, number>;
    let entry: CachedPartition;
    if (prev && nodes.length <= prev.nodes * regrowth && list.length <= prev.edges * regrowth && nodes.length >= prev.nodes) {
      label = extend(prev.label, local);
      entry = { ...prev, label };
    } else {
      label = louvainLabels(local, root, opts);
      entry = { nodes: nodes.length, edges: list.length, label, list: new Int32Array(0), version, out: [] };
    }
    entry.list = list.slice();
    entry.version = version;
    entry.out = communitiesOf(label, local, opts);
    nextCache.set(root, entry);
    out.push(...entry.out);
  }
  cache.clear();
  for (const [k, v] of nextCache) cache.set(k, v);
  out.sort((p, q) => p.members[0] - q.members[0]);
  return out;
}

/** Same live edges as at the last call, none of them changed since. */
function unchanged(prev: CachedPartition, list: Int32Array, stamp: Uint32Array): boolean {
  const old = prev.list;
  if (old.length !== list.length) return false;
  for (let t = 0; t < list.length; t++) if (old[t] !== list[t] || stamp[list[t]] > prev.version) return false;
  return true;
}

/** Attach nodes the partition has not seen to the community of their strongest labelled neighbour. */
function extend(prev: Map<number, number>, c: Local): Map<number, number> {
  const { nodes, la, lb, list, w } = c;
  const k = nodes.length;
  const lab = new Float64Array(k);
  const has = new Uint8Array(k);
  let labelled = 0;
  for (let j = 0; j < k; j++) {
    const l = prev.get(nodes[j]);
    if (l !== undefined) { lab[j] = l; has[j] = 1; labelled++; }
  }
  if (labelled < k) {
    const bestL = new Float64Array(k), bestW = new Float64Array(k);
    const got = new Uint8Array(k);
    const order: number[] = [];
    const offer = (x: number, l: number, we: number) => {
      if (!got[x]) { got[x] = 1; order.push(x); bestL[x] = l; bestW[x] = we; }
      else if (we > bestW[x] || (we === bestW[x] && l < bestL[x])) { bestL[x] = l; bestW[x] = we; }
    };
    for (let pass = 0; pass < 3 && labelled < k; pass++) {
      for (let t = 0; t < list.length; t++) {
        const x = la[t], y = lb[t], we = w[list[t]];
        if (!has[x] && has[y]) offer(x, lab[y], we);
        if (!has[y] && has[x]) offer(y, lab[x], we);
      }
      for (const x of order) { lab[x] = bestL[x]; has[x] = 1; got[x] = 0; }
      labelled += order.length;
      order.length = 0;
    }
  }
  let fresh = 1 << 30;
  if (labelled < k) {
    const rest: number[] = [];
    for (let j = 0; j < k; j++) if (!has[j]) rest.push(j);
    rest.sort((p, q) => nodes[p] - nodes[q]);
    for (const j of rest) { lab[j] = fresh++; has[j] = 1; }
  }
  const label = new Map<number, number>();
  for (let j = 0; j < k; j++) label.set(nodes[j], lab[j]);
  return label;
}

/**
 * Louvain labels of one component. Louvain reads a LouvainView (no graphology graph is built)
 * with the nodes in first-appearance order and the edges in list order, exactly what it read from
 * the graph built here before.
 */
function louvainLabels(c: Local, root: number, opts: CommunityOptions): Map<number, number> {
  const { nodes, la, lb, list, w } = c;
  const keys = nodes.map(String);
  const weight = new Float64Array(list.length);
  for (let t = 0; t < list.length; t++) weight[t] = w[list[t]];
  const g = new LouvainView(keys, la, lb, weight) as unknown as Parameters<Louvain>[0];
  const mapping = louvain(g, { getEdgeWeight: 'weight', rng: seededRng(opts.seed ^ root), resolution: opts.resolution });
  const label = new Map<number, number>();
  for (let j = 0; j < nodes.length; j++) label.set(nodes[j], mapping[keys[j]]);
  return label;
}

/** Communities (peeled) of one labelled component. */
function communitiesOf(label: Map<number, number>, c: Local, opts: CommunityOptions): Community[] {
  const { nodes, la, lb, list } = c;
  const k = nodes.length;
  const group = new Int32Array(k);
  const groupOf = new Map<number, number>();
  const members: number[][] = [];
  for (let j = 0; j < k; j++) {
    const l = label.get(nodes[j])!;
    let g = groupOf.get(l);
    if (g === undefined) { groupOf.set(l, (g = members.length)); members.push([]); }
    group[j] = g;
    members[g].push(j);
  }
  // internal edges grouped by community, ascending (a counting sort: the giant component has
  // millions of edges, and growing one JS array a community cost more than the peel itself)
  const nGroups = members.length;
  const start = new Int32Array(nGroups + 1);
  for (let t = 0; t < list.length; t++) if (group[la[t]] === group[lb[t]]) start[group[la[t]] + 1]++;
  for (let g = 0; g < nGroups; g++) start[g + 1] += start[g];
  const internal = new Int32Array(start[nGroups]);
  const fill = start.slice(0, nGroups);
  for (let t = 0; t < list.length; t++) if (group[la[t]] === group[lb[t]]) internal[fill[group[la[t]]]++] = t;
  const out: Community[] = [];
  const inSet = new Uint8Array(k), deg = new Float64Array(k);
  for (let g = 0; g < nGroups; g++) {
    if (members[g].length < opts.minSize) continue;
    const p = peel(members[g], internal.subarray(start[g], start[g + 1]), c, inSet, deg, opts.peelRatio);
    if (p.members.length >= opts.minSize) out.push(p);
  }
  return out;
}

/** Peel one group (local indices; `inside`: positions t of its internal edges); inSet/deg are zeroed scratch, left zeroed. */
function peel(group: number[], inside: Int32Array, c: Local, inSet: Uint8Array, deg: Float64Array, ratio: number): Community {
  const { nodes, la, lb, list, w, kinds } = c;
  let set = group;
  for (const m of set) inSet[m] = 1;
  for (let round = 0; round < 2; round++) {
    let total = 0;
    for (let q = 0; q < inside.length; q++) {
      const t = inside[q];
      const x = la[t], y = lb[t];
      if (!inSet[x] || !inSet[y]) continue;
      const we = w[list[t]];
      deg[x] += we;
      deg[y] += we;
      total += 2 * we;
    }
    const min = ratio * (total / set.length);
    const keep = set.filter((m) => deg[m] >= min);
    for (const m of set) deg[m] = 0;
    if (keep.length === set.length) break;
    for (const m of set) inSet[m] = 0;
    for (const m of keep) inSet[m] = 1;
    set = keep;
  }
  let weight = 0, kd = 0, n = 0;
  const inner = new Int32Array(inside.length);
  for (let q = 0; q < inside.length; q++) {
    const t = inside[q];
    if (inSet[la[t]] && inSet[lb[t]]) {
      const e = list[t];
      weight += w[e];
      kd |= kinds[e];
      inner[n++] = e;
    }
  }
  for (const m of set) inSet[m] = 0;
  const sorted = set.map((j) => nodes[j]).sort((x, y) => x - y);
  return { members: sorted, density: sorted.length ? weight / sorted.length : 0, kinds: kd, edges: n === inner.length ? inner : inner.slice(0, n) };
}
