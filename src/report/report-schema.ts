/**
 * report.json: the machine-readable report, versioned. The zod schema is the source of truth;
 * docs/schema/report.schema.json is generated from it (`moat report --print-schema`).
 * Bump REPORT_SCHEMA_VERSION's major on any breaking change, minor on additions.
 */
import { z } from 'zod';
import { IndicatorKindSchema, StatsSchema } from './input-schema.js';

export const REPORT_SCHEMA_VERSION = '1.2.0';

const Count = z.number().int().nonnegative();
const Iso = z.iso.datetime({ offset: true });

export const AccountEntrySchema = z.object({
  account: z.string(),
  verdict: z.enum(['attack', 'suspect', 'clear']),
  campaign: z.string().nullable(),
  score: z.number().min(0).max(1),
  flagged_at: Iso.nullable(),
  reasons: z.array(z.object({ rule: z.string(), weight: z.number(), evidence: z.string() })),
  exchanges: Count.optional(),
  first_seen: Iso.optional(),
  last_seen: Iso.optional(),
});

export const HeadlineSchema = z.object({
  /** Campaigns (attack); suspected groups are counted apart. */
  campaigns: Count,
  /** Accounts in a campaign. */
  campaign_accounts: Count,
  /** Suspected groups (coordinated evasion, no harvesting evidence: their accounts are suspect) and their accounts. */
  suspected_groups: Count,
  suspected_group_accounts: Count,
  /** Accounts with verdict attack or suspect. */
  flagged_accounts: Count,
  attack_accounts: Count,
  suspect_accounts: Count,
  accounts_scanned: Count,
  exchanges_scanned: Count,
  /** Exchanges by campaign accounts. */
  campaign_exchanges: Count,
  /** Output tokens served to campaign accounts. */
  output_tokens_harvested: Count,
  /** Exchanges flagged accounts were served before their flag. */
  served_before_flag: Count,
  /** true when served_before_flag was estimated from first_seen/flagged_at/last_seen, not counted by scan. */
  served_before_flag_estimated: z.boolean(),
  first_ts: Iso.nullable(),
  last_ts: Iso.nullable(),
});

export const ReasonSummarySchema = z.object({
  rule: z.string(),
  /** Accounts whose verdict carries this rule. */
  accounts: Count,
  total_weight: z.number(),
  example_evidence: z.string(),
});

export const DailySchema = z.object({ day: z.string(), exchanges: Count, new_accounts: Count });

export const CampaignReportSchema = z.object({
  id: z.string(),
  /** `attack`: a campaign; `suspect`: a suspected group (coordinated evasion), its accounts suspect. */
  verdict: z.enum(['attack', 'suspect']),
  summary: z.string(),
  confidence: z.number().min(0).max(1),
  accounts: z.array(z.string()),
  account_count: Count,
  exchanges: Count,
  output_tokens: Count,
  first_seen: Iso,
  last_seen: Iso,
  capability_mix: z.array(z.object({ capability: z.string(), share: z.number().min(0) })),
  indicators: z.array(z.object({ kind: IndicatorKindSchema, value: z.string(), accounts: Count, text: z.string().optional() })),
  daily: z.array(DailySchema),
  /** `scan`: series from the scan; `estimated`: rebuilt from account first_seen/last_seen. */
  daily_source: z.enum(['scan', 'estimated']),
  top_reasons: z.array(ReasonSummarySchema),
});

export const GraphSchema = z.object({
  /** `hub`: a campaign hub node (not an account), drawn grey. */
  nodes: z.array(z.object({ id: z.string(), campaign: z.string(), score: z.number(), degree: Count, hub: z.boolean() })),
  edges: z.array(z.object({ a: z.string(), b: z.string(), kind: z.string(), weight: z.number() })),
  total_nodes: Count,
  total_edges: Count,
  sampled: z.boolean(),
  /** How nodes and edges were chosen, in words (shown on the page). */
  sampling: z.string(),
  /** `scan`: edges from the scan; `membership`: no edges in scan, each account linked to its campaign hub. */
  edge_source: z.enum(['scan', 'membership']),
});

export const ReportSchema = z.object({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  generated_at: Iso,
  producer: z.string(),
  headline: HeadlineSchema,
  headline_text: z.string(),
  campaigns: z.array(CampaignReportSchema),
  /** Flagged accounts (attack, suspect), highest score first; clear ones only with includeClear. */
  accounts: z.array(AccountEntrySchema),
  top_reasons: z.array(ReasonSummarySchema),
  graph: GraphSchema,
  stats: StatsSchema,
  input_problems: z.object({ count: Count, listed: z.array(z.object({ where: z.string(), reason: z.string() })) }),
});

export type Report = z.infer<typeof ReportSchema>;
export type CampaignReport = z.infer<typeof CampaignReportSchema>;
export type AccountEntry = z.infer<typeof AccountEntrySchema>;
export type ReasonSummary = z.infer<typeof ReasonSummarySchema>;
export type ReportGraph = z.infer<typeof GraphSchema>;

/** JSON Schema (draft 2020-12) for report.json, as written to docs/schema/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return {
    title: `Moat report v${REPORT_SCHEMA_VERSION}`,
    ...schema,
  };
}
