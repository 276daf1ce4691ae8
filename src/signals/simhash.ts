/**
 * 64-bit SimHash (Charikar) over the masked prompt's content tokens, with the 64 per-bit
 * counters kept bit-sliced: counter i is spread over 12 Int32 "planes" (bit j of counter i lives
 * in bit i of plane j), so adding a feature is a ripple-carry of a few word-wide XOR/AND instead
 * of 64 scalar increments, and the final majority vote is a bit-serial compare of all 32 lanes
 * at once. Chosen over MinHash because one 64-bit value per exchange is cheap to store in
 * sketches and compare (Hamming distance = two popcounts), and near-duplicate fill-ins/paraphrases
 * land within a few bits. The `simhash-js` npm package was not used: it hashes strings itself,
 * allocates per feature and counts bits one by one (orders of magnitude over our 3 µs budget).
 */

const PLANES = 12; // counts up to 4095 features

/**
 * Reusable SimHash accumulator (not re-entrant).
 * @example
 * const s = new SimHasher(); s.reset(); s.add(123); s.add(456);
 * const [hi, lo] = s.digest();
 */
export class SimHasher {
  private readonly hi = new Int32Array(PLANES);
  private readonly lo = new Int32Array(PLANES);
  private n = 0;
  // Carry-save front end (Harley-Seal style): 5-bit bit-sliced counters absorb up to 31
  // features with a few word ops each before one ripple-carry into the planes.
  private h1 = 0;
  private h2 = 0;
  private h4 = 0;
  private h8 = 0;
  private h16 = 0;
  private l1 = 0;
  private l2 = 0;
  private l4 = 0;
  private l8 = 0;
  private l16 = 0;
  private pending = 0;
  /** Scratch for addMasked (a run of one). */
  private readonly oneHash = new Int32Array(1);
  private readonly oneKeep = new Int32Array(1);

  reset(): void {
    this.hi.fill(0);
    this.lo.fill(0);
    this.n = 0;
    this.h1 = this.h2 = this.h4 = this.h8 = this.h16 = this.l1 = this.l2 = this.l4 = this.l8 = this.l16 = 0;
    this.pending = 0;
  }

  /**
   * Adds one feature given as a well-mixed 32-bit hash (a tokenizer hash); the high word is the
   * hash itself, the low word a second multiply-xorshift round of it.
   */
  add(h: number): void {
    this.addMasked(h, -1);
  }

  /**
   * add() when keep is -1; when keep is 0 nothing is counted (lets callers skip stop words
   * without a branch).
   */
  addMasked(h: number, keep: number): void {
    // one feature through the batch path: one implementation of the carry-save step
    this.oneHash[0] = h;
    this.oneKeep[0] = keep;
    this.addAll(this.oneHash, this.oneKeep, 0, 1);
  }

  /**
   * Adds hashes[t] for t in [from, to), in order, each counted when keeps[t] is -1 and skipped
   * when it is 0, with the carry-save counters held in locals for the whole run (one load and one
   * store of each per call instead of per feature). Runs of any length give the same result.
   */
  addAll(hashes: Int32Array, keeps: Int32Array, from: number, to: number): void {
    let n = this.n;
    let pending = this.pending;
    let h1 = this.h1, h2 = this.h2, h4 = this.h4, h8 = this.h8, h16 = this.h16;
    let l1 = this.l1, l2 = this.l2, l4 = this.l4, l8 = this.l8, l16 = this.l16;
    for (let t = from; t < to; t++) {
      if (n >= 4095) break; // every later feature would be dropped too
      const keep = keeps[t];
      n -= keep;
      const h = hashes[t] & keep;
      let c = h1 & h;
      h1 ^= h;
      let d = h2 & c;
      h2 ^= c;
      let e = h4 & d;
      h4 ^= d;
      let f = h8 & e;
      h8 ^= e;
      h16 ^= f;
      let x = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
      x ^= x >>> 12;
      x = Math.imul(x, 0x297a2d39);
      x = (x ^ (x >>> 15)) & keep;
      c = l1 & x;
      l1 ^= x;
      d = l2 & c;
      l2 ^= c;
      e = l4 & d;
      l4 ^= d;
      f = l8 & e;
      l8 ^= e;
      l16 ^= f;
      if (++pending === 31) {
        ripple5(this.hi, h1, h2, h4, h8, h16);
        ripple5(this.lo, l1, l2, l4, l8, l16);
        h1 = h2 = h4 = h8 = h16 = l1 = l2 = l4 = l8 = l16 = 0;
        pending = 0;
      }
    }
    this.n = n;
    this.pending = pending;
    this.h1 = h1;
    this.h2 = h2;
    this.h4 = h4;
    this.h8 = h8;
    this.h16 = h16;
    this.l1 = l1;
    this.l2 = l2;
    this.l4 = l4;
    this.l8 = l8;
    this.l16 = l16;
  }

  private flush(): void {
    ripple5(this.hi, this.h1, this.h2, this.h4, this.h8, this.h16);
    ripple5(this.lo, this.l1, this.l2, this.l4, this.l8, this.l16);
    this.h1 = this.h2 = this.h4 = this.h8 = this.h16 = this.l1 = this.l2 = this.l4 = this.l8 = this.l16 = 0;
    this.pending = 0;
  }

  /** [high, low] uint32: bit i is set when more than half of the features had it set. */
  digest(): [number, number] {
    if (this.pending > 0) this.flush();
    const t = this.n >>> 1; // bit set iff count > n/2 (floor)
    return [majority(this.hi, t), majority(this.lo, t)];
  }
}

/** Adds the 32 one-bit values of x, weighted 2^j, into the bit-sliced counters. */
function ripple(planes: Int32Array, x: number, j: number): void {
  while (x !== 0 && j < PLANES) {
    const p = planes[j];
    planes[j] = p ^ x;
    x = p & x;
    j++;
  }
}

/** The five carry-save counters (weights 1, 2, 4, 8, 16) into the planes. */
function ripple5(planes: Int32Array, a: number, b: number, c: number, d: number, e: number): void {
  ripple(planes, a, 0);
  ripple(planes, b, 1);
  ripple(planes, c, 2);
  ripple(planes, d, 3);
  ripple(planes, e, 4);
}

function majority(planes: Int32Array, t: number): number {
  let gt = 0;
  let eq = -1;
  for (let j = PLANES - 1; j >= 0; j--) {
    const tb = (t >>> j) & 1 ? -1 : 0;
    const p = planes[j];
    gt |= eq & p & ~tb;
    eq &= ~(p ^ tb);
  }
  return gt >>> 0;
}
