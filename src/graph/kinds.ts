/**
 * Attribute kinds that link accounts, with a bit each (edges carry a bitmask of the kinds the two
 * accounts share) and the order in which an account's attribute slots are stored.
 */
import type { IndicatorKind } from '../core/verdict.js';

/** Kinds an account holds bucket memberships of, and how many values of each it keeps. */
export const SLOT_KINDS = ['payment', 'ip', 'asn', 'user_agent', 'email_pattern', 'creation_wave', 'subnet', 'template', 'system_prompt'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
/**
 * Values kept per account: the first of most kinds; a short and a long creation wave (hours and
 * weeks); several subnets (proxy pools) and templates; the first system prompt.
 */
export const SLOT_COUNT: Record<SlotKind, number> = {
  payment: 1, ip: 1, asn: 1, user_agent: 1, email_pattern: 1, creation_wave: 2, subnet: 3, template: 3, system_prompt: 1,
};
/** First slot of each kind in an account's row. */
export const SLOT_BASE: Record<SlotKind, number> = (() => {
  const out = {} as Record<SlotKind, number>;
  let n = 0;
  for (const k of SLOT_KINDS) { out[k] = n; n += SLOT_COUNT[k]; }
  return out;
})();
export const ATTR_SLOTS = SLOT_KINDS.reduce((n, k) => n + SLOT_COUNT[k], 0);
/** Kind of each slot index. */
export const SLOT_KIND_OF: SlotKind[] = SLOT_KINDS.flatMap((k) => Array<SlotKind>(SLOT_COUNT[k]).fill(k));

export const KIND_BITS: Record<IndicatorKind, number> = {
  payment: 1 << 0,
  subnet: 1 << 1,
  ip: 1 << 2,
  asn: 1 << 3,
  user_agent: 1 << 4,
  email_pattern: 1 << 5,
  creation_wave: 1 << 6,
  template: 1 << 7,
  lockstep: 1 << 8,
  system_prompt: 1 << 9,
};

/** Every indicator kind, in bit order. */
export const ALL_KINDS = Object.keys(KIND_BITS) as IndicatorKind[];

/**
 * Kinds named by a bitmask, in a fixed order.
 * @example kindsOf(KIND_BITS.payment | KIND_BITS.template) // ['payment', 'template']
 */
export function kindsOf(mask: number): IndicatorKind[] {
  return ALL_KINDS.filter((k) => (mask & KIND_BITS[k]) !== 0);
}

/** Number of distinct kinds in a mask. */
export function kindCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}
