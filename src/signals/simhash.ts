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

  reset(): void {
    this.hi.fill(0);
    this.lo.fill(0);
    this.n = 0;
  }

  /**
   * Adds one feature given as a well-mixed 32-bit hash (a tokenizer hash); the high word is the
   * hash itself, the low word a second multiply-xorshift round of it.
   */
  add(h: number): void {
    if (this.n >= 4095) return;
    this.n++;
    let c = h;
    const hi = this.hi;
    for (let j = 0; c !== 0; j++) {
      const p = hi[j];
      hi[j] = p ^ c;
      c = p & c;
    }
    c = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    c ^= c >>> 12;
    c = Math.imul(c, 0x297a2d39);
    c ^= c >>> 15;
    const lo = this.lo;
    for (let j = 0; c !== 0; j++) {
      const p = lo[j];
      lo[j] = p ^ c;
      c = p & c;
    }
  }

  /** [high, low] uint32: bit i is set when more than half of the features had it set. */
  digest(): [number, number] {
    const t = this.n >>> 1; // bit set iff count > n/2 (floor)
    return [majority(this.hi, t), majority(this.lo, t)];
  }
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
