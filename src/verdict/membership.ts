/**
 * Campaign membership: the one test that decides whether an account linked to a campaign's
 * indicators joins it, used by community detection, by the hourly checkpoint and at exchange
 * time (src/verdict/detector.ts). Pure: the caller gathers the link and the account's own evidence.
 */
import type { Config } from '../rules/schema.js';

/** Family bits of the coordination families an account can share with a campaign. */
export const FAMILY = { payment: 1, network: 2, email_pattern: 4, template: 8, creation_wave: 16 } as const;

/** Sign-up families (email pattern, creation wave): common to millions of ordinary users, so weak links on their own. */
export const SIGNUP_FAMILIES = FAMILY.email_pattern | FAMILY.creation_wave;

/**
 * Families of a link that rest only on generic values (MemberLink.generic): sign-up traits, and
 * the template family when it holds no prompt frame (`viaTemplate` false): only a system prompt
 * (a published recipe is copied by ordinary developers too; at seed scale a sign-up week plus a
 * recipe linked students and developers) or a template whose prompts were all one text (a public
 * question asked word for word, which students ask too; a frame wraps varying tasks).
 * @example genericFamilies(FAMILY.template | FAMILY.creation_wave, false) === SIGNUP_FAMILIES | FAMILY.template // true
 */
export function genericFamilies(mask: number, viaTemplate: boolean): number {
  return SIGNUP_FAMILIES | ((mask & FAMILY.template) !== 0 && !viaTemplate ? FAMILY.template : 0);
}

/** Number of set bits (families in a mask). */
export function bits(m: number): number {
  let n = 0;
  for (; m; m &= m - 1) n++;
  return n;
}

/** What links an account to a campaign: the families it shares and their summed plain kind weights (best value per family). */
export interface MemberLink {
  mask: number;
  weight: number;
  /**
   * Families of the mask that rest only on generic values: the sign-up ones always, and the
   * template family when the account shares only the campaign's system prompt (a published
   * recipe that ordinary developers copy too), no prompt template. Default: SIGNUP_FAMILIES.
   */
  generic?: number;
  /**
   * The campaign's exit subnets (every subnet inside it, listed indicator or not) the account
   * used, counted only for an account that rotates (has used `rotation_min_subnets` distinct
   * /24s); 0 for others: a home user next to one or two exits shows no rotation.
   */
  subnets?: number;
}

/** The account's own evidence, as scored at its last (re)scoring. */
export interface OwnEvidence {
  /** Behaviour score (noisy-OR of its fired account rules). */
  behaviour: number;
  /** A moat.elicitation rule fired. */
  elicits: boolean;
  /** Behaviour good enough for a campaign core (see coreBehaviour in the detector). */
  core: boolean;
  /** Its own exchanges that asked for reasoning or rubric grading (counts, not shares). */
  elicited: number;
  /**
   * The same evidence without the standing-elicitation rule (moat.standing_elicitation: a
   * configured system prompt that demands the full reasoning), when that rule fired. Such a
   * prompt is a published recipe that ordinary developers copy too, so it counts only with
   * infrastructure an operator shares (see linksAsMember); everywhere else this evidence is used.
   * Absent: the rule did not fire.
   */
  withoutStanding?: { behaviour: number; core: boolean };
}

/**
 * Does standing elicitation (a configured system prompt demanding the reasoning) count with this
 * link? Only with two or more families and infrastructure an operator shares: a payment
 * instrument among the linking values, or a rotation through two or more of the campaign's exits
 * (`subnets`). Recipes, public questions and sign-up traits are shared by ordinary users.
 * @example standingCounts({ mask: FAMILY.payment | FAMILY.creation_wave, weight: 1.3 }) // true
 */
export function standingCounts(link: MemberLink): boolean {
  return bits(link.mask) >= 2 && ((link.mask & FAMILY.payment) !== 0 || (link.subnets ?? 0) >= 2);
}

/**
 * Two or more of a campaign's exits used by a rotating account (`subnets`) are a network link even
 * when none of them is a listed indicator: adds the network family with `weight` when missing.
 * @example const l = { mask: FAMILY.template, weight: 0.8, subnets: 3 }; addExitLink(l, 0.5); l.mask === (FAMILY.template | FAMILY.network) // true
 */
export function addExitLink(link: MemberLink, weight: number): void {
  if ((link.subnets ?? 0) < 2 || (link.mask & FAMILY.network) !== 0) return;
  link.mask |= FAMILY.network;
  link.weight += weight;
}

/**
 * Does this link plus this own evidence make the account a campaign member?
 *
 * - two or more families summing to `member_link_min`, with core-level behaviour; when the
 *   families are only generic ones (email provider, sign-up week, a system prompt without a
 *   template), behaviour must also be suspect-level (`member_solo_behaviour_min`);
 * - or one strong family (`member_solo_link_min`: network, payment, template) with elicitation
 *   evidence and suspect-level behaviour, when that family is not generic (a template only as a
 *   system prompt or a question asked word for word is not enough on its own);
 * - and, when the behaviour rests on elicitation, at least `member_min_elicited` of the account's
 *   own exchanges asked for reasoning or grading: one such request among 3–6 exchanges is a share
 *   of 17–33 % but no evidence (ordinary users linked to a fleet by a sign-up week and a subnet);
 * - a system prompt demanding the full reasoning (standing elicitation) counts toward behaviour and
 *   core only on the first path, and only when standingCounts: a payment instrument among the
 *   linking values, or a rotation through two or more of the campaign's exits.
 *
 * @example
 * linksAsMember({ mask: FAMILY.payment | FAMILY.network, weight: 1.5 }, { behaviour: 0.6, elicits: true, core: true, elicited: 4 }, config.verdict) // true
 */
export function linksAsMember(link: MemberLink, own: OwnEvidence, v: Config['verdict']): boolean {
  const n = bits(link.mask);
  if (n === 0) return false;
  if (own.elicits && own.elicited < v.member_min_elicited) return false;
  const { behaviour, core } = standingCounts(link) ? own : (own.withoutStanding ?? own);
  const beyondGeneric = (link.mask & ~(link.generic ?? SIGNUP_FAMILIES)) !== 0;
  if (n >= 2) return link.weight >= v.member_link_min && core && (beyondGeneric || behaviour >= v.member_solo_behaviour_min);
  // one family alone must be specific: a benchmark question asked word for word is shared by
  // eval harnesses, coding agents and developers (held-out medium-4: an eval harness joined a
  // fleet at its 6th exchange on such a question and its own reasoning requests)
  return beyondGeneric && link.weight >= v.member_solo_link_min && own.elicits && behaviour >= v.member_solo_behaviour_min;
}
