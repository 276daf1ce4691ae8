import { describe, expect, it } from 'vitest';
import { Rng, cumulative, hash32 } from './rng.js';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(sa);
  });

  it('keeps draws in range and means near their parameter', () => {
    const r = new Rng(1);
    let sumU = 0;
    let sumE = 0;
    let sumG = 0;
    let sumP = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const k = r.int(6);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(6);
      sumU += u;
      sumE += r.exp(3);
      sumG += r.geometric(5);
      sumP += r.poisson(4);
    }
    expect(sumU / n).toBeCloseTo(0.5, 1);
    expect(sumE / n).toBeGreaterThan(2.8);
    expect(sumE / n).toBeLessThan(3.2);
    expect(sumG / n).toBeGreaterThan(4.7);
    expect(sumG / n).toBeLessThan(5.3);
    expect(sumP / n).toBeGreaterThan(3.85);
    expect(sumP / n).toBeLessThan(4.15);
  });

  it('draws weighted indices in proportion and never a zero-weight one', () => {
    const r = new Rng(3);
    const cum = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[r.weighted(cum)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.6);
    expect(counts[2] / counts[0]).toBeLessThan(3.4);
  });

  it('hashes stably and separates parts', () => {
    expect(hash32('a', 1)).toBe(hash32('a', 1));
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
  });
});
