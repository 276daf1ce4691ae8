/**
 * Named, typed behaviour features computed from an account sketch. Rules (src/rules/data) refer
 * to these names; nothing else about a sketch is visible to rules.
 */
import { CAPS, HOURS, TOPK, type SketchStore } from './store.js';
import { spaceSavingTop } from './topk.js';

export const ACCOUNT_FEATURES = [
  'exchanges',
  'elicitation_share',
  'rubric_share',
  'capability_top_share',
  'capability_entropy',
  'template_top_share',
  'gap_log_std',
  'active_hours',
  'output_input_ratio',
  'agentic_share',
  'reasoning_share',
  'adoption_delay_h',
  'daily_rate',
  /** The account's own reasoning, reconstruction and rubric-grading requests per day (count, not share). */
  'elicited_daily',
  'mean_prompt_chars',
  /** 1 when the account belongs to an organisation the provider verified (from the account record). */
  'verified_org',
  /** Share of exchanges whose system prompt demanded the full reasoning (filled in by the detector). */
  'system_cot_share',
] as const;
export type AccountFeatureName = (typeof ACCOUNT_FEATURES)[number];
export type AccountFeatures = Record<AccountFeatureName, number> & {
  /** Interned id of the top template / capability (for evidence), -1 when none. */
  topTemplate: number;
  topCapability: number;
};

/**
 * Compute every account feature for sketch i. NaN means "not enough data" and never fires a rule.
 * `verified_org` comes from the account record and `system_cot_share` from the detector's own
 * count, not the sketch: the caller fills them in.
 * @example const f = accountFeatures(store, 0); f.elicitation_share // 0.93
 */
export function accountFeatures(s: SketchStore, i: number): AccountFeatures {
  const n = s.exchanges(i);
  const share = (k: number) => (n > 0 ? k / n : Number.NaN);
  let capTotal = 0, capMax = 0, topCap = -1;
  for (let c = 0; c < CAPS; c++) {
    const v = s.caps[i * CAPS + c];
    capTotal += v;
    if (v > capMax) { capMax = v; topCap = c; }
  }
  let entropy = 0;
  if (capTotal > 0) {
    for (let c = 0; c < CAPS; c++) {
      const v = s.caps[i * CAPS + c];
      if (v > 0) { const p = v / capTotal; entropy -= p * Math.log2(p); }
    }
    entropy /= Math.log2(CAPS);
  }
  let hourTotal = 0;
  for (let h = 0; h < HOURS; h++) hourTotal += s.hours[i * HOURS + h];
  let active = 0;
  for (let h = 0; h < HOURS; h++) if (s.hours[i * HOURS + h] > 0 && s.hours[i * HOURS + h] >= 0.02 * hourTotal) active++;
  const [topTpl, topTplCount] = spaceSavingTop(s.tplIds, s.tplCounts, s.tplErrs, i * TOPK, TOPK);
  const spanDays = Math.max(1 / 24, (s.lastTs(i) - s.firstTs(i)) / 86_400_000);
  const inTok = s.inputTokens(i);
  return {
    exchanges: n,
    elicitation_share: share(s.elicited(i)),
    rubric_share: share(s.rubric(i)),
    capability_top_share: capTotal > 0 ? capMax / capTotal : Number.NaN,
    capability_entropy: capTotal > 0 ? entropy : Number.NaN,
    template_top_share: share(topTplCount),
    gap_log_std: s.gapStd(i),
    active_hours: n >= 24 ? active : Number.NaN,
    output_input_ratio: inTok > 0 ? s.outputTokens(i) / inTok : Number.NaN,
    agentic_share: share(s.agentic(i)),
    reasoning_share: share(s.reasoning(i)),
    adoption_delay_h: s.adoptionDelayHours(i),
    daily_rate: n >= 2 ? n / Math.max(1, spanDays) : Number.NaN,
    elicited_daily: n >= 2 ? s.asked(i) / Math.max(1, spanDays) : Number.NaN,
    mean_prompt_chars: share(s.promptChars(i)),
    verified_org: Number.NaN,
    system_cot_share: Number.NaN,
    topTemplate: topTpl,
    topCapability: topCap,
  };
}
