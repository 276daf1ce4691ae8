/**
 * Weighted account-to-account edges, accumulated as accounts join shared attribute buckets. One
 * edge per account pair; its weight sums the rarity-weighted contributions of every attribute the
 * pair shares, and `kinds` records which kinds those were. Stored in growable typed arrays.
 */
const SHIFT = 2 ** 26;

/**
 * Open-addressing hash (linear probing) from a pair key to an edge index, in typed arrays:
 * ~24 bytes an edge at load ≤ 0.5 instead of a Map entry's ~80.
 */
class PairIndex {
  private keys = new Float64Array(2048).fill(-1);
  private vals = new Int32Array(2048);
  private count = 0;

  private slot(key: number, keys: Float64Array): number {
    const mask = keys.length - 1;
    const lo = key % SHIFT, hi = (key - lo) / SHIFT;
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0;
    h &= mask;
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & mask;
    return h;
  }

  get(key: number): number | undefined {
    const h = this.slot(key, this.keys);
    return this.keys[h] === key ? this.vals[h] : undefined;
  }

  set(key: number, val: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const h = this.slot(key, this.keys);
    if (this.keys[h] !== key) this.count++;
    this.keys[h] = key;
    this.vals[h] = val;
  }

  private grow(): void {
    const oldK = this.keys, oldV = this.vals;
    this.keys = new Float64Array(oldK.length * 2).fill(-1);
    this.vals = new Int32Array(oldK.length * 2);
    for (let i = 0; i < oldK.length; i++) {
      if (oldK[i] === -1) continue;
      const h = this.slot(oldK[i], this.keys);
      this.keys[h] = oldK[i];
      this.vals[h] = oldV[i];
    }
  }
}

export class EdgeStore {
  private readonly index = new PairIndex();
  size = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  w = new Float64Array(1024);
  kinds = new Uint16Array(1024);
  /** Mutation counter: bumped whenever an edge is added or its weight/kinds change. */
  version = 0;
  /** Per edge: `version` right after its last change (lets callers skip unchanged parts of the graph). */
  stamp = new Uint32Array(1024);
  /** With trackChanges(): every edge added or changed since the last clearChangeLog(), in order (repeats possible). */
  changeLog: number[] = [];
  /** Id of the one consumer of changeLog (0 = none): a new consumer takes it over from the last. */
  changeReader = 0;
  private tracking = false;

  /**
   * Start recording changed edges in changeLog for a new consumer (such as LiveEdges); returns
   * its id. The log has one reader: an earlier one sees `changeReader` differ and must rebuild.
   */
  trackChanges(): number {
    this.tracking = true;
    this.changeLog.length = 0;
    return ++this.changeReader;
  }

  /** Forget the recorded changes (the consumer has read them). */
  clearChangeLog(): void {
    this.changeLog.length = 0;
  }

  /**
   * Add weight between accounts x and y for a shared attribute of kind bit `kindBit`.
   * @example const e = new EdgeStore(); e.add(1, 2, 0.5, 1); e.weightOf(2, 1) // 0.5
   */
  add(x: number, y: number, weight: number, kindBit: number): void {
    if (x === y) return;
    const lo = x < y ? x : y, hi = x < y ? y : x;
    const key = lo * SHIFT + hi;
    let e = this.index.get(key);
    if (e === undefined) {
      if (this.size === this.a.length) this.grow();
      e = this.size++;
      this.index.set(key, e);
      this.a[e] = lo;
      this.b[e] = hi;
    }
    // the same kind counted once per pair: keep the strongest contribution of that kind
    if ((this.kinds[e] & kindBit) === 0) {
      this.w[e] += weight;
      this.kinds[e] |= kindBit;
      this.stamp[e] = ++this.version;
      if (this.tracking) this.changeLog.push(e);
    }
  }

  weightOf(x: number, y: number): number {
    const lo = Math.min(x, y), hi = Math.max(x, y);
    const e = this.index.get(lo * SHIFT + hi);
    return e === undefined ? 0 : this.w[e];
  }

  private grow(): void {
    const n = this.a.length * 2;
    const a = new Int32Array(n); a.set(this.a); this.a = a;
    const b = new Int32Array(n); b.set(this.b); this.b = b;
    const w = new Float64Array(n); w.set(this.w); this.w = w;
    const k = new Uint16Array(n); k.set(this.kinds); this.kinds = k;
    const s = new Uint32Array(n); s.set(this.stamp); this.stamp = s;
  }
}
