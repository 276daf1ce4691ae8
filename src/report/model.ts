/**
 * ScanResult → Report: the one content model that report.json, report.html and stix.json
 * are all written from. Pure and deterministic: the time stamp comes from the scan (or
 * options.now), never from the clock.
 */
import type { AccountVerdict, Campaign, ScanResult } from '../core/verdict.js';
import { compact, plural } from './format.js';
import { sampleGraph, type GraphSampleOptions } from './graph-sample.js';
import type { InputProblem } from './load.js';
import { REPORT_SCHEMA_VERSION, type AccountEntry, type CampaignReport, type ReasonSummary, type Report } from './report-schema.js';

export interface ModelOptions {
  /** Report time stamp; default: the scan's last event time. */
  now?: string;
  producer?: string;
  /** Also list clear accounts in the table (default false: flagged only). */
  includeClear?: boolean;
  /** Reasons listed per campaign and overall. */
  topReasons?: number;
  graph?: Partial<GraphSampleOptions>;
  problems?: { count: number; listed: InputProblem[] };
}

const DAY = 86_400_000;

function byRule(accounts: Iterable<AccountVerdict>, limit: number): ReasonSummary[] {
  const agg = new Map<string, { accounts: number; total: number; best: number; evidence: string }>();
  for (const a of accounts) {
    const seen = new Set<string>();
    for (const r of a.reasons) {
      const cur = agg.get(r.rule) ?? { accounts: 0, total: 0, best: -Infinity, evidence: '' };
      if (!seen.has(r.rule)) cur.accounts++;
      seen.add(r.rule);
      cur.total += r.weight;
      if (r.weight > cur.best) {
        cur.best = r.weight;
        cur.evidence = r.evidence;
      }
      agg.set(r.rule, cur);
    }
  }
  return [...agg.entries()]
    .map(([rule, v]) => ({ rule, accounts: v.accounts, total_weight: Math.round(v.total * 1000) / 1000, example_evidence: v.evidence }))
    .sort((x, y) => y.accounts - x.accounts || y.total_weight - x.total_weight || (x.rule < y.rule ? -1 : 1))
    .slice(0, limit);
}

/**
 * Daily series rebuilt from accounts when the scan gave none: new accounts by first_seen, exchanges spread evenly first_seen..last_seen.
 * @example estimateDaily(members) // [{ day: '2026-03-02', exchanges: 1104, new_accounts: 35 }, …]
 */
export function estimateDaily(accounts: AccountVerdict[]): CampaignReport['daily'] {
  const ex = new Map<number, number>();
  const fresh = new Map<number, number>();
  for (const a of accounts) {
    if (!a.first_seen) continue;
    const f = Math.floor(Date.parse(a.first_seen) / DAY);
    const l = a.last_seen ? Math.max(f, Math.floor(Date.parse(a.last_seen) / DAY)) : f;
    fresh.set(f, (fresh.get(f) ?? 0) + 1);
    const per = (a.exchanges ?? 0) / (l - f + 1);
    for (let d = f; d <= l; d++) ex.set(d, (ex.get(d) ?? 0) + per);
  }
  const days = [...new Set([...ex.keys(), ...fresh.keys()])].sort((a, b) => a - b);
  if (days.length === 0) return [];
  const out: CampaignReport['daily'] = [];
  for (let d = days[0]!; d <= days[days.length - 1]!; d++)
    out.push({ day: new Date(d * DAY).toISOString().slice(0, 10), exchanges: Math.round(ex.get(d) ?? 0), new_accounts: fresh.get(d) ?? 0 });
  return out;
}

/**
 * Exchanges an account was served before its flag, estimated linearly over first_seen..last_seen.
 * @example servedBeforeFlag({ …, exchanges: 100, first_seen: d1, flagged_at: d2, last_seen: d5 }) // 25
 */
export function servedBeforeFlag(a: AccountVerdict): number {
  if (!a.flagged_at || !a.exchanges) return 0;
  if (!a.first_seen || !a.last_seen) return a.exchanges;
  const f = Date.parse(a.first_seen);
  const l = Date.parse(a.last_seen);
  const t = Date.parse(a.flagged_at);
  if (l <= f) return t >= l ? a.exchanges : 0;
  return Math.round(a.exchanges * Math.min(1, Math.max(0, (t - f) / (l - f))));
}

function campaignReport(c: Campaign, members: AccountVerdict[], topReasons: number): CampaignReport {
  const daily = c.daily && c.daily.length > 0 ? c.daily.map((d) => ({ day: d.day, exchanges: d.exchanges, new_accounts: d.new_accounts })) : estimateDaily(members);
  return {
    id: c.id,
    verdict: c.verdict ?? 'attack',
    summary: c.summary,
    confidence: c.confidence,
    accounts: c.accounts,
    account_count: c.accounts.length,
    exchanges: c.exchanges,
    output_tokens: c.output_tokens,
    first_seen: c.first_seen,
    last_seen: c.last_seen,
    capability_mix: Object.entries(c.capability_mix)
      .map(([capability, share]) => ({ capability, share }))
      .sort((x, y) => y.share - x.share || (x.capability < y.capability ? -1 : 1)),
    indicators: c.indicators.map((i) => ({ kind: i.kind, value: i.value, accounts: i.accounts, ...(i.text ? { text: i.text } : {}) })),
    daily,
    daily_source: c.daily && c.daily.length > 0 ? 'scan' : 'estimated',
    top_reasons: byRule(members, topReasons),
  };
}

