/**
 * Features of a candidate campaign (a community of linked accounts): how much of it shares each
 * attribute, whether it moves in lockstep, how its members behave, and which shared values are
 * its indicators (rare outside it). Families of kinds decide how many *independent* kinds of
 * coordination a group shows: network (subnet/IP) counts once, ASN and user agent count for none.
 */
import type { AccountRecord } from '../core/exchange.js';
import type { IndicatorKind } from '../core/verdict.js';
import type { AttributeBuckets } from '../graph/buckets.js';
import { ATTR_SLOTS, SLOT_BASE, SLOT_COUNT, SLOT_KINDS, SLOT_KIND_OF, type SlotKind } from '../graph/kinds.js';
import { lockstep } from '../graph/lockstep.js';
import { CAMPAIGN_FEATURES, type CampaignFeatureName } from '../rules/features.js';
import type { Config } from '../rules/schema.js';
import { CAPS, TOPK, type SketchStore } from '../sketch/store.js';

export interface Indicator {
  kind: IndicatorKind;
  bucket: number;
  value: string;
  /** Members sharing it. */
  accounts: number;
  /** Accounts sharing it in all (members or not). */
  total: number;
  /** Readable preview of a hashed value (a template's skeleton, a system prompt), when known. */
  text?: string;
}

export interface CampaignEval {
  features: Record<CampaignFeatureName, number>;
  detail: Partial<Record<CampaignFeatureName, string>>;
  indicators: Indicator[];
  /** Independent coordination families shown (payment, network, email, wave, template, lockstep). */
  families: string[];
  /**
   * Every subnet that is an indicator by the rarity test, past the MAX_INDICATORS cap: a proxy
   * pool spreads a fleet over hundreds of thin /24s. They never link an account on their own; they
   * only count how many of a fleet's exits an account has used (MemberLink.subnets).
   */
  subnets: number[];
}

export interface CampaignInputs {
  store: SketchStore;
  attrs: Int32Array;
  buckets: AttributeBuckets;
  behaviour: Float32Array;
  recordOf: (i: number) => AccountRecord | undefined;
  /** Readable preview of a template or system prompt bucket ('' when none; see previewText). */
  templateText: (bucket: number) => string;
  /** Accounts holding the bucket's value whose own behaviour makes them campaign-core material. */
  coreCount: (bucket: number) => number;
  config: Config;
}

const FAMILY: Partial<Record<IndicatorKind, string>> = {
  payment: 'payment',
  subnet: 'network',
  ip: 'network',
  email_pattern: 'email',
  creation_wave: 'wave',
  template: 'template',
  system_prompt: 'template',
  lockstep: 'lockstep',
};

const SHARE_FEATURE: Partial<Record<IndicatorKind, CampaignFeatureName>> = {
  template: 'template_share',
  payment: 'payment_share',
  subnet: 'subnet_share',
  ip: 'ip_share',
  user_agent: 'user_agent_share',
  email_pattern: 'email_share',
  creation_wave: 'wave_share',
  system_prompt: 'system_prompt_share',
};

/** Indicators a campaign keeps (most shared first): what membership and the fast path match. */
const MAX_INDICATORS = 50;

/** Short display of a possibly long/sensitive value. */
export function shortValue(kind: IndicatorKind, v: string): string {
  if (kind === 'payment') return v.length > 10 ? v.slice(0, 8) + '…' : v;
  return JSON.stringify(previewText(v, 80));
}

/** A log-derived text cut to `max` characters for evidence (an ellipsis marks the cut). */
export function previewText(v: string, max: number): string {
  return v.length > max ? v.slice(0, max - 3) + '…' : v;
}

/**
 * An indicator value as evidence shows it: a template or system prompt by its text when known
 * (its value is only a hash), anything else by shortValue.
 * @example valueLabel('system_prompt', '3583785808', 'You are an expert…') // '"You are an expert…"'
 */
