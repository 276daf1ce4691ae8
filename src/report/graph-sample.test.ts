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
  it('bounds a 25,000-account graph to 800 nodes by default and says so', () => {
    expect(g.total_nodes).toBe(24_600);
    // Budget: 800 nodes including one hub slot per campaign.
    expect(g.nodes.length).toBeLessThanOrEqual(800);
    expect(g.nodes.filter((n) => !n.id.startsWith('campaign:')).length).toBe(797);
    expect(g.sampled).toBe(true);
    expect(g.sampling).toMatch(/Showing 797 of 24,600 campaign accounts/);
    expect(g.edges.length).toBeLessThanOrEqual(3_000);
    expect(sampleGraph(scale.campaigns, scale.accounts, { maxNodes: 2_000 }).nodes.length).toBeLessThanOrEqual(2_000);
  });
  it('keeps only edges whose both ends are shown', () => {
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(g.edges.every((e) => ids.has(e.a) && ids.has(e.b))).toBe(true);
  });
  it('gives every shown account that has a link among shown accounts at least one edge', () => {
    const ids = new Set(g.nodes.map((n) => n.id));
    const linkable = new Set<string>();
    for (const c of scale.campaigns) for (const e of c.edges ?? []) if (ids.has(e.a) && ids.has(e.b) && e.a !== e.b) linkable.add(e.a).add(e.b);
    const drawn = new Set(g.edges.flatMap((e) => [e.a, e.b]));
    expect(linkable.size).toBeGreaterThan(600);
    expect([...linkable].filter((id) => !drawn.has(id))).toEqual([]);
  });
  it('always shows the top quarter of each campaign by score, and the rest linked to the shown ones', () => {
    const score = new Map(scale.accounts.map((a) => [a.account, a.score] as const));
    for (const c of scale.campaigns) {
      const shown = new Set(g.nodes.filter((n) => n.campaign === c.id).map((n) => n.id));
      const scores = c.accounts.map((id) => score.get(id)!).sort((x, y) => y - x);
      const cut = scores[Math.ceil(shown.size / 4) - 1]!;
      // Ties at the cut may go either way; everything strictly above it is shown.
      expect(c.accounts.filter((id) => score.get(id)! > cut).every((id) => shown.has(id))).toBe(true);
      const linked = new Set<string>();
      for (const e of c.edges ?? []) if (shown.has(e.a) && shown.has(e.b)) linked.add(e.a).add(e.b);
      expect(linked.size / shown.size).toBeGreaterThan(0.9);
    }
  });
  it('is deterministic', () => {
    expect(JSON.stringify(sampleGraph(scale.campaigns, scale.accounts))).toBe(JSON.stringify(g));
  });
  it('hangs accounts the scan listed no edge for from a campaign hub, and says how many', () => {
    const small = buildScanFixture(PRESETS.small);
    const c0 = small.campaigns[0]!;
    const cut = new Set(c0.accounts.slice(20));
    const partial = [{ ...c0, edges: (c0.edges ?? []).filter((e) => !cut.has(e.a) && !cut.has(e.b)) }];
    const h = sampleGraph(partial, small.accounts);
    const hubEdges = h.edges.filter((e) => e.kind === 'campaign');
    expect(hubEdges).toHaveLength(20);
    expect(new Set(hubEdges.map((e) => e.b))).toEqual(cut);
    expect(h.sampling).toMatch(/20 shown accounts have no edge in the scan output/);
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
