import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory.js';

describe('memory store', () => {
  it('stores verdicts, allowlist and forgets them', async () => {
    const s = createMemoryStore();
    expect(await s.lookup('a')).toEqual({ verdict: null, allowlisted: false });
    await s.setVerdict('a', { verdict: 'attack', campaign: 'c1', score: 0.9 });
    await s.addAllowlist('a');
    expect(await s.lookup('a')).toEqual({ verdict: { verdict: 'attack', campaign: 'c1', score: 0.9 }, allowlisted: true });
    await s.removeAllowlist('a');
    await s.clearVerdict('a');
    expect(await s.lookup('a')).toEqual({ verdict: null, allowlisted: false });
  });

  it('sweeps idle buckets so memory stays bounded, and a swept bucket is full again', async () => {
    const s = createMemoryStore({ sweepEvery: 1 });
    const spec = { key: 'x', capacity: 1, refillPerMs: 0.001, cost: 1, consume: true };
    expect((await s.take([spec], 0)).ok).toBe(true);
    expect((await s.take([spec], 10)).ok).toBe(false);
    // idle TTL = 2*capacity/rate + 1s = 3000 ms
    expect((await s.take([spec], 10_000)).ok).toBe(true);
  });
});
