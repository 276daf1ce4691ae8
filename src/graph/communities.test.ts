import { describe, expect, it } from 'vitest';
import { seededRng } from '../core/rng.js';
import { findCommunities, type CommunityCache } from './communities.js';
import { EdgeStore } from './edges.js';
import { findCommunities as reference, type CommunityCache as RefCache } from './testdata/communities-reference.js';

/**
 * Differential test: the typed-array, component-reusing findCommunities against the previous
 * Map/Set implementation (testdata/communities-reference.ts) on graphs that evolve between calls
 * the way the detector's do (new edges, heavier edges, candidates coming and going), each with
 * its own cache: every call must give the same communities, members, densities, kinds and edges.
 */
describe('findCommunities (differential against the reference implementation)', () => {
  const run = (seed: number, regrowth: number) => {
    const rnd = seededRng(seed);
    const n = 400;
    const edges = new EdgeStore();
    const cand = new Uint8Array(n);
    const cache: CommunityCache = new Map();
    const refCache: RefCache = new Map();
    const opts = { seed, minSize: 3, resolution: 1, peelRatio: 0.2, minEdgeWeight: 0.05, regrowth };
    let calls = 0, nonEmpty = 0;
    for (let step = 0; step < 60; step++) {
      // a few fleets that grow, plus noise edges and weight changes on existing pairs
      const adds = Math.floor(rnd() * 40);
      for (let k = 0; k < adds; k++) {
        const fleet = Math.floor(rnd() * 6);
        const x = fleet * 60 + Math.floor(rnd() * Math.min(60, 5 + step * 2));
        const y = rnd() < 0.85 ? fleet * 60 + Math.floor(rnd() * 60) : Math.floor(rnd() * n);
        edges.add(x, y, Math.round(rnd() * 100) / 100, 1 << Math.floor(rnd() * 9));
      }
      const flips = Math.floor(rnd() * 30);
      for (let k = 0; k < flips; k++) cand[Math.floor(rnd() * n)] = rnd() < 0.8 ? 1 : 0;
      // some calls see no change at all (the reuse path)
      const reps = rnd() < 0.3 ? 2 : 1;
      for (let r = 0; r < reps; r++) {
        const got = findCommunities(edges, cand, opts, cache);
        const want = reference(edges, cand, opts, refCache);
        expect(JSON.stringify(got.map((c) => ({ ...c, edges: Array.from(c.edges) })))).toBe(JSON.stringify(want));
        calls++;
        if (want.length) nonEmpty++;
      }
    }
    return { calls, nonEmpty };
  };

  it('matches on evolving graphs, with and without Louvain reuse between regrowths', () => {
    for (const seed of [1, 2, 3]) {
      for (const regrowth of [1, 1.2, 2]) {
        const { calls, nonEmpty } = run(seed, regrowth);
        expect(calls).toBeGreaterThanOrEqual(60);
        expect(nonEmpty).toBeGreaterThan(calls / 2);
      }
    }
  });

  it('returns the cached communities of a component that did not change, and recomputes one whose edge got heavier', () => {
    const e = new EdgeStore();
    for (let x = 0; x < 5; x++) for (let y = x + 1; y < 5; y++) e.add(x, y, 1, 1);
    e.add(4, 5, 0.06, 2);
    const cand = new Uint8Array(8).fill(1);
    const cache: CommunityCache = new Map();
    const opts = { seed: 1, minSize: 3, resolution: 1, peelRatio: 0.2, minEdgeWeight: 0.05, regrowth: 1.2 };
    const first = findCommunities(e, cand, opts, cache);
    expect(first[0].members).toEqual([0, 1, 2, 3, 4]);
    const again = findCommunities(e, cand, opts, cache);
    expect(again[0]).toBe(first[0]);
    e.add(4, 5, 3, 4); // 5 now strongly attached: no longer peeled
    const later = findCommunities(e, cand, opts, cache);
    expect(later[0]).not.toBe(first[0]);
    expect(later[0].members).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
