/**
 * Schemas of detection rules (Sigma-like metadata + typed conditions, no expression strings),
 * of the thresholds config, and of the allowlist. Everything read from disk is validated here.
 */
import { z } from 'zod';
import { ACCOUNT_FEATURES, CAMPAIGN_FEATURES } from './features.js';

export const Condition = z.strictObject({
  feature: z.string(),
  op: z.enum(['gte', 'gt', 'lte', 'lt']),
  /** A literal threshold, or … */
  value: z.number().optional(),
  /** … the name of a threshold in the config (`thresholds:`), overridable per deployment. */
  param: z.string().optional(),
}).refine((c) => (c.value === undefined) !== (c.param === undefined), { message: 'give exactly one of value or param' });
export type Condition = z.infer<typeof Condition>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const Rule = z.strictObject({
  title: z.string().min(3),
  id: z.string().regex(UUID, 'id must be a lowercase UUID'),
  status: z.enum(['stable', 'test', 'experimental', 'deprecated']),
  description: z.string().min(10),
  references: z.array(z.string()).default([]),
  author: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
  tags: z.array(z.string()).default([]),
  level: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
  scope: z.enum(['account', 'campaign']),
  detection: z.strictObject({ all: z.array(Condition).min(1) }),
  /** Contribution to the score when the rule fires; negative for mitigating evidence. */
  weight: z.number().min(-1).max(1),
  /** Evidence text; placeholders {value} {threshold} {size} {detail} are filled in. */
  evidence: z.string().min(3),
  falsepositives: z.array(z.string()).min(1),
}).superRefine((r, ctx) => {
  const allowed: readonly string[] = r.scope === 'account' ? ACCOUNT_FEATURES : CAMPAIGN_FEATURES;
  r.detection.all.forEach((c, i) => {
    if (!allowed.includes(c.feature)) {
      ctx.addIssue({ code: 'custom', path: ['detection', 'all', i, 'feature'], message: `unknown ${r.scope} feature '${c.feature}'` });
    }
  });
});
export type Rule = z.infer<typeof Rule> & { slug: string };

const KindWeights = z.strictObject({
  payment: z.number().min(0),
  subnet: z.number().min(0),
  ip: z.number().min(0),
  asn: z.number().min(0),
  user_agent: z.number().min(0),
  email_pattern: z.number().min(0),
  creation_wave: z.number().min(0),
  template: z.number().min(0),
  system_prompt: z.number().min(0),
  lockstep: z.number().min(0),
});

const share = z.number().min(0).max(1);
const count = z.number().int().min(1);
const atLeastZero = z.number().min(0);

/**
 * The thresholds the built-in rules and the detector read, each with its range; a deployment's own
 * rules may add more (any finite number), named by their `param`.
 */
const Thresholds = z.object({
  min_exchanges: count,
  min_exchanges_focus: count,
  min_exchanges_timing: z.number().int().min(2), // a gap needs two exchanges
  cot_share_min: share,
  cot_share_heavy_min: share,
  system_cot_share_min: share,
  rubric_share_min: share,
  capability_focus_min: share,
  template_share_min: share,
  gap_log_std_max: atLeastZero,
  active_hours_min: z.number().min(0).max(24),
  output_ratio_min: atLeastZero,
  agentic_share_min: share,
  agentic_daily_min: atLeastZero,
  adoption_delay_max_h: atLeastZero,
  reasoning_share_min: share,
  solo_min_exchanges: count,
  solo_rubric_share_min: share,
  volume_min_exchanges: count,
  volume_daily_min: atLeastZero,
  volume_elicited_daily_min: atLeastZero,
  volume_share_floor: share,
  campaign_payment_share_min: share,
  campaign_template_share_min: share,
  campaign_system_prompt_share_min: share,
  campaign_subnet_share_min: share,
  campaign_wave_share_min: share,
  campaign_lockstep_share_min: share,
  campaign_email_share_min: share,
  campaign_behaviour_mean_min: share,
  campaign_behaviour_strong_min: share,
  campaign_verified_org_share_min: share,
  evasion_min_size: z.number().int().min(2),
  evasion_rotating_share_min: share,
  evasion_specific_kinds_min: count,
}).catchall(z.number());

