/**
 * Attribute kinds that link accounts, with a bit each (edges carry a bitmask of the kinds the two
 * accounts share) and the order in which an account's attribute slots are stored.
 */
import type { IndicatorKind } from '../core/verdict.js';

/** Kinds with one slot per account (set from the account record and its first exchange). */
export const SLOT_KINDS = ['payment', 'subnet', 'ip', 'asn', 'user_agent', 'email_pattern', 'creation_wave'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
/** Templates: up to TEMPLATE_SLOTS repeated templates per account. */
export const TEMPLATE_SLOTS = 3;
export const ATTR_SLOTS = SLOT_KINDS.length + TEMPLATE_SLOTS;

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
};

const ALL_KINDS = Object.keys(KIND_BITS) as IndicatorKind[];

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
