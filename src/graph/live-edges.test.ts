import { describe, expect, it } from 'vitest';
import { seededRng } from '../core/rng.js';
import { EdgeStore } from './edges.js';
import { LiveEdges } from './live-edges.js';

/** The live edges by brute force: every stored edge at or above the floor with both ends candidates. */
function scan(edges: EdgeStore, cand: Uint8Array, min: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < edges.size; e++) if (edges.w[e] >= min && cand[edges.a[e]] && cand[edges.b[e]]) out.push(e);
  return out;
}

describe('LiveEdges', () => {
  it('equals a full scan as edges appear, get heavier and candidates come and go (many seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rnd = seededRng(seed);
      const n = 300;
      const edges = new EdgeStore();
      let cand = new Uint8Array(n / 2);
      const live = new LiveEdges(edges, 0.05);
      let nonEmpty = 0;
      for (let step = 0; step < 80; step++) {
        if (step === 40) { const c = new Uint8Array(n); c.set(cand); cand = c; } // accounts added
        for (let k = Math.floor(rnd() * 60); k > 0; k--) {
          const x = Math.floor(rnd() * cand.length), y = Math.floor(rnd() * cand.length);
          edges.add(x, y, Math.round(rnd() * 100) / 1000, 1 << Math.floor(rnd() * 9));
        }
        for (let k = Math.floor(rnd() * 30); k > 0; k--) cand[Math.floor(rnd() * cand.length)] = rnd() < 0.7 ? 1 : 0;
        const got = [...live.update(cand)];
        const want = scan(edges, cand, 0.05);
        expect(got).toEqual(want);
        if (want.length) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(40);
    }
  });

  it('rebuilds when a second tracker takes the change log over', () => {
    const edges = new EdgeStore();
    const cand = new Uint8Array(10).fill(1);
    const first = new LiveEdges(edges, 0.5);
    edges.add(0, 1, 0.1, 1);
    expect([...first.update(cand)]).toEqual([]);
    const second = new LiveEdges(edges, 0.5);
    expect([...second.update(cand)]).toEqual([]);
    edges.add(0, 1, 0.9, 2); // now heavy enough: logged for `second` only
    expect([...second.update(cand)]).toEqual([0]);
    expect([...first.update(cand)]).toEqual([0]);
    cand[1] = 0;
    expect([...first.update(cand)]).toEqual([]);
  });
});
