import { describe, expect, it } from 'vitest';
import { combine, fmix32, fnv1a, hammingDistance64, popcount32 } from './hash.js';

describe('hash', () => {
  it('fnv1a folds ASCII case and matches the reference FNV-1a value', () => {
    expect(fnv1a('Hello')).toBe(fnv1a('hello'));
    // Reference FNV-1a 32 of "a" is 0xe40c292c.
    expect(fnv1a('a') >>> 0).toBe(0xe40c292c);
    expect(fnv1a('ab')).not.toBe(fnv1a('ba'));
  });
  it('fmix32 and combine spread and keep order', () => {
    expect(fmix32(1)).not.toBe(fmix32(2));
    expect(combine(1, 2)).not.toBe(combine(2, 1));
  });
  it('popcount and hamming distance', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(hammingDistance64([0, 0], [0, 7])).toBe(3);
    expect(hammingDistance64([0xffffffff, 0xffffffff], [0, 0])).toBe(64);
    expect(hammingDistance64([5, 9], [5, 9])).toBe(0);
  });
});
