/**
 * Coordinated evasion: a fleet that never asks for the reasoning in words shows no harvesting
 * behaviour, so it forms no campaign (a company on one card and a university behind one NAT also
 * show several coordination kinds). What a company does not show is the evasion structure of the
 * reported fleets: most accounts rotating through many /24s (a proxy pool) while sharing
 * operator-owned values (cards, exits, a prompt frame, lockstep timing). Such a group's members
 * become `suspect`, never `attack`: an operator can challenge them without a ban.
 * Pure: the detector gathers the group's features and each member's links.
 */
import type { Reason } from '../core/verdict.js';
import { combine, evaluate, type CompiledRule } from '../rules/evaluate.js';
import type { Config } from '../rules/schema.js';
import type { CampaignEval } from './campaign-features.js';
import { bits, genericFamilies } from './membership.js';

export interface EvasionGroup {
  /** Noisy-OR of the evasion rules that fired and the mitigating campaign rules (declared organisations). */
  confidence: number;
  reasons: Reason[];
}

/**
 * Judge a group (the unflagged accounts of one community) for coordinated evasion. `ev` is its
 * campaignFeatures; `rotating` how many of its accounts rotate; `specific` the operator-owned
 * families it shows (payment, network, a prompt frame, lockstep). Returns null unless an evasion
 * rule fires and the confidence reaches verdict.evasion_confidence_min.
 * @example judgeEvasion(ev, 40, ['payment', 'network'], { evasionRules, mitigatingRules, config }) // { confidence: 0.6, reasons: [...] }
 */
export function judgeEvasion(
  ev: CampaignEval,
  rotating: number,
  specific: string[],
  x: { evasionRules: CompiledRule[]; mitigatingRules: CompiledRule[]; config: Config },
): EvasionGroup | null {
  const size = ev.features.size;
  if (!x.evasionRules.length || size === 0) return null;
  const features = { ...ev.features, rotating_share: rotating / size, specific_kinds: specific.length };
  const fired = evaluate(x.evasionRules, features, { size, detail: { ...ev.detail, rotating_share: specific.join(', ') } });
  if (!fired.length) return null;
  const reasons = [...fired, ...evaluate(x.mitigatingRules, features, { size, detail: ev.detail })];
  const confidence = combine(reasons);
  return confidence >= x.config.verdict.evasion_confidence_min ? { confidence, reasons } : null;
}

/**
 * Whether one member of an evasion group is linked to it strongly enough to share its verdict:
 * it rotates itself, and shares verdict.evasion_member_kinds specific families with the group's
 * indicators (a card and the pool's exits, say): the families of `mask` that are not generic
 * (genericFamilies: sign-up traits; the template family unless `viaTemplate`, a prompt frame).
 * One shared value is never enough.
 * @example evasionMember(FAMILY.payment | FAMILY.network, false, true, config) // true
 */
export function evasionMember(mask: number, viaTemplate: boolean, rotates: boolean, config: Config): boolean {
  return rotates && bits(mask & ~genericFamilies(mask, viaTemplate)) >= config.verdict.evasion_member_kinds;
}
