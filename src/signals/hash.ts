/**
 * Small, allocation-free 32-bit hashing: FNV-1a / djb2 over UTF-16 code units (ASCII case-folded)
 * and the murmur3 finaliser to spread bits. Hand-written rather than the
 * `fnv`/`fnv1a` npm packages: the tokenizer folds hashing into its single character loop, which
 * a string-in/number-out package cannot do without a second pass and a substring per token.
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;

/**
 * FNV-1a 32-bit of a string's code units, ASCII letters lower-cased (matches the tokenizer).
 * @example fnv1a('Hello') === fnv1a('hello') // true
 */
export function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h;
}

/**
 * murmur3 fmix32: a bijective avalanche of a 32-bit value (returns a signed int32).
 * @example fmix32(1) !== fmix32(2) // true
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Seed of the tokenizer's per-character word hash. */
export const WORD_SEED = 5381;

/**
 * Hash of a word as the tokenizer stores it: djb2 (h·33 + c, ASCII case-folded; its loop-carried
 * dependency is two cycles against FNV's four, which matters in the per-character loop) then the
 * fmix32 avalanche.
 * @example wordHash('Reasoning') === wordHash('reasoning') // true
 */
export function wordHash(s: string): number {
  let h = WORD_SEED;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 32;
    h = ((h << 5) + (h + c)) | 0;
  }
  return fmix32(h);
}

/**
 * Cheap key of an adjacent word pair from two already-mixed word hashes (for table lookups).
 * @example pairKey(wordHash('step'), wordHash('by')) !== pairKey(wordHash('by'), wordHash('step')) // true
 */
export function pairKey(a: number, b: number): number {
  return Math.imul(a, 0x9e3779b1) ^ b;
}

/**
 * Order-sensitive combination of two 32-bit hashes (int32 result).
 * @example combine(1, 2) !== combine(2, 1) // true
 */
export function combine(a: number, b: number): number {
  return fmix32(Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ b);
}

/**
 * Population count of a 32-bit value.
 * @example popcount32(0xff) // 8
 */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Hamming distance between two 64-bit values given as [high, low] uint32 pairs (0..64).
 * @example hammingDistance64([0, 0], [0, 7]) // 3
 */
export function hammingDistance64(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32(a[0] ^ b[0]) + popcount32(a[1] ^ b[1]);
}
