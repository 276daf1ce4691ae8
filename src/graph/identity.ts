/**
 * Splitting a community into the fleets of separate operators. Louvain groups accounts by all the
 * values they share, and generic ones (a sign-up week, a freemail domain, a /24 of a residential
 * proxy pool, a stock system prompt) can tie two operators' fleets into one community. Campaign
 * identity follows the links an operator owns: a payment instrument, an exact network address
 * (`identityKinds`); lockstep is left out (two unrelated fleets can both fire on the hour). Members connected by such links form identity cores; when a
 * community holds two or more cores of at least `minCore` accounts, it is split: each core keeps
 * the members attached to it more strongly (summed edge weight, any kind) than to another core,
 * and members tied to no core form a part of their own. Otherwise the community stays whole.
 */
import type { EdgeStore } from './edges.js';
import { KIND_BITS } from './kinds.js';

/** Kinds whose links an operator owns: they decide which fleet an account belongs to. */
export const IDENTITY_KINDS = KIND_BITS.payment | KIND_BITS.ip;

export interface IdentityOptions {
  /** Bitmask of edge kinds that tie accounts into one core (default IDENTITY_KINDS). */
  identityKinds?: number;
  /** Smallest core that counts as a separate fleet. */
  minCore: number;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** account → position in `members` (-1 elsewhere): one scratch array, reset after each call (a 19 k-member community each hour made a Map per call costly). */
let scratch = new Int32Array(0);
function positionsOf(members: readonly number[]): Int32Array {
  let max = -1;
  for (const m of members) if (m > max) max = m;
  if (scratch.length <= max) scratch = new Int32Array(Math.max(max + 1, 2 * scratch.length)).fill(-1);
  members.forEach((m, k) => { scratch[m] = k; });
  return scratch;
}

/**
 * The identity cores of `members` with at least `minCore` accounts each (each ascending, in the
 * order of their first member in `members`): accounts tied to one another by identity links alone.
 * @example identityCores([1, 2, 3, 4, 5], [e12, e34, e23], edges, { minCore: 2 }) // [[1, 2], [3, 4]] when e23 is only a shared sign-up week
 */
export function identityCores(members: readonly number[], edgeIds: ArrayLike<number>, edges: Pick<EdgeStore, 'a' | 'b' | 'w' | 'kinds'>, opts: IdentityOptions): number[][] {
  const pos = positionsOf(members);
  try {
    const { parent, size } = unionByIdentity(members, pos, edgeIds, edges, opts);
    const coreAt = new Map<number, number>();
    const cores: number[][] = [];
    for (let k = 0; k < members.length; k++) {
      const r = find(parent, k);
      if (size[r] < opts.minCore) continue;
      let c = coreAt.get(r);
      if (c === undefined) {
        coreAt.set(r, (c = cores.length));
        cores.push([]);
      }
      cores[c].push(members[k]);
    }
    return cores.map((c) => c.sort((x, y) => x - y));
  } finally {
    for (const m of members) pos[m] = -1;
  }
}

/** Union-find over `members` (by position) joined by identity edges; `size` is set at each root. */
function unionByIdentity(members: readonly number[], pos: Int32Array, edgeIds: ArrayLike<number>, edges: Pick<EdgeStore, 'a' | 'b' | 'w' | 'kinds'>, opts: IdentityOptions): { parent: Int32Array; size: Int32Array } {
  const kinds = opts.identityKinds ?? IDENTITY_KINDS;
  const at = (x: number) => (x < pos.length ? pos[x] : -1);
  const n = members.length;
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) parent[k] = k;
  for (let q = 0; q < edgeIds.length; q++) {
    const e = edgeIds[q];
    if ((edges.kinds[e] & kinds) === 0) continue;
    const x = at(edges.a[e]), y = at(edges.b[e]);
    if (x < 0 || y < 0) continue;
    const rx = find(parent, x), ry = find(parent, y);
    if (rx !== ry) parent[rx < ry ? ry : rx] = rx < ry ? rx : ry;
  }
  const size = new Int32Array(n);
  for (let k = 0; k < n; k++) size[find(parent, k)]++;
  return { parent, size };
}

/**
 * Parts of `members` around disjoint `cores` (from identityCores): each core keeps the members
 * attached to it more strongly (summed edge weight, any kind) than to another core; members tied
 * to no core form a last part. `[members]` (ascending) with fewer than two cores.
 */
export function partsAround(members: readonly number[], edgeIds: ArrayLike<number>, edges: Pick<EdgeStore, 'a' | 'b' | 'w' | 'kinds'>, cores: readonly (readonly number[])[]): number[][] {
  if (cores.length < 2) return [members.slice().sort((p, q) => p - q)];
  const pos = positionsOf(members);
  try {
    return attach(members, pos, edgeIds, edges, cores);
  } finally {
    for (const m of members) pos[m] = -1;
  }
}

function attach(members: readonly number[], pos: Int32Array, edgeIds: ArrayLike<number>, edges: Pick<EdgeStore, 'a' | 'b' | 'w' | 'kinds'>, cores: readonly (readonly number[])[]): number[][] {
  const at = (x: number) => (x < pos.length ? pos[x] : -1);
  const n = members.length;
  const coreOf = new Int32Array(n).fill(-1);
  cores.forEach((core, c) => { for (const m of core) coreOf[at(m)] = c; });
  // attach the other members to the core they are most strongly linked to
  const pull = new Map<number, Float64Array>();
  const pullTo = (p: number, core: number, weight: number): void => {
    let v = pull.get(p);
    if (!v) pull.set(p, (v = new Float64Array(cores.length)));
    v[core] += weight;
  };
  for (let q = 0; q < edgeIds.length; q++) {
    const e = edgeIds[q];
    const x = at(edges.a[e]), y = at(edges.b[e]);
    if (x < 0 || y < 0) continue;
    // a member outside every core is pulled by the core at the edge's other end (no pair arrays: millions of edges)
    const cx = coreOf[x], cy = coreOf[y];
    if (cx < 0 && cy >= 0) pullTo(x, cy, edges.w[e]);
    else if (cy < 0 && cx >= 0) pullTo(y, cx, edges.w[e]);
  }
  const parts: number[][] = cores.map(() => []);
  const loose: number[] = [];
  for (let k = 0; k < n; k++) {
    let c = coreOf[k];
    if (c < 0) {
      const v = pull.get(k);
      if (v) {
        let best = 0;
        for (let j = 0; j < v.length; j++) if (v[j] > best) { best = v[j]; c = j; }
      }
    }
    if (c >= 0) parts[c].push(members[k]);
    else loose.push(members[k]);
  }
  if (loose.length) parts.push(loose);
  return parts.map((p) => p.sort((x, y) => x - y));
}
