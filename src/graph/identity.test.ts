import { describe, expect, it } from 'vitest';
import { EdgeStore } from './edges.js';
import { identityCores, partsAround } from './identity.js';
import { KIND_BITS } from './kinds.js';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);

/** Parts of a community, one per operator fleet, as the detector's consider() takes them: the cores, then the members around them. */
const identityParts = (members: number[], ids: ArrayLike<number>, edges: EdgeStore, opts: { minCore: number }) =>
  partsAround(members, ids, edges, identityCores(members, ids, edges, opts));

/** Two fleets, each a chain of shared cards; both created in the same sign-up week and proxy /24. */
function world(): { edges: EdgeStore; ids: number[] } {
  const edges = new EdgeStore();
  for (const fleet of [range(0, 12), range(20, 32)]) {
    for (let k = 1; k < fleet.length; k++) edges.add(fleet[k - 1], fleet[k], 1, KIND_BITS.payment);
  }
  // generic values tie the two fleets together, densely
  for (const x of range(0, 12)) for (const y of range(20, 32)) {
    edges.add(x, y, 0.3, KIND_BITS.creation_wave);
    edges.add(x, y, 0.2, KIND_BITS.subnet);
  }
  // 40: no card, tied to fleet A by its template and the week; 41: in the community, tied to no core
  for (const x of range(0, 12)) edges.add(40, x, 0.8, KIND_BITS.template);
  for (const y of range(20, 32)) edges.add(40, y, 0.3, KIND_BITS.creation_wave);
  return { edges, ids: range(0, edges.size) };
}

describe('identityParts', () => {
  it('splits two fleets joined only by generic values, each core keeping the members closest to it', () => {
    const { edges, ids } = world();
    const members = [...range(0, 12), ...range(20, 32), 40, 41];
    const parts = identityParts(members, ids, edges, { minCore: 10 });
    expect(parts).toEqual([[...range(0, 12), 40], range(20, 32), [41]]);
  });

  it('keeps one fleet whole when a card links the two cores (one operator)', () => {
    const { edges } = world();
    edges.add(11, 20, 1, KIND_BITS.payment);
    const members = [...range(0, 12), ...range(20, 32), 40];
    expect(identityParts(members, range(0, edges.size), edges, { minCore: 10 })).toEqual([members]);
  });

  it('does not split on cores smaller than minCore (a few accounts on one card inside a big fleet)', () => {
    const { edges, ids } = world();
    const members = [...range(0, 12), ...range(20, 32)];
    expect(identityParts(members, ids, edges, { minCore: 13 })).toEqual([members]);
  });

  it('links through cards and exact IPs, not through templates, subnets or lockstep', () => {
    const edges = new EdgeStore();
    for (const k of range(1, 10)) edges.add(0, k, 1, KIND_BITS.payment); // 0..9 pay with one card
    for (const k of range(11, 20)) edges.add(10, k, 0.6, KIND_BITS.ip); // 10..19 share one proxy exit
    for (const x of range(0, 10)) for (const y of range(10, 20)) edges.add(x, y, 0.8, KIND_BITS.template | KIND_BITS.subnet | KIND_BITS.lockstep);
    const parts = identityParts(range(0, 20), range(0, edges.size), edges, { minCore: 10 });
    expect(parts).toEqual([range(0, 10), range(10, 20)]);
  });
});

describe('identityCores', () => {
  it('returns every group tied by cards or exact IPs with at least minCore accounts, not sign-up or template links', () => {
    const { edges, ids } = world();
    edges.add(50, 51, 1, KIND_BITS.payment); // a pair on one card …
    edges.add(50, 51, 0.6, KIND_BITS.ip); // … and one address
    edges.add(51, 0, 0.3, KIND_BITS.creation_wave); // tied to fleet A by a sign-up week only
    edges.add(52, 53, 0.8, KIND_BITS.template); // a pair tied by a template only: no core
    const members = [...range(0, 12), ...range(20, 32), 40, 41, 50, 51, 52, 53];
    expect(identityCores(members, range(0, edges.size), edges, { minCore: 2 })).toEqual([range(0, 12), range(20, 32), [50, 51]]);
    expect(identityCores(members, range(0, edges.size), edges, { minCore: 3 })).toEqual([range(0, 12), range(20, 32)]);
  });
});
