/**
 * SimHasher.addAll (the batch form the prompt analyser uses) must give the same digest whatever
 * the run lengths (addMasked is a run of one), masks and cap; simhash.test.ts checks the counts
 * against a plain per-bit majority.
 */
import { describe, expect, it } from 'vitest';
import { SimHasher } from './simhash.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) | 0);
}

describe('SimHasher.addAll', () => {
  it('equals addMasked one by one, in runs of any length, mixed with single adds', () => {
    const next = lcg(7);
    const one = new SimHasher();
    const batch = new SimHasher();
    for (const total of [0, 1, 30, 31, 32, 62, 100, 777, 2048, 5000]) {
      const hashes = new Int32Array(total);
      const keeps = new Int32Array(total);
      for (let i = 0; i < total; i++) {
        hashes[i] = next();
        keeps[i] = (next() & 3) === 0 ? 0 : -1;
      }
      one.reset();
      for (let i = 0; i < total; i++) one.addMasked(hashes[i], keeps[i]);
      batch.reset();
      // Split into uneven runs, with one feature added singly between runs.
      let t = 0;
      while (t < total) {
        const run = Math.min(total - t, 1 + ((next() >>> 0) % 97));
        batch.addAll(hashes, keeps, t, t + run - 1);
        batch.addMasked(hashes[t + run - 1], keeps[t + run - 1]);
        t += run;
      }
      expect(batch.digest(), `total ${total}`).toEqual(one.digest());
    }
  });

  it('stops counting at the cap like addMasked (features past 4095 kept ones are dropped)', () => {
    const n = 10_000; // without the cap the all-ones features would be the majority
    const hashes = Int32Array.from({ length: n }, (_, i) => (i < 4095 ? 0 : -1));
    const keeps = new Int32Array(n).fill(-1);
    const s = new SimHasher();
    s.reset();
    s.addAll(hashes, keeps, 0, n);
    expect(s.digest()).toEqual([0, 0]); // the all-ones features after the cap never count
    const one = new SimHasher();
    one.reset();
    for (let i = 0; i < n; i++) one.addMasked(hashes[i], keeps[i]);
    expect(one.digest()).toEqual([0, 0]);
  });
});
