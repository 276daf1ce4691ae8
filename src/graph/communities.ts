/**
 * Communities of coordinated accounts: Louvain (graphology, seeded rng) over the subgraph of
 * candidate accounts, then a Fraudar-style peel that drops members only weakly attached to
 * their community, and the density (internal weight per member) of what remains.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { EdgeStore } from './edges.js';
import { seededRng } from './rng.js';

type Louvain = (typeof louvainModule)['default'];
/** The package is CommonJS: at run time the default import is the function itself. */
const louvain: Louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as Louvain;
type Graph = UndirectedGraph;

export interface Community {
  /** Account indices, ascending. */
  members: number[];
  /** Sum of internal edge weights / members. */
  density: number;
  /** OR of the kinds of internal edges. */
  kinds: number;
}

export interface CommunityOptions {
  seed: number;
  minSize: number;
  resolution: number;
  /** Members whose internal weighted degree is below this share of the mean are peeled. */
  peelRatio: number;
  /** Edges lighter than this are ignored. */
  minEdgeWeight: number;
}

/**
 * Detect communities among accounts flagged in `candidate` (1 = include).
 * @example findCommunities(edges, candidate, {seed: 1, minSize: 3, resolution: 1, peelRatio: 0.25, minEdgeWeight: 0.05})
 */
export function findCommunities(edges: EdgeStore, candidate: Uint8Array, opts: CommunityOptions): Community[] {
  const g = new UndirectedGraph({ allowSelfLoops: false });
  const { a, b, w } = edges;
  for (let e = 0; e < edges.size; e++) {
    const x = a[e], y = b[e];
    if (!candidate[x] || !candidate[y] || w[e] < opts.minEdgeWeight) continue;
    const sx = String(x), sy = String(y);
    if (!g.hasNode(sx)) g.addNode(sx);
    if (!g.hasNode(sy)) g.addNode(sy);
    g.addUndirectedEdge(sx, sy, { weight: w[e], kinds: edges.kinds[e] });
  }
  if (g.order === 0) return [];
  const mapping = louvain(g, { getEdgeWeight: 'weight', rng: seededRng(opts.seed), resolution: opts.resolution });
  const groups = new Map<number, number[]>();
  g.forEachNode((node: string) => {
    const c = mapping[node];
    let list = groups.get(c);
    if (!list) groups.set(c, (list = []));
    list.push(Number(node));
  });
  const out: Community[] = [];
  for (const members of groups.values()) {
    if (members.length < opts.minSize) continue;
    const peeled = peel(g, members, opts.peelRatio);
    if (peeled.members.length >= opts.minSize) out.push(peeled);
  }
  out.sort((p, q) => p.members[0] - q.members[0]);
  return out;
}

function peel(g: Graph, members: number[], ratio: number): Community {
  let set = new Set(members);
  for (let round = 0; round < 2; round++) {
    const deg = new Map<number, number>();
    let total = 0;
    for (const m of set) {
      let d = 0;
      g.forEachEdge(String(m), (_e: string, attr: Record<string, unknown>, s: string, t: string) => {
        const other = Number(s) === m ? Number(t) : Number(s);
        if (set.has(other)) d += attr.weight as number;
      });
      deg.set(m, d);
      total += d;
    }
    const mean = total / set.size;
    const keep = [...set].filter((m) => (deg.get(m) ?? 0) >= ratio * mean);
    if (keep.length === set.size) break;
    set = new Set(keep);
  }
  let weight = 0;
  let kinds = 0;
  for (const m of set) {
    g.forEachEdge(String(m), (_e: string, attr: Record<string, unknown>, s: string, t: string) => {
      const other = Number(s) === m ? Number(t) : Number(s);
      if (other > m && set.has(other)) {
        weight += attr.weight as number;
        kinds |= attr.kinds as number;
      }
    });
  }
  const sorted = [...set].sort((x, y) => x - y);
  return { members: sorted, density: sorted.length ? weight / sorted.length : 0, kinds };
}
