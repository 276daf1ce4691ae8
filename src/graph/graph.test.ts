import { describe, expect, it } from 'vitest';
import { AttributeBuckets, rarity } from './buckets.js';
import { findCommunities } from './communities.js';
import { EdgeStore } from './edges.js';
import { KIND_BITS, kindsOf } from './kinds.js';
import { lockstep } from './lockstep.js';

const weights = { payment: 1, subnet: 0.5, ip: 0.6, asn: 0.1, user_agent: 0.2, email_pattern: 0.4, creation_wave: 0.3, template: 0.8, lockstep: 0.8, system_prompt: 0.3 };

describe('attribute buckets', () => {
  it('links a joining account to at most fanout members: no pair explosion in big buckets', () => {
    const edges = new EdgeStore();
    const b = new AttributeBuckets(edges, { fanout: 4, maxBucket: 10_000, kindWeights: weights });
    for (let a = 0; a < 3000; a++) b.join(a, 'asn', '16509');
    expect(edges.size).toBeLessThanOrEqual(3000 * 4);
    expect(b.count[b.peek('asn', '16509')]).toBe(3000);
  });

  it('adds no edges past maxBucket (hyperedge) but still counts members', () => {
    const edges = new EdgeStore();
    const b = new AttributeBuckets(edges, { fanout: 8, maxBucket: 5, kindWeights: weights });
    for (let a = 0; a < 20; a++) b.join(a, 'subnet', '10.0.0.0/24');
    expect(edges.size).toBeLessThanOrEqual(5 * 8);
    expect(b.count[0]).toBe(20);
  });

  it('weighs rare attributes more, and counts each kind once per pair', () => {
    expect(rarity(2)).toBeGreaterThan(rarity(100));
    expect(rarity(100)).toBeGreaterThan(rarity(10_000));
    const edges = new EdgeStore();
    edges.add(1, 2, 0.5, KIND_BITS.payment);
    edges.add(2, 1, 0.5, KIND_BITS.payment);
    edges.add(1, 2, 0.25, KIND_BITS.template);
    expect(edges.weightOf(1, 2)).toBeCloseTo(0.75);
    expect(kindsOf(edges.kinds[0])).toEqual(['payment', 'template']);
  });
});

describe('communities', () => {
  const twoCliques = () => {
    const e = new EdgeStore();
    for (let x = 0; x < 6; x++) for (let y = x + 1; y < 6; y++) e.add(x, y, 1, KIND_BITS.payment);
    for (let x = 10; x < 16; x++) for (let y = x + 1; y < 16; y++) e.add(x, y, 1, KIND_BITS.template);
    e.add(5, 10, 0.1, KIND_BITS.asn);
    e.add(20, 21, 1, KIND_BITS.payment); // a pair: below minSize 3
    return e;
  };
  const cand = new Uint8Array(32).fill(1);
  const opts = { seed: 1, minSize: 3, resolution: 1, peelRatio: 0.2, minEdgeWeight: 0.05 };

  it('separates two dense groups joined by one weak edge', () => {
    const got = findCommunities(twoCliques(), cand, opts).map((c) => c.members);
    expect(got).toEqual([[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]]);
  });

  it('is deterministic for a seed and ignores non-candidates', () => {
    const a = JSON.stringify(findCommunities(twoCliques(), cand, opts));
    expect(JSON.stringify(findCommunities(twoCliques(), cand, opts))).toBe(a);
    const only = new Uint8Array(32);
    for (let k = 10; k < 16; k++) only[k] = 1;
    expect(findCommunities(twoCliques(), only, opts).map((c) => c.members)).toEqual([[10, 11, 12, 13, 14, 15]]);
  });

  it('peels a member hanging on by one weak edge', () => {
    const e = twoCliques();
    e.add(0, 30, 0.06, KIND_BITS.asn);
    const c = findCommunities(e, cand, opts).find((x) => x.members.includes(0))!;
    expect(c.members).not.toContain(30);
  });
});

describe('lockstep', () => {
  it('finds windows where most of a group is active together', () => {
    expect(lockstep([[1, 2, 3], [1, 2, 3], [1, 2, 9]], 3)).toEqual({ share: 6 / 9, windows: 2 });
    expect(lockstep([[1], [2], [3]], 2).share).toBe(0);
  });
});

import { lockstepPairs } from './lockstep-lsh.js';

describe('lockstep edges by LSH', () => {
  const opts = { bands: 4, rows: 2, minOverlap: 4, minJaccard: 0.5, maxBucket: 50 };
  it('pairs accounts active in the same windows, not accounts active at other times', () => {
    const w: Record<number, number[]> = {
      1: [100, 105, 110, 115, 120, 125],
      2: [100, 105, 110, 115, 120, 126],
      3: [100, 105, 110, 115, 120, 125],
      4: [201, 207, 213, 219, 225, 231],
      5: [100, 300, 400, 500, 600, 700],
    };
    const pairs = lockstepPairs([1, 2, 3, 4, 5], (i) => w[i], opts).map((p) => [p.a, p.b]);
    expect(pairs).toEqual([[1, 2], [1, 3], [2, 3]]);
  });

  it('needs enough shared windows', () => {
    expect(lockstepPairs([1, 2], (i) => (i === 1 ? [1, 2, 3] : [1, 2, 3]), opts)).toEqual([]);
  });
});

import { seededRng } from '../core/rng.js';
import { lockstepPairs as lockstepReference } from './testdata/lockstep-lsh-reference.js';

describe('lockstep edges by LSH (differential against the reference implementation)', () => {
  it('finds the same pairs with numeric band keys (1 and 2 rows) and string keys (3 rows)', () => {
    const rnd = seededRng(7);
    // 300 accounts: 6 fleets active in shared windows (with jitter), the rest at random
    const w = new Map<number, number[]>();
    for (let i = 0; i < 300; i++) {
      const fleet = i < 180 ? i % 6 : -1;
      const ws: number[] = [];
      for (let k = 0; k < 24; k++) ws.push(fleet >= 0 && rnd() < 0.85 ? 1000 + fleet * 50 + k * 2 : Math.floor(rnd() * 5000));
      w.set(i, ws);
    }
    const accounts = [...w.keys()];
    // the sketch ring's windows are ascending and distinct (intersected by a merge); the random
    // ones above are neither (intersected through a Set): both must agree with the reference
    const ascending = new Map([...w].map(([i, ws]) => [i, [...new Set(ws)].sort((p, q) => p - q)] as const));
    for (const windows of [w, ascending]) {
      let total = 0;
      for (const [bands, rows] of [[4, 1], [4, 2], [3, 3], [8, 2]]) {
        const opts = { bands, rows, minOverlap: 4, minJaccard: 0.3, maxBucket: 50 };
        const got = lockstepPairs(accounts, (i) => windows.get(i)!, opts);
        expect(got).toEqual(lockstepReference(accounts, (i) => windows.get(i)!, opts));
        total += got.length;
      }
      expect(total).toBeGreaterThan(100);
    }
  });
});
