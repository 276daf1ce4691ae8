/**
 * Bounded counter of int32 keys for the template miner (how often each framing window was seen).
 */

/** Saturation of a count: far above any minSupport (≤ 2^20), so comparisons are unchanged. */
const COUNT_MAX = 1 << 30;

/**
 * Count table keyed by int32 window keys: open addressing with linear probing in two typed
 * arrays (a count of 0 marks an empty slot). Keys arrive mixed (fmix32), so the low bits index.
 * Cheaper than a Map<number, number> (no boxing, no hashing of the key); same semantics as the
 * Map it replaced: `bump` adds one and returns the new count, and the table is cleared when it
 * holds `cap` keys, before the bumped key is stored again with its new count.
 * @example
 * const t = new CountTable(1 << 16);
 * t.bump(42); // 1
 * t.bump(42); // 2
 */
export class CountTable {
  private keys: Int32Array;
  private counts: Int32Array;
  private mask: number;
  private size = 0;

  constructor(private readonly cap: number) {
    const slots = 1 << 12;
    this.keys = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** Adds one to the count of int32 key k (other numbers are taken modulo 2^32) and returns it. */
  bump(k: number): number {
    k |= 0;
    const keys = this.keys;
    const counts = this.counts;
    const mask = this.mask;
    let s = k & mask;
    for (;;) {
      const c = counts[s];
      if (c === 0) break;
      if (keys[s] === k) {
        const n = c < COUNT_MAX ? c + 1 : c;
        if (this.size >= this.cap) {
          this.clear();
          this.insert(k, n);
        } else counts[s] = n;
        return n;
      }
      s = (s + 1) & mask;
    }
    // A new key: count 1.
    if (this.size >= this.cap) this.clear();
    else if ((this.size + 1) * 2 > this.counts.length) this.grow();
    this.insert(k, 1);
    return 1;
  }

  private insert(k: number, c: number): void {
    const mask = this.mask;
    let s = k & mask;
    while (this.counts[s] !== 0) s = (s + 1) & mask;
    this.keys[s] = k;
    this.counts[s] = c;
    this.size++;
  }

  private clear(): void {
    this.counts.fill(0);
    this.size = 0;
  }

  /** Doubles the slots (load ≤ 1/2): at most 2 × the next power of two above cap. */
  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const slots = oldCounts.length * 2;
    this.keys = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
    this.size = 0;
    for (let i = 0; i < oldCounts.length; i++) if (oldCounts[i] !== 0) this.insert(oldKeys[i], oldCounts[i]);
  }
}
