/**
 * What detection produces: per-account verdicts with reasons, and campaigns.
 * `moat scan --out DIR` writes these as DIR/accounts.jsonl and DIR/campaigns.json;
 * reports, eval and enforcement read them.
 */
export type VerdictLabel = 'attack' | 'suspect' | 'clear';

export interface Reason {
  /** Rule id (see src/rules/data) or a reason code from src/core/reason-codes.ts. */
  rule: string;
  /** Contribution to the score; negative for mitigating evidence (allowlist, declared org). */
  weight: number;
  /** Human-readable evidence, built from log values (escape before rendering). */
  evidence: string;
}

export interface AccountVerdict {
  account: string;
  verdict: VerdictLabel;
  campaign: string | null;
  /** 0..1 */
  score: number;
  /** Event time (ISO) of the exchange after which the account was first flagged, or null. */
  flagged_at: string | null;
  reasons: Reason[];
  /** Exchanges seen for the account (extra field; used by reports and eval). */
  exchanges?: number;
  first_seen?: string;
  last_seen?: string;
}

/** Every kind of value accounts can share (the one list: schemas and graph bits derive from it). */
export const INDICATOR_KINDS = [
  'payment',
  'asn',
  'subnet',
  'ip',
  'user_agent',
  'email_pattern',
  'template',
  'system_prompt',
  'creation_wave',
  'lockstep',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface CampaignIndicator {
  kind: IndicatorKind;
  /** Hashed where the raw value is sensitive (payment fingerprints). */
  value: string;
  /** Number of campaign accounts that share it. */
  accounts: number;
  /**
   * Readable preview (≤ 100 characters, from the logs: escape before rendering) of a value stored
   * as a hash: a template's masked skeleton, a system prompt's opening.
   */
  text?: string;
}

export interface Campaign {
  id: string;
  /**
   * `attack`: a campaign (ids C…), its accounts flagged attack. `suspect`: a suspected group (ids
   * S…, coordinated evasion): accounts linked by operator-owned values and proxy rotation with no
   * harvesting evidence yet, each `suspect`. Absent in files written before it existed: attack.
   */
  verdict?: 'attack' | 'suspect';
  accounts: string[];
  exchanges: number;
  first_seen: string;
  last_seen: string;
  output_tokens: number;
  /** capability → share of the campaign's exchanges (sums to ~1). */
  capability_mix: Record<string, number>;
  indicators: CampaignIndicator[];
  /** 0..1 */
  confidence: number;
  summary: string;
  /**
   * Per-day series for reports: [{day: 'YYYY-MM-DD' (UTC), exchanges, new_accounts}]. `moat scan`
   * fills it (src/verdict/daily-series.ts); without it the report estimates the timeline from
   * account first_seen/last_seen and labels it "estimated" on the page.
   */
  daily?: { day: string; exchanges: number; new_accounts: number }[];
  /** Optional account-to-account edges for the graph drawing. */
  edges?: { a: string; b: string; kind: IndicatorKind; weight: number }[];
}

export interface ScanResult {
  accounts: AccountVerdict[];
  campaigns: Campaign[];
  stats: {
    exchanges: number;
    accounts: number;
    quarantined: number;
    first_ts: string | null;
    last_ts: string | null;
    /** Exchanges of flagged accounts served before their flag. */
    served_before_flag?: number;
    output_tokens?: number;
    /** Account records read from the accounts side file; 0 when the scan had the exchange log alone. */
    account_records?: number;
  };
}
