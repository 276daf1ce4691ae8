/**
 * The account graph for the report, sampled so the page stays usable: at most `maxNodes`
 * accounts, shared between campaigns in proportion to their size (at least `minPerCampaign`
 * each). Per campaign the top quarter by score, then accounts reached from them along the
 * strongest links (breadth-first), then by score; only edges between kept nodes.
 */
import type { AccountVerdict, Campaign } from '../core/verdict.js';
import type { ReportGraph } from './report-schema.js';

export interface GraphSampleOptions {
  maxNodes: number;
  maxEdges: number;
  minPerCampaign: number;
}

export const GRAPH_DEFAULTS: GraphSampleOptions = { maxNodes: 800, maxEdges: 3_000, minPerCampaign: 20 };

/**
 * Split `total` over sizes proportionally, each at least min(size, floor), never above size.
 * @example allocate([14_000, 8_000, 2_600], 797, 20) // [440, 260, 97]
 */
export function allocate(sizes: number[], total: number, floor: number): number[] {
  const sum = sizes.reduce((s, n) => s + n, 0);
  if (sum <= total) return [...sizes];
  const out = sizes.map((n) => Math.min(n, floor));
  let left = total - out.reduce((s, n) => s + n, 0);
  if (left <= 0) {
    // More campaigns than the budget allows at the floor: trim from the end.
    let over = -left;
    for (let i = out.length - 1; i >= 0 && over > 0; i--) {
      const cut = Math.min(out[i]!, over);
      out[i]! -= cut;
      over -= cut;
    }
    return out;
  }
  const rest = sizes.map((n, i) => n - out[i]!);
  const restSum = rest.reduce((s, n) => s + n, 0);
  const extra = rest.map((r) => Math.floor((r / restSum) * left));
  for (let i = 0; i < out.length; i++) out[i]! += extra[i]!;
  left -= extra.reduce((s, n) => s + n, 0);
  for (let i = 0; left > 0 && i < out.length; i++) {
    if (out[i]! < sizes[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

/**
 * @example sampleGraph(scan.campaigns, scan.accounts) // { nodes, edges, sampled, sampling, … }
 */
export function sampleGraph(
  campaigns: Campaign[],
  accounts: AccountVerdict[],
  options: Partial<GraphSampleOptions> = {},
): ReportGraph {
  const o = { ...GRAPH_DEFAULTS, ...options } satisfies GraphSampleOptions;
  const score = new Map<string, number>();
  for (const a of accounts) score.set(a.account, a.score);
  const hasEdges = campaigns.some((c) => (c.edges?.length ?? 0) > 0);

  const degree = new Map<string, number>();
  let totalEdges = 0;
  for (const c of campaigns) {
    for (const e of c.edges ?? []) {
      totalEdges++;
      degree.set(e.a, (degree.get(e.a) ?? 0) + 1);
      degree.set(e.b, (degree.get(e.b) ?? 0) + 1);
    }
  }
  const totalNodes = new Set(campaigns.flatMap((c) => c.accounts)).size;
  // Hub nodes take one slot per campaign when edges are synthesised from membership.
  const budget = Math.max(0, o.maxNodes - campaigns.length);
  const quotas = allocate(campaigns.map((c) => c.accounts.length), budget, o.minPerCampaign);

  const nodes: ReportGraph['nodes'] = [];
  const kept = new Map<string, string>();
  campaigns.forEach((c, i) => {
    const members = new Set(c.accounts);
    const ranked = [...members]
      .map((id) => ({ id, s: score.get(id) ?? 0, d: degree.get(id) ?? 0 }))
      .sort((x, y) => y.s - x.s || y.d - x.d || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const info = new Map(ranked.map((r) => [r.id, r] as const));
    const quota = quotas[i] ?? 0;
    // Neighbours inside the campaign, strongest link first.
    const adj = new Map<string, { id: string; w: number }[]>();
    for (const e of c.edges ?? []) {
      if (!members.has(e.a) || !members.has(e.b) || e.a === e.b) continue;
      (adj.get(e.a) ?? adj.set(e.a, []).get(e.a)!).push({ id: e.b, w: e.weight });
      (adj.get(e.b) ?? adj.set(e.b, []).get(e.b)!).push({ id: e.a, w: e.weight });
    }
    for (const list of adj.values()) list.sort((x, y) => y.w - x.w || (x.id < y.id ? -1 : 1));
    let taken = 0;
    const take = (id: string) => {
      if (kept.has(id) || taken >= quota) return false;
      const r = info.get(id)!;
      kept.set(id, c.id);
      nodes.push({ id, campaign: c.id, score: r.s, degree: r.d, hub: false });
      taken++;
      return true;
    };
    // The top quarter by score always; then grow outward along the strongest links (so the
    // drawing shows how accounts connect), falling back to score order when the frontier ends.
    const seeds = Math.ceil(quota / 4);
    const queue: string[] = [];
    let next = 0;
    while (taken < seeds && next < ranked.length) if (take(ranked[next++]!.id)) queue.push(ranked[next - 1]!.id);
    while (taken < quota) {
      const id = queue.shift();
      if (id === undefined) {
        while (next < ranked.length && kept.has(ranked[next]!.id)) next++;
        if (next >= ranked.length) break;
        take(ranked[next]!.id);
        queue.push(ranked[next]!.id);
        continue;
      }
      for (const n of adj.get(id) ?? []) if (take(n.id)) queue.push(n.id);
    }
  });

  let edges: ReportGraph['edges'] = [];
  let scanEdgesShown = 0;
  let hubbed = 0;
  if (hasEdges) {
    const candidates: ReportGraph['edges'] = [];
    for (const c of campaigns)
      for (const e of c.edges ?? []) if (kept.has(e.a) && kept.has(e.b) && e.a !== e.b) candidates.push({ a: e.a, b: e.b, kind: e.kind, weight: e.weight });
    candidates.sort((x, y) => y.weight - x.weight);
    // Pass 1: each shown account's strongest edge, so no account that has a link is drawn alone.
    // Pass 2: the strongest of the rest, up to maxEdges.
    const best = new Map<string, number>();
    candidates.forEach((e, i) => {
      if (!best.has(e.a)) best.set(e.a, i);
      if (!best.has(e.b)) best.set(e.b, i);
    });
    const chosen = new Set([...best.values()].sort((x, y) => x - y).slice(0, o.maxEdges));
    for (let i = 0; i < candidates.length && chosen.size < o.maxEdges; i++) chosen.add(i);
    edges = [...chosen].sort((x, y) => x - y).map((i) => candidates[i]!);
    scanEdgesShown = edges.length;
    // Shown accounts with no edge in the scan output (scan may list only some edges) hang
    // from a grey campaign hub instead of floating alone.
    const linked = new Set(edges.flatMap((e) => [e.a, e.b]));
    for (const c of campaigns) {
      const loose = nodes.filter((n) => n.campaign === c.id && kept.get(n.id) === c.id && !linked.has(n.id));
      if (loose.length === 0) continue;
      const hub = `campaign:${c.id}`;
      nodes.push({ id: hub, campaign: c.id, score: 1, degree: 0, hub: true });
      for (const n of loose) edges.push({ a: hub, b: n.id, kind: 'campaign', weight: 0 });
      hubbed += loose.length;
    }
  } else {
    for (const c of campaigns) {
      const hub = `campaign:${c.id}`;
      nodes.push({ id: hub, campaign: c.id, score: 1, degree: 0, hub: true });
      for (const n of nodes) if (n.campaign === c.id && n.id !== hub && kept.get(n.id) === c.id) edges.push({ a: hub, b: n.id, kind: 'campaign', weight: 1 });
    }
    totalEdges = totalNodes;
  }
  const shownAccounts = kept.size;
  const sampled = shownAccounts < totalNodes || (hasEdges && scanEdgesShown < totalEdges);
  const how = hasEdges
    ? `edges are shared indicators from the scan; ${scanEdgesShown.toLocaleString('en-US')} of ${totalEdges.toLocaleString('en-US')} shown (each shown account's strongest link, then the strongest others)` +
      (hubbed > 0 ? `; ${hubbed.toLocaleString('en-US')} shown accounts have no edge in the scan output and hang from their campaign's grey hub` : '')
    : 'the scan wrote no account-to-account edges, so each account is linked to its campaign hub';
  const sampling = sampled
    ? `Showing ${shownAccounts.toLocaleString('en-US')} of ${totalNodes.toLocaleString('en-US')} campaign accounts: per campaign in proportion to size (at least ${o.minPerCampaign}): the top quarter by score, then accounts linked to them; ${how}.`
    : `All ${totalNodes.toLocaleString('en-US')} campaign accounts shown; ${how}.`;
  return { nodes, edges, total_nodes: totalNodes, total_edges: totalEdges, sampled, sampling, edge_source: hasEdges ? 'scan' : 'membership' };
}
