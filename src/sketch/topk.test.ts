import { describe, expect, it } from 'vitest';
import { seededRng } from '../core/rng.js';
import { spaceSavingAdd, spaceSavingTop } from './topk.js';

describe('space-saving top-k', () => {
  it('keeps a heavy hitter among many distinct items, with a guaranteed lower bound', () => {
    const ids = new Uint32Array(4), counts = new Uint32Array(4), errs = new Uint32Array(4);
    const rng = seededRng(3);
    let heavy = 0;
    for (let n = 0; n < 5000; n++) {
      if (rng() < 0.3) { spaceSavingAdd(ids, counts, errs, 0, 4, 42); heavy++; }
      else spaceSavingAdd(ids, counts, errs, 0, 4, 1000 + Math.floor(rng() * 100000));
    }
    const [id, lower] = spaceSavingTop(ids, counts, errs, 0, 4);
    expect(id).toBe(42);
    expect(lower).toBeLessThanOrEqual(heavy);
    expect(lower).toBeGreaterThan(heavy * 0.5);
  });

  it('reports ~0 guaranteed count when every item is distinct', () => {
    const ids = new Uint32Array(4), counts = new Uint32Array(4), errs = new Uint32Array(4);
    for (let n = 0; n < 1000; n++) spaceSavingAdd(ids, counts, errs, 0, 4, n);
    expect(spaceSavingTop(ids, counts, errs, 0, 4)[1]).toBeLessThanOrEqual(1);
  });
});