/** Known fields only, in a fixed order. */
function entry(a: AccountVerdict): AccountEntry {
  const e: AccountEntry = {
    account: a.account,
    verdict: a.verdict,
    campaign: a.campaign,
    score: a.score,
    flagged_at: a.flagged_at,
    reasons: a.reasons.map((r) => ({ rule: r.rule, weight: r.weight, evidence: r.evidence })),
  };
  if (a.exchanges !== undefined) e.exchanges = a.exchanges;
  if (a.first_seen !== undefined) e.first_seen = a.first_seen;
  if (a.last_seen !== undefined) e.last_seen = a.last_seen;
  return e;
}

/**
 * @example const report = buildReport(scan); report.headline_text // '3 campaigns, 25,114 accounts, …'
 */
export function buildReport(scan: ScanResult, options: ModelOptions = {}): Report {
  const topReasons = options.topReasons ?? 8;
  const flagged = scan.accounts.filter((a) => a.verdict !== 'clear');
  const byAccount = new Map(scan.accounts.map((a) => [a.account, a] as const));
  // campaigns first, then suspected groups (coordinated evasion), each by size
  const suspected = (c: Campaign) => (c.verdict === 'suspect' ? 1 : 0);
  const campaigns = [...scan.campaigns].sort((x, y) => suspected(x) - suspected(y) || y.exchanges - x.exchanges || (x.id < y.id ? -1 : 1));
  const attack = campaigns.filter((c) => !suspected(c));
  const groups = campaigns.filter(suspected);
  const campaignAccounts = new Set(attack.flatMap((c) => c.accounts));
  const campaignExchanges = attack.reduce((s, c) => s + c.exchanges, 0);
  const tokens = attack.reduce((s, c) => s + c.output_tokens, 0);
  const counted = scan.stats.served_before_flag;
  const served = counted ?? flagged.reduce((s, a) => s + servedBeforeFlag(a), 0);
  const lastSeen = campaigns.map((c) => c.last_seen).sort().pop();
  const generatedAt = options.now ?? scan.stats.last_ts ?? lastSeen ?? new Date(0).toISOString();

  const groupAccounts = new Set(groups.flatMap((c) => c.accounts)).size;
  const headline = {
    campaigns: attack.length,
    campaign_accounts: campaignAccounts.size,
    suspected_groups: groups.length,
    suspected_group_accounts: groupAccounts,
    flagged_accounts: flagged.length,
    attack_accounts: flagged.filter((a) => a.verdict === 'attack').length,
    suspect_accounts: flagged.filter((a) => a.verdict === 'suspect').length,
    accounts_scanned: scan.stats.accounts,
    exchanges_scanned: scan.stats.exchanges,
    campaign_exchanges: campaignExchanges,
    output_tokens_harvested: tokens,
    served_before_flag: served,
    served_before_flag_estimated: counted === undefined,
    first_ts: scan.stats.first_ts,
    last_ts: scan.stats.last_ts,
  };
  // Accounts flagged attack without a campaign id (linked to fleets but attributed to none, or the
  // solo path) are in no campaign's count: name them, or a scan whose every flag is of that kind
  // would read "0 accounts" at the top of the page.
  const unattributed = flagged.filter((a) => a.verdict === 'attack' && a.campaign === null).length;
  const headline_text =
    `${plural(headline.campaigns, 'campaign')}, ${plural(headline.campaign_accounts, 'account')}, ` +
    `${plural(campaignExchanges, 'exchange')}, ${compact(tokens)} output tokens harvested` +
    (unattributed > 0 ? `; ${plural(unattributed, 'more account')} flagged attack without a campaign id` : '') +
    (groups.length > 0 ? `; ${plural(groups.length, 'suspected group')} of ${plural(groupAccounts, 'account')} (coordinated evasion, suspect, not attack)` : '');

  const listed = (options.includeClear ? scan.accounts : flagged)
    .slice()
    .sort((x, y) => y.score - x.score || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0))
    .map(entry);

  return {
    schema_version: REPORT_SCHEMA_VERSION,
    generated_at: generatedAt,
    producer: options.producer ?? 'Moat',
    headline,
    headline_text,
    campaigns: campaigns.map((c) =>
      campaignReport(c, c.accounts.map((id) => byAccount.get(id)).filter((a): a is AccountVerdict => a !== undefined), topReasons),
    ),
    accounts: listed,
    top_reasons: byRule(flagged, topReasons),
    graph: sampleGraph(campaigns, scan.accounts, options.graph),
    stats: scan.stats,
    input_problems: options.problems ?? { count: 0, listed: [] },
  };
}
