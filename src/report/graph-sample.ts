/**
 * The account graph for the report, sampled so the page stays usable: at most `maxNodes`
 * accounts, shared between campaigns in proportion to their size (at least `minPerCampaign`
 * each), the highest-scoring and best-connected accounts first; only edges between kept nodes.
 */
import type { AccountVerdict, Campaign } from '../core/verdict.js';
import type { ReportGraph } from './report-schema.js';

export interface GraphSampleOptions {
  maxNodes: number;
  maxEdges: number;
  minPerCampaign: number;
}

export const GRAPH_DEFAULTS: GraphSampleOptions = { maxNodes: 1_500, maxEdges: 6_000, minPerCampaign: 25 };

/** Split `total` over sizes proportionally, each at least min(size, floor), never above size. */
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
  const totalNodes = campaigns.reduce((s, c) => s + c.accounts.length, 0);
  // Hub nodes take one slot per campaign when edges are synthesised from membership.
  const budget = hasEdges ? o.maxNodes : Math.max(0, o.maxNodes - campaigns.length);
  const quotas = allocate(campaigns.map((c) => c.accounts.length), budget, o.minPerCampaign);

  const nodes: ReportGraph['nodes'] = [];
  const kept = new Map<string, string>();
  campaigns.forEach((c, i) => {
    const ranked = [...new Set(c.accounts)]
      .map((id) => ({ id, s: score.get(id) ?? 0, d: degree.get(id) ?? 0 }))
      .sort((x, y) => y.s - x.s || y.d - x.d || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const r of ranked.slice(0, quotas[i])) {
      if (kept.has(r.id)) continue;
      kept.set(r.id, c.id);
      nodes.push({ id: r.id, campaign: c.id, score: r.s, degree: r.d });
    }
  });

  let edges: ReportGraph['edges'] = [];
  if (hasEdges) {
    for (const c of campaigns)
      for (const e of c.edges ?? []) if (kept.has(e.a) && kept.has(e.b) && e.a !== e.b) edges.push({ a: e.a, b: e.b, kind: e.kind, weight: e.weight });
    edges.sort((x, y) => y.weight - x.weight);
    edges = edges.slice(0, o.maxEdges);
  } else {
    for (const c of campaigns) {
      const hub = `campaign:${c.id}`;
      nodes.push({ id: hub, campaign: c.id, score: 1, degree: 0 });
      for (const n of nodes) if (n.campaign === c.id && n.id !== hub && kept.get(n.id) === c.id) edges.push({ a: hub, b: n.id, kind: 'campaign', weight: 1 });
    }
    totalEdges = totalNodes;
  }
  const shownAccounts = kept.size;
  const sampled = shownAccounts < totalNodes || edges.length < totalEdges;
  const how = hasEdges
    ? `edges are shared indicators from the scan; ${edges.length.toLocaleString('en-US')} of ${totalEdges.toLocaleString('en-US')} shown (strongest first, both ends shown)`
    : 'the scan wrote no account-to-account edges, so each account is linked to its campaign hub';
  const sampling = sampled
    ? `Showing ${shownAccounts.toLocaleString('en-US')} of ${totalNodes.toLocaleString('en-US')} campaign accounts: per campaign in proportion to size (at least ${o.minPerCampaign}), highest score then most connections first; ${how}.`
    : `All ${totalNodes.toLocaleString('en-US')} campaign accounts shown; ${how}.`;
  return { nodes, edges, total_nodes: totalNodes, total_edges: totalEdges, sampled, sampling, edge_source: hasEdges ? 'scan' : 'membership' };
}
