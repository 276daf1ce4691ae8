import { describe, expect, it } from 'vitest';
import { CountTable } from './count-table.js';

/** The Map-based counter the table replaced (template.ts before the speed work). */
class MapCounter {
  private readonly counts = new Map<number, number>();
  constructor(private readonly cap: number) {}
  bump(k: number): number {
    const c = (this.counts.get(k) ?? 0) + 1;
    if (this.counts.size >= this.cap) this.counts.clear();
    this.counts.set(k, c);
    return c;
  }
}

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    return (s >>> 0) / 4294967296;
  };
}

describe('CountTable', () => {
  it('counts, and clears when it holds cap keys', () => {
    const t = new CountTable(2);
    expect(t.bump(7)).toBe(1);
    expect(t.bump(7)).toBe(2);
    expect(t.bump(9)).toBe(1); // 2 keys now
    expect(t.bump(7)).toBe(3); // full: cleared, 7 kept with its new count
    expect(t.bump(9)).toBe(1); // 9 was dropped by the clear
  });

  it('counts 0, negative keys and keys equal in their low bits apart', () => {
    const t = new CountTable(1000);
    for (const k of [0, -1, 1 << 12, 2 << 12, -(1 << 31)]) expect(t.bump(k)).toBe(1);
    for (const k of [0, -1, 1 << 12, 2 << 12, -(1 << 31)]) expect(t.bump(k)).toBe(2);
  });

  for (const [cap, space] of [
    [16, 40],
    [100, 90],
    [1000, 5000],
    [5000, 1 << 30],
  ] as const) {
    it(`matches the Map counter step by step (cap ${cap}, ${space} distinct keys, growth and clears)`, () => {
      const r = rng(cap);
      const a = new CountTable(cap);
      const b = new MapCounter(cap);
      let repeats = 0;
      for (let i = 0; i < 50_000; i++) {
        // Mixed int32 keys, plus keys that collide in the low bits (same slot).
        const k = r() < 0.3 ? (Math.floor(r() * 8) << 20) | 0 : (Math.floor(r() * space) * 0x9e3779b1) | 0;
        const want = b.bump(k);
        if (want > 1) repeats++;
        const got = a.bump(k);
        if (got !== want) expect({ i, k, got }).toEqual({ i, k, got: want });
      }
      expect(repeats).toBeGreaterThan(1000);
    });
  }
});
