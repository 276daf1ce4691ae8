/**
 * Report → the compact JSON the HTML page carries: arrays instead of objects, rule names
 * interned, at most a few reasons per account, and every string from logs passed through
 * neutraliseBidi. Keeps a 25,000-account page to a few megabytes.
 */
import { neutraliseBidi } from './escape.js';
import type { Report } from './report-schema.js';

export interface PageOptions {
  /** Reasons per account row (highest weight first). */
  reasonsPerAccount: number;
  /** Evidence strings are cut to this many characters in the page (report.json keeps them whole). */
  evidenceChars: number;
  /** Campaigns given their own charts; the rest are listed in the campaign table only. */
  detailedCampaigns: number;
  /** Indicators listed per campaign (most shared first); all are in report.json and stix.json. */
  indicatorsPerCampaign: number;
}

export const PAGE_DEFAULTS: PageOptions = { reasonsPerAccount: 3, evidenceChars: 200, detailedCampaigns: 20, indicatorsPerCampaign: 15 };

const VERDICTS = ['attack', 'suspect', 'clear'] as const;

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const show = (s: string) => neutraliseBidi(s);

/** @example const data = toPageData(report); jsonForScript(data) */
export function toPageData(report: Report, options: Partial<PageOptions> = {}) {
  const o = { ...PAGE_DEFAULTS, ...options } satisfies PageOptions;
  const campaignIndex = new Map(report.campaigns.map((c, i) => [c.id, i] as const));
  const rules: string[] = [];
  const ruleIndex = new Map<string, number>();
  const rule = (r: string) => {
    let i = ruleIndex.get(r);
    if (i === undefined) {
      i = rules.length;
      rules.push(show(r));
      ruleIndex.set(r, i);
    }
    return i;
  };
  const kinds: string[] = [];
  const kindIndex = (k: string) => {
    let i = kinds.indexOf(k);
    if (i < 0) i = kinds.push(k) - 1;
    return i;
  };
  const reasonRows = (rs: Report['top_reasons']) => rs.map((r) => [show(r.rule), r.accounts, r.total_weight, show(cut(r.example_evidence, o.evidenceChars))] as const);
  const nodeIndex = new Map(report.graph.nodes.map((n, i) => [n.id, i] as const));

  return {
    meta: {
      schema_version: report.schema_version,
      generated_at: report.generated_at,
      producer: show(report.producer),
      headline_text: show(report.headline_text),
      detailed_campaigns: Math.min(o.detailedCampaigns, report.campaigns.length),
    },
    headline: report.headline,
    problems: { count: report.input_problems.count, listed: report.input_problems.listed.map((p) => [show(p.where), show(p.reason)] as const) },
    top_reasons: reasonRows(report.top_reasons),
    campaigns: report.campaigns.map((c) => ({
      id: show(c.id),
      suspected: c.verdict === 'suspect',
      summary: show(c.summary),
      confidence: c.confidence,
      account_count: c.account_count,
      exchanges: c.exchanges,
      output_tokens: c.output_tokens,
      first_seen: c.first_seen,
      last_seen: c.last_seen,
      mix: c.capability_mix.map((m) => [show(m.capability), m.share] as const),
      indicators: [...c.indicators]
        .sort((x, y) => y.accounts - x.accounts)
        .slice(0, o.indicatorsPerCampaign)
        .map((i) => [i.kind, show(cut(i.text ?? i.value, 300)), i.accounts] as const),
      indicator_count: c.indicators.length,
      daily: { days: c.daily.map((d) => d.day), exchanges: c.daily.map((d) => d.exchanges), new_accounts: c.daily.map((d) => d.new_accounts) },
      daily_source: c.daily_source,
      reasons: reasonRows(c.top_reasons),
    })),
    graph: {
      nodes: report.graph.nodes.map((n) => [show(n.id), campaignIndex.get(n.campaign) ?? -1, n.score, n.degree, n.hub ? 1 : 0] as const),
      edges: report.graph.edges
        .map((e) => [nodeIndex.get(e.a), nodeIndex.get(e.b), kindIndex(e.kind)] as const)
        .filter((e): e is readonly [number, number, number] => e[0] !== undefined && e[1] !== undefined),
      kinds,
      sampling: show(report.graph.sampling),
      total_nodes: report.graph.total_nodes,
      total_edges: report.graph.total_edges,
      edge_source: report.graph.edge_source,
    },
    rules,
    verdicts: VERDICTS,
    accounts: report.accounts.map((a) => [
      show(a.account),
      VERDICTS.indexOf(a.verdict),
      a.campaign === null ? -1 : (campaignIndex.get(a.campaign) ?? -1),
      a.score,
      a.flagged_at ?? '',
      a.exchanges ?? 0,
      [...a.reasons]
        .sort((x, y) => y.weight - x.weight)
        .slice(0, o.reasonsPerAccount)
        .map((r) => [rule(r.rule), r.weight, show(cut(r.evidence, o.evidenceChars))] as const),
      a.reasons.length,
    ] as const),
  };
}

export type PageData = ReturnType<typeof toPageData>;
