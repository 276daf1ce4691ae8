/**
 * A read-only stand-in for a graphology UndirectedGraph, over edge arrays, holding just what
 * graphology-communities-louvain reads (its UndirectedLouvainIndex: order, size, selfLoopCount,
 * forEachNode, undirectedDegreeWithoutSelfLoops, forEachEdge with the weight attribute; isGraph's
 * and inferType's duck checks). Building a real graph costs ~3/4 of a Louvain run at seed scale
 * (addEdge, EdgeData.attach, key Maps); this view costs one degree count. It visits nodes and
 * edges in the order a graph built with addNode(keys[j]) for each j and then
 * addUndirectedEdgeWithKey(t, keys[la[t]], keys[lb[t]], {weight: w[t]}) for each t would, so
 * Louvain sees the same input and, with the same rng, gives the same partition
 * (louvain-view.test.ts compares the two).
 */

/** The graph methods Louvain's index calls, for a simple undirected graph without self-loops. */
export class LouvainView {
  readonly type = 'undirected';
  readonly multi = false;
  readonly selfLoopCount = 0;
  readonly order: number;
  readonly size: number;
  private readonly degree: Int32Array;
  private readonly index = new Map<string, number>();

  /**
   * @param keys node keys (distinct), in insertion order
   * @param la,lb,weight edge t joins keys[la[t]]–keys[lb[t]] (la[t] ≠ lb[t], no pair twice)
   * @example louvain(new LouvainView(['a', 'b'], Int32Array.of(0), Int32Array.of(1), [1]) as never, { getEdgeWeight: 'weight' })
   */
  constructor(readonly keys: string[], readonly la: Int32Array, readonly lb: Int32Array, readonly weight: ArrayLike<number>) {
    this.order = keys.length;
    this.size = la.length;
    this.degree = new Int32Array(keys.length);
    for (let t = 0; t < la.length; t++) {
      this.degree[la[t]]++;
      this.degree[lb[t]]++;
    }
  }

  forEachNode(cb: (node: string, attributes: Record<string, unknown>) => void): void {
    const { keys, index } = this;
    const none = {};
    for (let j = 0; j < keys.length; j++) {
      index.set(keys[j], j);
      cb(keys[j], none);
    }
  }

  undirectedDegreeWithoutSelfLoops(node: string): number {
    const j = this.index.get(node);
    if (j === undefined) throw new Error(`LouvainView: no node "${node}"`);
    return this.degree[j];
  }

  forEachEdge(cb: (edge: string, attributes: { weight: number }, source: string, target: string, sa: unknown, ta: unknown, undirected: boolean) => void): void {
    const { keys, la, lb, weight } = this;
    const none = {};
    const attr = { weight: 0 };
    for (let t = 0; t < la.length; t++) {
      attr.weight = weight[t];
      cb(String(t), attr, keys[la[t]], keys[lb[t]], none, none, true);
    }
  }

  /** Present for graphology-utils' isGraph check only. */
  addUndirectedEdgeWithKey(): never {
    throw new Error('LouvainView is read-only');
  }

  /** Present for graphology-utils' isGraph check only. */
  dropNode(): never {
    throw new Error('LouvainView is read-only');
  }

  /** Louvain's `assign` mode would write node attributes: not supported. */
  setNodeAttribute(): never {
    throw new Error('LouvainView is read-only');
  }
}
