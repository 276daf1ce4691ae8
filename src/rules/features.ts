/**
 * The typed feature names rules may test, per scope, and how each value is shown in evidence.
 * Account features come from src/sketch/features.ts; campaign features from
 * src/verdict/campaign-features.ts.
 */
import { ACCOUNT_FEATURES } from '../sketch/features.js';

export const CAMPAIGN_FEATURES = [
  'size',
  'indicator_kinds',
  'behaviour_mean',
  'payment_share',
  'subnet_share',
  'ip_share',
  'user_agent_share',
  'email_share',
  'wave_share',
  'template_share',
  'template_linked_share',
  'system_prompt_share',
  'lockstep_share',
  'elicitation_share',
  'capability_top_share',
  'density',
  'verified_org_share',
  /** Share of the group's accounts that rotate through rotation_min_subnets or more /24s (filled in by the detector). */
  'rotating_share',
  /** Operator-owned coordination families the group shows: payment, network, a prompt frame, lockstep (filled in by the detector). */
  'specific_kinds',
] as const;
export type CampaignFeatureName = (typeof CAMPAIGN_FEATURES)[number];

export { ACCOUNT_FEATURES };

const SHARE = /share$/;

/**
 * Format a feature value for evidence text.
 * @example formatValue('elicitation_share', 0.934) // '93 %'
 */
export function formatValue(feature: string, v: number): string {
  if (Number.isNaN(v)) return 'n/a';
  if (SHARE.test(feature)) return `${Math.round(v * 100)} %`;
  if (feature.endsWith('_h')) return `${v.toFixed(1)} h`;
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(2);
}