export function valueLabel(kind: IndicatorKind, value: string, text: string | undefined): string {
  return text ? JSON.stringify(text) : shortValue(kind, value);
}

/** Slot → index of its kind in SLOT_KINDS. */
const SLOT_KIND_INDEX = Int8Array.from(SLOT_KIND_OF, (k) => SLOT_KINDS.indexOf(k));

/** Scratch indexed by bucket id, all zero between calls (reset in campaignFeatures' finally). */
let scratchArrays = { perBucket: new Int32Array(0), good: new Uint8Array(0) };
function scratchFor(buckets: number): typeof scratchArrays {
  if (scratchArrays.perBucket.length < buckets) {
    const n = Math.max(buckets, 2 * scratchArrays.perBucket.length);
    scratchArrays = { perBucket: new Int32Array(n), good: new Uint8Array(n) };
  }
  return scratchArrays;
}

/**
 * @example campaignFeatures([3, 8, 9], 1.7, inputs).features.payment_share // 1
 */
export function campaignFeatures(members: number[], density: number, x: CampaignInputs): CampaignEval {
  const size = members.length;
  const d = x.config.detector;
  const features = Object.fromEntries(CAMPAIGN_FEATURES.map((k) => [k, 0])) as Record<CampaignFeatureName, number>;
  const detail: Partial<Record<CampaignFeatureName, string>> = {};
  const indicators: Indicator[] = [];
  const subnets: number[] = [];
  const families = new Set<string>();
  // For each kind: the values at least two members share that are mostly inside the group
  // (indicators), and the share of members linked to another member through such a value.
  // Members per bucket are counted in scratch arrays indexed by bucket id (a bucket belongs to one
  // kind), buckets listed per kind in first-seen order: a community can hold ~19 k members.
  const scratch = scratchFor(x.buckets.count.length);
  const { perBucket, good } = scratch;
  const seenByKind: number[][] = SLOT_KINDS.map(() => []);
  try {
    for (const m of members) {
      for (let s = 0; s < ATTR_SLOTS; s++) {
        const b = x.attrs[m * ATTR_SLOTS + s];
        if (b < 0) continue;
        if (perBucket[b]++ === 0) seenByKind[SLOT_KIND_INDEX[s]].push(b);
      }
    }
    // a value is an indicator when several members share it and most accounts that hold it (in
    // the whole graph, not only this community) behave like harvesters
    const inside = (b: number, n: number) => n >= 2 && x.buckets.count[b] <= d.indicator_max_outside * Math.max(n, x.coreCount(b));
    SLOT_KINDS.forEach((kind, k) => {
      const seen = seenByKind[k];
      if (!seen.length) return;
      let goodCount = 0;
      let best = -1, bestN = 0;
      for (const b of seen) {
        const n = perBucket[b];
        if (!inside(b, n)) continue;
        good[b] = 1;
        goodCount++;
        if (kind === 'subnet') subnets.push(b);
        const text = x.templateText(b);
        indicators.push({ kind, bucket: b, value: x.buckets.valueOf(b), accounts: n, total: x.buckets.count[b], ...(text ? { text } : {}) });
        if (n > bestN || (n === bestN && b < best)) { best = b; bestN = n; }
      }
      let linked = 0;
      if (goodCount) {
        for (const m of members) {
          for (let s = SLOT_BASE[kind]; s < SLOT_BASE[kind] + SLOT_COUNT[kind]; s++) {
            const b = x.attrs[m * ATTR_SLOTS + s];
            if (b >= 0 && good[b]) { linked++; break; }
          }
        }
        for (const b of seen) good[b] = 0;
      }
      const share = linked / size;
      const feature = SHARE_FEATURE[kind];
      if (feature) {
        features[feature] = share;
        if (best >= 0) detail[feature] = `${valueLabel(kind, x.buckets.valueOf(best), x.templateText(best))} (${goodCount > 1 ? `one of ${goodCount} shared values; ` : ''}${x.buckets.count[best]} accounts in all)`;
      }
      const fam = FAMILY[kind];
      if (fam && share >= d.indicator_share) families.add(fam);
    });
  } finally {
    for (const seen of seenByKind) for (const b of seen) { perBucket[b] = 0; good[b] = 0; }
  }
  // The 50 most shared. Keeping every network value past them (a proxy pool spreads a fleet over
  // hundreds of thin /24s) was tried and reverted: at seed scale it flagged 18 legitimate accounts
  // instead of 8, most through one residential /24 shared with a proxy exit (docs/evaluation.md).
  // Past them they only count an account's exits (`subnets`), which never link on their own.
  indicators.sort((p, q) => q.accounts - p.accounts || p.bucket - q.bucket);
  indicators.length = Math.min(indicators.length, MAX_INDICATORS);
  features.subnet_share = Math.max(features.subnet_share, features.ip_share);
  const tplShared = features.template_share;
  // template share of exchanges, from each member's top-k
  const tplEx = new Map<number, number>();
  let exchanges = 0, elicited = 0, behaviour = 0, capMax = 0, capTotal = 0;
  const caps = new Float64Array(CAPS);
  for (const m of members) {
    exchanges += x.store.exchanges(m);
    elicited += x.store.asked(m);
    behaviour += x.behaviour[m];
    for (let k = 0; k < TOPK; k++) {
      const id = x.store.tplIds[m * TOPK + k];
      if (id) tplEx.set(id - 1, (tplEx.get(id - 1) ?? 0) + x.store.tplCounts[m * TOPK + k] - x.store.tplErrs[m * TOPK + k]);
    }
    for (let c = 0; c < CAPS; c++) caps[c] += x.store.caps[m * CAPS + c];
  }
  let bestTpl = -1, bestTplN = 0;
  for (const [t, n] of tplEx) if (n > bestTplN || (n === bestTplN && t < bestTpl)) { bestTpl = t; bestTplN = n; }
  // template_share: share of the group's exchanges sent with its most used shared template
  const tplIndicator = indicators.find((i) => i.kind === 'template' && Number(i.value) === bestTpl);
  features.template_share = tplIndicator && exchanges ? Math.min(1, bestTplN / exchanges) : 0;
  detail.template_share = tplIndicator ? valueLabel('template', tplIndicator.value, tplIndicator.text) : '';
  features.template_linked_share = tplShared;
  for (let c = 0; c < CAPS; c++) { capTotal += caps[c]; capMax = Math.max(capMax, caps[c]); }
  // lockstep
  const ls = lockstep(members.map((m) => x.store.windows(m)), Math.max(3, Math.ceil(d.lockstep_min_active * size)));
  features.lockstep_share = ls.share;
  detail.lockstep_share = `${ls.windows} windows of ${d.window_minutes} min`;
  if (ls.share >= d.lockstep_share_min && ls.windows >= d.lockstep_min_windows) families.add('lockstep');
  // declared organisations
  const orgs = new Map<string, number>();
  for (const m of members) {
    const r = x.recordOf(m);
    if (r?.verified && r.org) orgs.set(r.org, (orgs.get(r.org) ?? 0) + 1);
  }
  let topOrg = '', topOrgN = 0;
  for (const [o, n] of orgs) if (n > topOrgN || (n === topOrgN && o < topOrg)) { topOrg = o; topOrgN = n; }
  features.verified_org_share = topOrgN / size;
  detail.verified_org_share = JSON.stringify(topOrg);
  features.size = size;
  features.behaviour_mean = behaviour / size;
  features.elicitation_share = exchanges ? Math.min(1, elicited / exchanges) : 0;
  features.capability_top_share = capTotal ? capMax / capTotal : 0;
  features.density = density;
  features.indicator_kinds = families.size;
  return { features, detail, indicators, families: [...families].sort(), subnets };
}
