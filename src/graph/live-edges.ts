/**
 * The live edges of the candidate subgraph (weight ≥ a floor, both ends candidates), kept up to
 * date from what changed since the last call instead of a scan of every edge: new edges and
 * edges whose weight changed (EdgeStore's change log), and accounts whose candidate flag flipped
 * (their incident edges, via an adjacency list of the edges above the floor). Cost per call:
 * O(accounts + changes · log changes + live), not O(all edges); at seed scale the store holds ~10×
 * more edges than the candidate subgraph.
 *
 * Edge weights only grow (EdgeStore.add adds non-negative weight), so an edge above the floor stays
 * above it. Memory: one flag byte and two adjacency links (8 bytes) per stored edge, one head per account.
 */
import type { EdgeStore } from './edges.js';

const ELIGIBLE = 1, LIVE = 2, LISTED = 4;

export class LiveEdges {
  private flags = new Uint8Array(0);
  /** Adjacency of eligible edges: slot 2e is edge e in a's list, 2e+1 in b's; -1 ends a list. */
  private next = new Int32Array(0);
  private head = new Int32Array(0);
  private cand = new Uint8Array(0);
  /** Edges ever made live since the last compaction (may hold ones no longer live). */
  private list = new Int32Array(1024);
  private listLen = 0;
  /** list[0, sortedLen) is ascending (as of the last call); entries after it were added since. */
  private sortedLen = 0;
  private seenSize = 0;
  private sorted: Int32Array | null = null;
  private reader = -1;

  constructor(readonly edges: EdgeStore, readonly minWeight: number) {}

  /** Start from scratch (first call, or another consumer took the store's change log over). */
  private reset(): void {
    this.reader = this.edges.trackChanges();
    this.flags = new Uint8Array(0);
    this.next = new Int32Array(0);
    this.head = new Int32Array(0);
    this.cand = new Uint8Array(0);
    this.listLen = 0;
    this.sortedLen = 0;
    this.seenSize = 0;
    this.sorted = null;
  }

  /**
   * The live edge indices, ascending (the order a full scan of the store would give).
   * @example const live = new LiveEdges(store, 0.05).update(candidate);
   */
  update(candidate: Uint8Array): Int32Array {
    const { edges } = this;
    if (edges.changeReader !== this.reader) this.reset();
    const n = candidate.length;
    if (n > this.head.length) this.growAccounts(n);
    if (edges.size > this.flags.length) this.growEdges(edges.size);
    let changed = false;
    // accounts whose candidate flag flipped: their eligible edges
    for (let x = 0; x < n; x++) {
      if (candidate[x] === this.cand[x]) continue;
      this.cand[x] = candidate[x];
      for (let s = this.head[x]; s >= 0; s = this.next[s]) if (this.refresh(s >> 1, candidate)) changed = true;
    }
    // new edges, then edges whose weight changed since the last call
    const { w } = edges;
    for (let e = this.seenSize; e < edges.size; e++) if (w[e] >= this.minWeight && this.admit(e, candidate)) changed = true;
    this.seenSize = edges.size;
    const log = edges.changeLog;
    for (let k = 0; k < log.length; k++) {
      const e = log[k];
      if (e < this.seenSize && !(this.flags[e] & ELIGIBLE) && w[e] >= this.minWeight && this.admit(e, candidate)) changed = true;
    }
    edges.clearChangeLog();
    if (!changed && this.sorted) return this.sorted;
    // compact: keep the live ones (in order, so the part sorted at the last call stays sorted)
    let k = 0;
    const compact = (from: number, to: number): void => {
      for (let t = from; t < to; t++) {
        const e = this.list[t];
        if (this.flags[e] & LIVE) this.list[k++] = e;
        else this.flags[e] &= ~LISTED;
      }
    };
    compact(0, this.sortedLen);
    const head = k;
    compact(this.sortedLen, this.listLen);
    this.listLen = k;
    // sort only what was added since, then merge: at seed scale a full sort of millions of live
    // edges every checkpoint cost more than the rest of this update
    const tail = this.list.subarray(head, k).sort();
    const sorted = new Int32Array(k);
    let p = 0, q = 0, o = 0;
    while (p < head && q < tail.length) sorted[o++] = this.list[p] < tail[q] ? this.list[p++] : tail[q++];
    while (p < head) sorted[o++] = this.list[p++];
    while (q < tail.length) sorted[o++] = tail[q++];
    this.list.set(sorted);
    this.sortedLen = k;
    this.sorted = sorted;
    return sorted;
  }

  /** Edge e crossed the weight floor: link it into both ends' lists; returns whether it went live. */
  private admit(e: number, candidate: Uint8Array): boolean {
    this.flags[e] |= ELIGIBLE;
    const a = this.edges.a[e], b = this.edges.b[e];
    this.next[2 * e] = this.head[a];
    this.head[a] = 2 * e;
    this.next[2 * e + 1] = this.head[b];
    this.head[b] = 2 * e + 1;
    return this.refresh(e, candidate);
  }

  /** Set e's live flag from its ends' candidate flags; returns whether it changed. */
  private refresh(e: number, candidate: Uint8Array): boolean {
    const live = candidate[this.edges.a[e]] && candidate[this.edges.b[e]];
    const was = (this.flags[e] & LIVE) !== 0;
    if (!!live === was) return false;
    if (live) {
      this.flags[e] |= LIVE;
      if (!(this.flags[e] & LISTED)) {
        this.flags[e] |= LISTED;
        if (this.listLen === this.list.length) {
          const l = new Int32Array(this.list.length * 2);
          l.set(this.list);
          this.list = l;
        }
        this.list[this.listLen++] = e;
      }
    } else this.flags[e] &= ~LIVE;
    return true;
  }

  private growAccounts(n: number): void {
    const h = new Int32Array(Math.max(n, this.head.length * 2)).fill(-1);
    h.set(this.head);
    this.head = h;
    const c = new Uint8Array(h.length);
    c.set(this.cand);
    this.cand = c;
  }

  private growEdges(size: number): void {
    const cap = Math.max(size, this.flags.length * 2, 1024);
    const f = new Uint8Array(cap);
    f.set(this.flags);
    this.flags = f;
    const nx = new Int32Array(2 * cap);
    nx.set(this.next);
    this.next = nx;
  }
}
