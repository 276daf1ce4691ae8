import { describe, expect, it } from 'vitest';
import { allocate, sampleGraph } from './graph-sample.js';
import { buildScanFixture, PRESETS } from './testdata/fixture.js';

describe('allocate', () => {
  it('keeps everything under budget', () => {
    expect(allocate([3, 4], 10, 2)).toEqual([3, 4]);
  });
  it('splits in proportion with a floor and never exceeds the budget', () => {
    const out = allocate([14_000, 8_000, 2_600, 10], 2_000, 25);
    expect(out.reduce((s, n) => s + n, 0)).toBe(2_000);
    expect(out[3]).toBe(10);
    expect(out[0]!).toBeGreaterThan(out[1]!);
    expect(out[2]!).toBeGreaterThanOrEqual(25);
  });
  it('trims when floors alone exceed the budget', () => {
    expect(allocate([50, 50, 50], 60, 25)).toEqual([25, 25, 10]);
  });
});

describe('sampleGraph', () => {
  const scale = buildScanFixture(PRESETS.scale);
  const g = sampleGraph(scale.campaigns, scale.accounts);
  it('bounds a 25,000-account graph to 1,500 nodes by default and says so', () => {
    expect(g.total_nodes).toBe(24_600);
    expect(g.nodes.length).toBe(1_500);
    expect(g.sampled).toBe(true);
    expect(g.sampling).toMatch(/Showing 1,500 of 24,600 campaign accounts/);
    expect(g.edges.length).toBeLessThanOrEqual(6_000);
    expect(sampleGraph(scale.campaigns, scale.accounts, { maxNodes: 2_000 }).nodes.length).toBe(2_000);
  });
  it('keeps only edges whose both ends are shown', () => {
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(g.edges.every((e) => ids.has(e.a) && ids.has(e.b))).toBe(true);
  });
  it('keeps the highest-scoring accounts of each campaign', () => {
    const score = new Map(scale.accounts.map((a) => [a.account, a.score] as const));
    for (const c of scale.campaigns) {
      const shown = g.nodes.filter((n) => n.campaign === c.id);
      const minShown = Math.min(...shown.map((n) => n.score));
      const hidden = c.accounts.filter((id) => !shown.some((n) => n.id === id));
      expect(hidden.every((id) => (score.get(id) ?? 0) <= minShown)).toBe(true);
    }
  });
  it('falls back to campaign hubs when the scan wrote no edges', () => {
    const small = buildScanFixture(PRESETS.small);
    const bare = small.campaigns.map(({ edges: _e, ...c }) => c);
    const h = sampleGraph(bare, small.accounts);
    expect(h.edge_source).toBe('membership');
    expect(h.nodes.filter((n) => n.id.startsWith('campaign:')).length).toBe(3);
    expect(h.edges.length).toBe(77);
    expect(h.sampled).toBe(false);
  });
});
