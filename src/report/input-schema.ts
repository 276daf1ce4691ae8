/**
 * zod schemas for what `moat scan --out DIR` writes (types in src/core/verdict.ts). The report
 * reads these files from disk, so every record is validated before use. Unknown fields are kept.
 */
import { z } from 'zod';
import { INDICATOR_KINDS, type AccountVerdict, type Campaign } from '../core/verdict.js';

const Iso = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();
const Unit = z.number().min(0).max(1);

export const IndicatorKindSchema = z.enum(INDICATOR_KINDS);

export const ReasonSchema = z.looseObject({
  rule: z.string().min(1).max(200),
  weight: z.number().finite(),
  evidence: z.string().max(10_000),
});

export const AccountVerdictSchema = z.looseObject({
  account: z.string().min(1).max(1_000),
  verdict: z.enum(['attack', 'suspect', 'clear']),
  campaign: z.string().max(200).nullable(),
  score: Unit,
  flagged_at: Iso.nullable(),
  reasons: z.array(ReasonSchema).max(200),
  exchanges: Count.optional(),
  first_seen: Iso.optional(),
  last_seen: Iso.optional(),
});

export const CampaignSchema = z.looseObject({
  id: z.string().min(1).max(200),
  verdict: z.enum(['attack', 'suspect']).optional(),
  accounts: z.array(z.string().min(1).max(1_000)),
  exchanges: Count,
  first_seen: Iso,
  last_seen: Iso,
  output_tokens: Count,
  capability_mix: z.record(z.string().max(200), z.number().min(0)),
  indicators: z.array(
    z.looseObject({ kind: IndicatorKindSchema, value: z.string().max(10_000), accounts: Count, text: z.string().max(10_000).optional() }),
  ),
  confidence: Unit,
  summary: z.string().max(20_000),
  daily: z
    .array(z.looseObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), exchanges: Count, new_accounts: Count }))
    .optional(),
  edges: z
    .array(z.looseObject({ a: z.string(), b: z.string(), kind: IndicatorKindSchema, weight: z.number().finite() }))
    .optional(),
});

export const CampaignsFileSchema = z.array(z.unknown());

/** DIR/summary.json (or stats.json): ScanResult.stats, all fields optional here. */
export const StatsSchema = z.looseObject({
  exchanges: Count.optional(),
  accounts: Count.optional(),
  quarantined: Count.optional(),
  first_ts: Iso.nullable().optional(),
  last_ts: Iso.nullable().optional(),
  served_before_flag: Count.optional(),
  output_tokens: Count.optional(),
  account_records: Count.optional(),
});

// Compile-time check that the schemas produce the core types.
type Assert<T extends U, U> = T;
export type _AccountOk = Assert<z.infer<typeof AccountVerdictSchema>, AccountVerdict>;
export type _CampaignOk = Assert<z.infer<typeof CampaignSchema>, Campaign>;

/**
 * One-line description of the first zod issue: `path: message`.
 * @example firstIssue(AccountVerdictSchema.safeParse({}).error!) // 'account: Invalid input: …'
 */
export function firstIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length ? issue.path.join('.') : '(record)';
  return `${path}: ${issue.message}`;
}