export const Config = z.strictObject({
  thresholds: Thresholds,
  detector: z.strictObject({
    checkpoint_minutes: z.number().positive(),
    window_minutes: z.number().positive(),
    fanout: z.number().int().min(1).max(64),
    max_bucket: z.number().int().min(2),
    wave_hours: z.number().positive(),
    cohort_days: z.number().positive(),
    candidate_min: z.number().min(0).max(1),
    candidate_min_exchanges: z.number().int().min(1),
    /** A rotating account (rotation_min_subnets) enters the graph from this behaviour, below candidate_min (coordinated-evasion). */
    evasion_candidate_min: z.number().min(0).max(1),
    min_campaign_size: z.number().int().min(2),
    louvain_resolution: z.number().positive(),
    louvain_regrowth: z.number().min(1),
    peel_ratio: z.number().min(0).max(1),
    identity_core_min: z.number().int().min(2),
    min_edge_weight: z.number().min(0),
    indicator_share: z.number().min(0).max(1),
    indicator_max_outside: z.number().min(1),
    lockstep_min_active: z.number().min(0).max(1),
    lockstep_share_min: z.number().min(0).max(1),
    lockstep_min_windows: z.number().int().min(1),
    lockstep_min_jaccard: z.number().min(0).max(1),
    lockstep_bands: z.number().int().min(1).max(16),
    lockstep_rows: z.number().int().min(1).max(8),
  }),
  kind_weights: KindWeights,
  verdict: z.strictObject({
    campaign_min_kinds: z.number().int().min(2),
    campaign_behaviour_min: z.number().min(0).max(1),
    campaign_confidence_min: z.number().min(0).max(1),
    member_behaviour_min: z.number().min(0).max(1),
    fast_path_min_weight: z.number().min(0),
    fast_path_max_exchanges: z.number().int().min(1),
    member_core_no_elicitation_min: z.number().min(0).max(1),
    member_link_min: z.number().min(0),
    member_solo_link_min: z.number().min(0),
    member_solo_behaviour_min: z.number().min(0).max(1),
    /** Distinct subnets (of 32 sketch bits) before a campaign's unlisted exits count for an account. */
    rotation_min_subnets: z.number().int().min(2).max(32),
    /** Own reasoning/grading requests an account needs before elicitation-based behaviour makes it a member. */
    member_min_elicited: z.number().int().min(0),
    /** Exchange-time membership: an account holding a campaign's indicators is tested at each exchange up to this count. */
    early_max_exchanges: z.number().int().min(0),
    /** Past it, an unflagged account is judged again at exchange time each time its count grows by this factor (0: only at checkpoints). */
    retest_growth: z.number().refine((x) => x === 0 || (x > 1 && x <= 10), 'must be 0 (off) or a growth factor above 1 and at most 10'),
    /** coordinated-evasion: group confidence (evasion rules, declared organisations) before its members become `suspect`. */
    evasion_confidence_min: z.number().min(0).max(1),
    /** … and the specific families (payment, network, a prompt frame) that must link each member to the group's indicators. */
    evasion_member_kinds: z.number().int().min(1),
    attack_min: z.number().min(0).max(1),
    suspect_min: z.number().min(0).max(1),
    /** Which labels count as flagged (sets flagged_at). */
    flag_labels: z.array(z.enum(['attack', 'suspect'])).min(1),
  }),
  /** Per-rule overrides keyed by rule id or slug. */
  rules: z.record(z.string(), z.strictObject({ enabled: z.boolean().optional(), weight: z.number().min(-1).max(1).optional() })).default({}),
});
export type Config = z.infer<typeof Config>;

export const AllowlistEntry = z.strictObject({
  account: z.string().optional(),
  org: z.string().optional(),
  payment: z.string().optional(),
  email_domain: z.string().optional(),
  /** clear: never flag; lower: attack → suspect, suspect → clear. */
  action: z.enum(['clear', 'lower']).default('clear'),
  note: z.string().default(''),
}).refine((e) => e.account || e.org || e.payment || e.email_domain, { message: 'entry needs account, org, payment or email_domain' });
export const Allowlist = z.strictObject({ entries: z.array(AllowlistEntry).max(100_000) });
export type AllowlistEntry = z.infer<typeof AllowlistEntry>;
export type Allowlist = z.infer<typeof Allowlist>;
