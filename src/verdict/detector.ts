/**
 * The online detector: per-exchange signals → per-account sketches → attribute buckets and a
 * coordination graph → communities at event-time checkpoints → campaigns → verdicts with
 * reasons. Everything an output depends on was observed at or before its event time.
 *
 * - Every exchange updates its account's sketch and, on first sight, links the account into its
 *   attribute buckets (payment, subnet, IP, ASN, user agent, email pattern, creation wave;
 *   repeated templates as they appear).
 * - At the first exchange past each checkpoint boundary (default hourly) the accounts active
 *   since the last one are re-scored with the account rules, the graph of candidate accounts is
 *   partitioned (Louvain, seeded), and each community is scored with the campaign rules. A
 *   community becomes a campaign only with ≥ 2 independent coordination families AND harvesting
 *   behaviour; its members with their own evidence are flagged, flagged_at = that exchange's ts.
 * - Campaign identity: a community holding several identity cores (accounts tied by a card or an
 *   exact IP, src/graph/identity.ts) is scored as one campaign per core; sign-up traits and values
 *   several campaigns share never choose the campaign an account joins (flagged, unattributed).
 *   A community that is no campaign as a whole has each identity core judged on its own.
 * - Solo path: an account whose own behaviour fires a rule tagged moat.solo_attack (several
 *   independent harvesting families together, sustained, no verified org) reaches `attack` at a
 *   checkpoint without a campaign; the allowlist still applies.
 * - Fast path: an established campaign's indicators (shared values rare outside it) are indexed;
 *   a new account matching two families of them is flagged at the exchange that completes the
 *   match; a young account (min_exchanges..early_max_exchanges) holding any indexed indicator is
 *   re-scored and tested for membership at its exchange, not only at the next checkpoint; an
 *   older one is judged again at its exchange as its count grows (retest_growth) and when it takes
 *   an indicator or exit. One membership test (src/verdict/membership.ts) serves all these paths.
 */
import type { AccountRecord, Exchange } from '../core/exchange.js';
import type { Detector } from '../core/detector.js';
import type { AccountVerdict, Reason, ScanResult } from '../core/verdict.js';
import { AttributeBuckets, rarity } from '../graph/buckets.js';
import { findCommunities, type CommunityCache } from '../graph/communities.js';
import { EdgeStore } from '../graph/edges.js';
import { identityCores, partsAround } from '../graph/identity.js';
import { lockstepPairs } from '../graph/lockstep-lsh.js';
import { KIND_BITS } from '../graph/kinds.js';
import { ATTR_SLOTS, SLOT_BASE, SLOT_COUNT, type SlotKind } from '../graph/kinds.js';
import { compileRules, evaluate, combine, type CompiledRule } from '../rules/evaluate.js';
import { loadConfig, loadRules } from '../rules/load.js';
import type { Allowlist, Config, Rule } from '../rules/schema.js';
import { CAPABILITIES, createSignalExtractor, type SignalExtractor } from '../signals/index.js';
import { combine as combineHash, fnv1a } from '../signals/hash.js';
import { accountFeatures } from '../sketch/features.js';
import { Interner } from '../sketch/intern.js';
import { SketchStore } from '../sketch/store.js';
import { allowlistMatcher, type AllowlistMatcher } from './allowlist.js';
import { exchangeAttributes, recordAttributes, subnetOf } from './attributes.js';
import { campaignFeatures, previewText, valueLabel, type CampaignEval } from './campaign-features.js';
import { evasionMember, judgeEvasion } from './evasion.js';
import { addExitLink, bits, FAMILY, genericFamilies, linksAsMember, SIGNUP_FAMILIES, standingCounts, type MemberLink, type OwnEvidence } from './membership.js';
import { buildResult, type CampaignState } from './result.js';

export interface DetectorOptions {
  /** Thresholds and tunables (default: src/rules/defaults.yaml). */
  config?: Config;
  /** Rules (default: src/rules/data/*.yaml). */
  rules?: Rule[];
  allowlist?: Allowlist;
  /** Seed of community detection's rng. */
  seed?: number;
  /** Signal extractor (default: src/signals). */
  extractor?: SignalExtractor;
}

const LABEL = ['clear', 'suspect', 'attack'] as const;
const FAMILY_BIT: Record<SlotKind | 'template', number> = {
  payment: FAMILY.payment, subnet: FAMILY.network, ip: FAMILY.network, email_pattern: FAMILY.email_pattern,
  creation_wave: FAMILY.creation_wave, template: FAMILY.template, system_prompt: FAMILY.template, asn: 0, user_agent: 0,
};

/** indicatorIndex value of a value that is an indicator of two or more campaigns: it links, but names no campaign. */
const SHARED = -2;
/** Exits past the subnet slots an account keeps (two are what standingCounts needs). */
const EXIT_SLOTS = 2;

/** Index `bucket` under campaign c, or SHARED once a second campaign claims it. */
function claim(index: Map<number, number>, bucket: number, c: number): void {
  const owner = index.get(bucket);
  if (owner === undefined) index.set(bucket, c);
  else if (owner !== c) index.set(bucket, SHARED);
}
/** Slot of a family bit (1, 2, 4, 8, 16) in the per-account shared-family weights. */
const famSlot = (bit: number) => 31 - Math.clz32(bit);

/** Engine state; exported for tests and benchmarks (memory accounting), use createDetector. */
export class Engine implements Detector {
  readonly config: Config;
  private readonly accountRules: CompiledRule[];
  private readonly campaignRules: CompiledRule[];
  /** Campaign-scope rules tagged moat.evasion (src/verdict/evasion.ts), and the mitigating campaign rules judged with them. */
  private readonly evasionRules: CompiledRule[];
  private readonly mitigatingRules: CompiledRule[];
  /** Slugs of rules tagged moat.elicitation: own evidence of harvesting, not just a usage shape. */
  private readonly elicitationRules: Set<string>;
  /** Slugs of rules tagged moat.solo_attack: behaviour strong and broad enough to flag one account without a campaign. */
  private readonly soloRules: Set<string>;
  /** Slugs of rules tagged moat.standing_elicitation: a configured system prompt demanding the reasoning (counts only with shared infrastructure, standingCounts). */
  private readonly standingRules: Set<string>;
  private readonly extractor: SignalExtractor;
  private readonly allow: AllowlistMatcher;
  private readonly seed: number;
  readonly store = new SketchStore();
  readonly edges = new EdgeStore();
  readonly buckets: AttributeBuckets;
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly records = new Map<string, AccountRecord>();
  /** records by account index (recordOf without a string-keyed lookup) */
  private readonly recordAt: (AccountRecord | undefined)[] = [];
  private readonly models = new Interner();
  private readonly modelFirst: number[] = [];
  private readonly templateText = new Map<number, string>();
  /** template id → its bucket, once the bucket exists (no String() + string-keyed lookup per exchange) */
  private readonly tplBuckets = new Map<number, number>();
  /**
   * Template buckets whose prompts differ (length or SimHash): a frame around varying questions,
   * what an operator's script sends. Until then a template is one question asked verbatim (a
   * public or benchmark item that students and developers ask too), and `tplFirst` holds the key
   * of the prompt seen since its bucket exists.
   */
  private readonly framed = new Set<number>();
  private readonly tplFirst = new Map<number, number>();
  /** per account: the address maybeJoinSubnet last saw (calling it again with it is a no-op) */
  private readonly lastIp: string[] = [];
  // per-account columns (grown with the sketch store)
  attrs = new Int32Array(0);
  label = new Uint8Array(0);
  behaviour = new Float32Array(0);
  /** Behaviour without the standing-elicitation rules (equal to behaviour when none fired). */
  private plainBehaviour = new Float32Array(0);
  /** Distinct subnets the account used, as a 32-bit linear-counting sketch (bit = fnv1a(subnet) mod 32). */
  private subnetBits = new Uint32Array(0);
  /**
   * Exits (exitIndex buckets) a rotating account used past its first SLOT_COUNT.subnet subnets,
   * EXIT_SLOTS a row, -1 free: a fleet's account draws a new /24 from a pool of hundreds for almost
   * every request, so its first three rarely include the campaign's exits; checked against the
   * exits known when the exchange arrived (no look-ahead) and counted like subnet slots (exitsUsed).
   */
  private exitSeen = new Int32Array(0);
  score = new Float32Array(0);
  campaign = new Int32Array(0);
  flagN = new Uint32Array(0);
  private candidate = new Uint8Array(0);
  /** 1 while the account's behaviour, standing elicitation left out, is campaign-core level (or it is flagged). */
  private core = new Uint8Array(0);
  /** Per bucket: how many of its accounts are core (see campaign-features inside()). */
  private bucketCore = new Uint32Array(1024);
  /** 1 when an elicitation rule (tag moat.elicitation) fired for the account at the last checkpoint. */
  private elicits = new Uint8Array(0);
  /** Exchanges whose system prompt demanded the full reasoning (cot_request_system), per account. */
  private systemCot = new Uint32Array(0);
  /** 1 when a standing-elicitation rule fired for the account at its last rescoring. */
  private standing = new Uint8Array(0);
  private dirty = new Uint8Array(0);
  /**
   * Past early_max_exchanges: the exchange count at which an unflagged account is judged again at
   * exchange time (retest_growth), and 1 when it took an indexed indicator or exit since its last
   * test. A fleet account sends tens of requests within an hour; waiting for the checkpoint served them.
   */
  private nextTest = new Uint32Array(0);
  private relinked = new Uint8Array(0);
  /** Exchanges the account had when it was last re-scored. */
  private scoredAt = new Uint32Array(0);
  private recordJoined = new Uint8Array(0);
  private fastCamp = new Int32Array(0);
  private fastMask = new Uint8Array(0);
  private fastW = new Float32Array(0);
  /** Families (and their weights, 5 a row) the account holds through indicators shared by several campaigns. */
  private fastShared = new Uint8Array(0);
  private fastSharedW = new Float32Array(0);
  private dirtyList: number[] = [];
  readonly flaggedAt = new Map<number, string>();
  readonly reasons = new Map<number, Reason[]>();
  private readonly ownReasons = new Map<number, Reason[]>();
  readonly campaigns: CampaignState[] = [];
  /**
   * Suspected groups (coordinated evasion, src/verdict/evasion.ts): a group's members are
   * `suspect`, never attack, and its values are never indexed as campaign indicators. Listed in
   * campaigns.json with verdict "suspect", so a reviewer sees the fleet, not scattered accounts,
   * and the gateway's campaign limits hold for it as one.
   */
  readonly groups: CampaignState[] = [];
  /** Per account: its suspected group (index into groups), -1 when none. */
  group = new Int32Array(0);
  private readonly indicatorIndex = new Map<number, number>();
  /**
   * Subnets inside a campaign (CampaignEval.subnets, past the indicator cap) → that campaign, or
   * SHARED when several: they never link on their own, they count the campaign's exits an account used.
   */
  private readonly exitIndex = new Map<number, number>();
  private nextCheckpoint = Number.NaN;
  private nowMs = Number.NEGATIVE_INFINITY;
  private nowIso = '';
  private graphVersion = -1;
  private readonly communityCache: CommunityCache = new Map();
  private candidatesChanged = true;
  exchanges = 0;
  firstIso: string | null = null;
  checkpoints = 0;

  constructor(opts: DetectorOptions = {}) {
    const rules = opts.rules ?? loadRules();
    this.config = opts.config ?? loadConfig(undefined, rules);
    const compiled = compileRules(rules, this.config);
    this.accountRules = compiled.filter((r) => r.rule.scope === 'account');
    this.campaignRules = compiled.filter((r) => r.rule.scope === 'campaign' && !r.rule.tags.includes('moat.evasion'));
    this.evasionRules = compiled.filter((r) => r.rule.scope === 'campaign' && r.rule.tags.includes('moat.evasion'));
    this.mitigatingRules = this.campaignRules.filter((r) => r.weight < 0);
    this.elicitationRules = new Set(this.accountRules.filter((r) => r.rule.tags.includes('moat.elicitation')).map((r) => r.rule.slug));
    this.soloRules = new Set(this.accountRules.filter((r) => r.rule.tags.includes('moat.solo_attack')).map((r) => r.rule.slug));
    this.standingRules = new Set(this.accountRules.filter((r) => r.rule.tags.includes('moat.standing_elicitation')).map((r) => r.rule.slug));
    this.extractor = opts.extractor ?? createSignalExtractor();
    this.allow = allowlistMatcher(opts.allowlist);
    this.seed = opts.seed ?? 1;
    const d = this.config.detector;
    this.buckets = new AttributeBuckets(this.edges, { fanout: d.fanout, maxBucket: d.max_bucket, kindWeights: this.config.kind_weights, minWeight: d.min_edge_weight / 2 });
  }

  addAccount(full: AccountRecord): void {
    // keep only what detection uses (bounded memory per account)
    const record: AccountRecord = { account: full.account };
    for (const k of ['created_at', 'email_domain', 'payment_fingerprint', 'org', 'verified', 'email'] as const) if (full[k] !== undefined) (record as Record<string, unknown>)[k] = full[k];
    this.records.set(record.account, record);
    const i = this.index.get(record.account);
    if (i !== undefined) this.recordAt[i] = record;
    if (i !== undefined && !this.recordJoined[i]) this.joinRecord(i, record);
  }

  observe(ex: Exchange): AccountVerdict {
    this.step(ex);
    return this.verdictOf(ex.account);
  }

  /** Account index of the last exchange step() took (for callers that cache it by account). */
  lastIndex = -1;

  /**
   * observe() without building the verdict object (the scan loop's fast path). `known`: the
   * account's index when the caller already has it (lastIndex after an earlier step of the same
   * account), else -1.
   */
  step(ex: Exchange, known = -1): void {
    const parsed = Date.parse(ex.ts);
    const t = parsed > this.nowMs ? parsed : this.nowMs;
    if (parsed >= this.nowMs) this.nowIso = ex.ts;
    this.nowMs = t;
    if (this.firstIso === null) this.firstIso = ex.ts;
    const cp = this.config.detector.checkpoint_minutes * 60_000;
    if (Number.isNaN(this.nextCheckpoint)) this.nextCheckpoint = (Math.floor(t / cp) + 1) * cp;
    this.exchanges++;
    let i = known >= 0 ? known : this.index.get(ex.account);
    if (i === undefined) i = this.newAccount(ex);
    this.lastIndex = i;
    const sig = this.extractor.extract(ex);
    let elicited = false, rubric = false, reasoning = ex.reasoning === true;
    for (const e of sig.elicitation) {
      if (e === 'cot_request' || e === 'reasoning_reconstruction') elicited = true;
      else if (e === 'rubric_grading') rubric = true;
      else if (e === 'max_reasoning_effort' || e === 'max_tokens_ceiling') reasoning = true;
      else if (e === 'cot_request_system') this.systemCot[i]++;
    }
    let model = -1;
    if (ex.model) {
      model = this.models.id(ex.model);
      if (model === this.modelFirst.length) this.modelFirst.push(t);
    }
    const tpl = sig.templateId & 0x7fffffff;
    const newModel = this.store.update(i, {
      tsMs: t,
      hour: Math.floor(t / 3_600_000) % 24,
      capability: CAPABILITIES.indexOf(sig.capability),
      template: tpl,
      elicited,
      rubric,
      agentic: sig.agentic,
      reasoning,
      inputTokens: ex.input_tokens ?? 0,
      outputTokens: ex.output_tokens ?? 0,
      promptChars: sig.promptChars,
      model,
      window: Math.floor(t / (this.config.detector.window_minutes * 60_000)),
    });
    if (newModel && this.store.firstTs(i) < this.modelFirst[model]) {
      this.store.noteAdoption(i, (t - this.modelFirst[model]) / 3_600_000);
    }
    if (tpl !== 0) {
      this.maybeJoinTemplate(i, tpl, sig.skeleton);
      this.noteFrame(tpl, sig.promptChars, sig.simhash[0]);
    }
    if (sig.systemId !== 0 && this.attrs[i * ATTR_SLOTS + SLOT_BASE.system_prompt] < 0) this.joinSystemPrompt(i, sig.systemId, ex.system ?? '');
    if (ex.ip && this.lastIp[i] !== ex.ip) {
      // repeating the account's last address changes nothing (its subnet joined, or slots full);
      // the rotation sketch only grows, so once it shows a rotation it needs no more subnets
      const sketch = !this.rotates(i);
      const join = this.subnetSlotOpen(i, ex.ip);
      // past its slots, an unflagged account's subnets are looked up only while exits are known
      const watch = !join && this.label[i] !== 2 && this.exitIndex.size > 0 && this.exitSeen[i * EXIT_SLOTS + EXIT_SLOTS - 1] < 0;
      if (sketch || join || watch) {
        const subnet = subnetOf(ex.ip);
        if (subnet && sketch) {
          this.subnetBits[i] |= 1 << (fnv1a(subnet) & 31);
          // rotating from now on: the campaigns' exits it already used start to count (exitsUsed)
          if (this.rotates(i) && this.label[i] !== 2) this.relinked[i] = 1;
        }
        if (subnet && join) this.join(i, 'subnet', subnet);
        else if (subnet && watch) this.noteExit(i, subnet);
      }
      this.lastIp[i] = ex.ip;
    }
    // exchange-time membership: a young account holding an established campaign's indicators is
    // tested as its own evidence arrives, not only at the next checkpoint
    if (this.label[i] !== 2) {
      const n = this.store.exchanges(i), v = this.config.verdict;
      if (n <= v.early_max_exchanges) {
        if (n >= this.config.thresholds.min_exchanges && this.indicatorIndex.size > 0) this.joinByIndicators(i, true);
      } else if (v.retest_growth > 0) this.retest(i, n);
    }
    if (!this.dirty[i]) {
      this.dirty[i] = 1;
      this.dirtyList.push(i);
    }
    if (t >= this.nextCheckpoint) {
      this.checkpoint();
      this.nextCheckpoint = (Math.floor(t / cp) + 1) * cp;
    }
  }

  verdictOf(account: string): AccountVerdict {
    const i = this.index.get(account);
    if (i === undefined) return { account, verdict: 'clear', campaign: null, score: 0, flagged_at: null, reasons: [] };
    return this.verdictAt(i);
  }

  /**
   * The suspected group account i is listed in (index into groups), -1 when none: only while it is
   * `suspect` (one that later joins a campaign as attack is listed there).
   */
  groupAt(i: number): number {
    return this.label[i] === 1 ? this.group[i] : -1;
  }

  /** The id in account i's `campaign` field: its campaign's, else its suspected group's, else null. */
  private campaignIdAt(i: number): string | null {
    const c = this.campaign[i], g = this.groupAt(i);
    return c >= 0 ? this.campaigns[c].id : g >= 0 ? this.groups[g].id : null;
  }

  /** What a store keeps of account index i's verdict (verdictAt without reasons and times: cheap per exchange). */
  briefAt(i: number): Pick<AccountVerdict, 'account' | 'verdict' | 'campaign' | 'score'> {
    return {
      account: this.ids[i],
      verdict: LABEL[this.label[i]],
      campaign: this.campaignIdAt(i),
      score: Math.round((this.label[i] ? this.score[i] : this.plainBehaviour[i]) * 1000) / 1000,
    };
  }

  /** Verdict of account index i. */
  verdictAt(i: number): AccountVerdict {
    return {
      // unflagged: its score is its behaviour as judged alone (standing elicitation counts only with a campaign link)
      ...this.briefAt(i),
      flagged_at: this.flaggedAt.get(i) ?? null,
      reasons: this.reasons.get(i) ?? [],
      exchanges: this.store.exchanges(i),
      first_seen: new Date(this.store.firstTs(i)).toISOString(),
      last_seen: new Date(this.store.lastTs(i)).toISOString(),
    };
  }

  /** Index of an account id, undefined when it was never seen. */
  indexOf(account: string): number | undefined {
    return this.index.get(account);
  }

  campaignOf(account: string): string | null {
    const i = this.index.get(account);
    return i === undefined ? null : this.campaignIdAt(i);
  }

  result(): ScanResult {
    return buildResult(this, this.nowIso || null);
  }

  recordOf(i: number): AccountRecord | undefined {
    return this.recordAt[i];
  }

  // ---- accounts and buckets ----------------------------------------------------------------

  private newAccount(ex: Exchange): number {
    const i = this.store.add();
    if (i >= this.label.length) this.growColumns(this.store.capacity);
    this.attrs.fill(-1, i * ATTR_SLOTS, (i + 1) * ATTR_SLOTS);
    this.exitSeen.fill(-1, i * EXIT_SLOTS, (i + 1) * EXIT_SLOTS);
    this.fastCamp[i] = -1;
    this.campaign[i] = -1;
    this.group[i] = -1;
    this.ids.push(ex.account);
    this.index.set(ex.account, i);
    const r = this.records.get(ex.account);
    this.recordAt[i] = r;
    if (r) this.joinRecord(i, r);
    const x = exchangeAttributes(ex);
    for (const kind of ['ip', 'subnet', 'asn', 'user_agent'] as const) if (x[kind]) this.join(i, kind, x[kind]!);
    return i;
  }

  private joinRecord(i: number, r: AccountRecord): void {
    this.recordJoined[i] = 1;
    const x = recordAttributes(r, this.config.detector.wave_hours, this.config.detector.cohort_days);
    for (const kind of ['payment', 'email_pattern', 'creation_wave'] as const) for (const v of x[kind] ?? []) this.join(i, kind, v);
  }

  /** Put account i in the bucket of (kind, value) unless already there or its slots are full. */
  private join(i: number, kind: SlotKind, value: string): void {
    const base = i * ATTR_SLOTS + SLOT_BASE[kind];
    const n = SLOT_COUNT[kind];
    let free = -1;
    if (n === 1) {
      if (this.attrs[base] >= 0) return;
      free = 0;
    } else {
      const existing = this.buckets.peek(kind, value);
      for (let s = 0; s < n; s++) {
        const b = this.attrs[base + s];
        if (b < 0) { if (free < 0) free = s; }
        else if (b === existing) return;
      }
      if (free < 0) return;
    }
    const b = this.buckets.join(i, kind, value);
    this.attrs[base + free] = b;
    if (this.core[i]) {
      if (b >= this.bucketCore.length) {
        const next = new Uint32Array(Math.max(b + 1, this.bucketCore.length * 2));
        next.set(this.bucketCore);
        this.bucketCore = next;
      }
      this.bucketCore[b]++;
    }
    this.noteRelink(i, b);
    this.fastPath(i, b, FAMILY_BIT[kind], this.config.kind_weights[kind] * rarity(this.buckets.count[b]));
  }

  /** Keep `subnet` in account i's exit slots when it is a known exit not already among its subnets. */
  private noteExit(i: number, subnet: string): void {
    const b = this.buckets.peek('subnet', subnet);
    if (b < 0 || !this.exitIndex.has(b)) return;
    const base = i * ATTR_SLOTS + SLOT_BASE.subnet;
    for (let s = 0; s < SLOT_COUNT.subnet; s++) if (this.attrs[base + s] === b) return;
    for (let s = 0; s < EXIT_SLOTS; s++) {
      const at = i * EXIT_SLOTS + s;
      if (this.exitSeen[at] === b) return;
      if (this.exitSeen[at] < 0) { this.exitSeen[at] = b; this.noteRelink(i, b); return; }
    }
  }

  /**
   * Account i's buckets as evidence lists them: its attribute slots, and when it rotates (the only
   * case they count, exitsUsed) the exits it used past its subnet slots; -1 entries are free slots.
   */
  private heldBuckets(i: number): Int32Array[] {
    const slots = this.attrs.subarray(i * ATTR_SLOTS, (i + 1) * ATTR_SLOTS);
    return this.rotates(i) ? [slots, this.exitSeen.subarray(i * EXIT_SLOTS, (i + 1) * EXIT_SLOTS)] : [slots];
  }

  /** Later exchanges may come from new subnets (proxy pools): may `ip` join one, up to SLOT_COUNT.subnet? */
  private subnetSlotOpen(i: number, ip: string): boolean {
    const ipBucket = this.attrs[i * ATTR_SLOTS + SLOT_BASE.ip];
    if (ipBucket >= 0 && this.buckets.valueOf(ipBucket) === ip) return false;
    return this.attrs[i * ATTR_SLOTS + SLOT_BASE.subnet + SLOT_COUNT.subnet - 1] < 0;
  }

  /**
   * Has account i used `rotation_min_subnets` or more distinct subnets (a proxy rotation)? Only
   * then do a campaign's exits past its listed indicators count for it: home, office and phone
   * are a few; a fleet rotating through a residential pool shows tens.
   */
  private rotates(i: number): boolean {
    return bits(this.subnetBits[i]) >= this.config.verdict.rotation_min_subnets;
  }

  /**
   * MemberLink.subnets: how many of campaign c's exits (exitIndex: c's own, or several campaigns'
   * with it; with c < 0, any campaign's) account i used, counted only when it rotates.
   */
  private exitsUsed(i: number, c: number): number {
    if (!this.rotates(i)) return 0;
    let n = 0;
    for (let s = 0; s < ATTR_SLOTS; s++) {
      const e = this.exitIndex.get(this.attrs[i * ATTR_SLOTS + s]);
      if (e !== undefined && (c < 0 || e === c || e === SHARED)) n++;
    }
    for (let s = 0; s < EXIT_SLOTS; s++) {
      const e = this.exitIndex.get(this.exitSeen[i * EXIT_SLOTS + s]);
      if (e !== undefined && (c < 0 || e === c || e === SHARED)) n++;
    }
    return n;
  }

  /**
   * Templates join their bucket once repeated by the account, or at once when other accounts
   * already share the template.
   */
  private maybeJoinTemplate(i: number, tpl: number, skeleton: string): void {
    if (this.attrs[i * ATTR_SLOTS + SLOT_BASE.template + SLOT_COUNT.template - 1] >= 0) return;
    const existing = this.templateBucket(tpl);
    if (this.store.templateCount(i, tpl) < 2 && !(existing >= 0 && this.buckets.count[existing] >= 2)) return;
    this.join(i, 'template', String(tpl));
    const b = this.templateBucket(tpl);
    if (b >= 0 && !this.templateText.has(b)) this.templateText.set(b, previewText(skeleton, 100));
  }

  /** Mark template `tpl`'s bucket as a frame once two of its prompts differ (see `framed`). */
  private noteFrame(tpl: number, chars: number, simHi: number): void {
    const b = this.templateBucket(tpl);
    if (b < 0 || this.framed.has(b)) return;
    const key = combineHash(chars, simHi);
    const first = this.tplFirst.get(b);
    if (first === undefined) this.tplFirst.set(b, key);
    else if (first !== key) {
      this.framed.add(b);
      this.tplFirst.delete(b);
    }
  }

  /**
   * The account's first system prompt joins its bucket at once: a fleet's scripts carry one
   * system prompt as they carry one prompt frame (same family as templates), and rarity plus the
   * indicator test keep a stock prompt that thousands of ordinary customers send from counting.
   */
  private joinSystemPrompt(i: number, id: number, text: string): void {
    this.join(i, 'system_prompt', String(id >>> 0));
    const b = this.attrs[i * ATTR_SLOTS + SLOT_BASE.system_prompt];
    if (b >= 0 && !this.templateText.has(b)) this.templateText.set(b, previewText(text, 80));
  }

  /** Bucket b's value as evidence shows it (a template or system prompt by its text). */
  private valueLabel(b: number): string {
    return valueLabel(this.buckets.kindOf(b), this.buckets.valueOf(b), this.templateText.get(b));
  }

  /** Bucket of template `tpl` (same as buckets.peek('template', String(tpl))), -1 while it has none. */
  private templateBucket(tpl: number): number {
    let b = this.tplBuckets.get(tpl);
    if (b === undefined) {
      b = this.buckets.peek('template', String(tpl));
      if (b >= 0) this.tplBuckets.set(tpl, b);
    }
    return b;
  }

  private growColumns(cap: number): void {
    const g = <T extends Int32Array | Uint8Array | Float32Array | Uint32Array>(old: T, n: number, make: (l: number) => T): T => {
      const next = make(cap * n);
      next.set(old);
      return next;
    };
    this.attrs = g(this.attrs, ATTR_SLOTS, (l) => new Int32Array(l));
    this.label = g(this.label, 1, (l) => new Uint8Array(l));
    this.behaviour = g(this.behaviour, 1, (l) => new Float32Array(l));
    this.plainBehaviour = g(this.plainBehaviour, 1, (l) => new Float32Array(l));
    this.subnetBits = g(this.subnetBits, 1, (l) => new Uint32Array(l));
    this.exitSeen = g(this.exitSeen, EXIT_SLOTS, (l) => new Int32Array(l));
    this.score = g(this.score, 1, (l) => new Float32Array(l));
    this.campaign = g(this.campaign, 1, (l) => new Int32Array(l));
    this.group = g(this.group, 1, (l) => new Int32Array(l));
    this.flagN = g(this.flagN, 1, (l) => new Uint32Array(l));
    this.candidate = g(this.candidate, 1, (l) => new Uint8Array(l));
    this.core = g(this.core, 1, (l) => new Uint8Array(l));
    this.elicits = g(this.elicits, 1, (l) => new Uint8Array(l));
    this.systemCot = g(this.systemCot, 1, (l) => new Uint32Array(l));
    this.standing = g(this.standing, 1, (l) => new Uint8Array(l));
    this.dirty = g(this.dirty, 1, (l) => new Uint8Array(l));
    this.nextTest = g(this.nextTest, 1, (l) => new Uint32Array(l));
    this.relinked = g(this.relinked, 1, (l) => new Uint8Array(l));
    this.scoredAt = g(this.scoredAt, 1, (l) => new Uint32Array(l));
    this.recordJoined = g(this.recordJoined, 1, (l) => new Uint8Array(l));
    this.fastCamp = g(this.fastCamp, 1, (l) => new Int32Array(l));
    this.fastMask = g(this.fastMask, 1, (l) => new Uint8Array(l));
    this.fastW = g(this.fastW, 1, (l) => new Float32Array(l));
    this.fastShared = g(this.fastShared, 1, (l) => new Uint8Array(l));
    this.fastSharedW = g(this.fastSharedW, 5, (l) => new Float32Array(l));
  }

  // ---- verdicts ------------------------------------------------------------------------------

  /** Raise account i to `label` (never lowers); allowlist applied; flagged_at set on first flag. */
  private raise(i: number, label: 1 | 2, score: number, reasons: Reason[], campaign: number): void {
    let l: number = label;
    const allowed = this.allow(this.ids[i], this.recordOf(i));
    if (allowed) {
      l = allowed.entry.action === 'clear' ? 0 : l - 1;
      reasons = [allowed.reason, ...reasons];
    }
    if (l < this.label[i] || (l === this.label[i] && l !== 0)) return;
    if (l === 0) {
      if (!this.reasons.has(i)) this.reasons.set(i, reasons);
      return;
    }
    this.label[i] = l;
    if (l === 2) this.setCore(i, 1);
    this.score[i] = score;
    this.reasons.set(i, reasons);
    if (l === 2 && campaign >= 0) this.campaign[i] = campaign;
    if (!this.flaggedAt.has(i) && (this.config.verdict.flag_labels as string[]).includes(LABEL[l])) {
      this.flaggedAt.set(i, this.nowIso);
      this.flagN[i] = this.store.exchanges(i);
    }
  }

  private fastPath(i: number, bucket: number, family: number, weight: number): void {
    const c = this.indicatorIndex.get(bucket);
    if (c === undefined || family === 0 || this.label[i] === 2) return;
    if (c === SHARED || (family & SIGNUP_FAMILIES) !== 0) {
      // a sign-up trait, or a value several campaigns share: it adds its family to the campaign
      // the account's own specific indicators name, never chooses one
      const k = i * 5 + famSlot(family);
      if (weight > this.fastSharedW[k]) this.fastSharedW[k] = weight;
      this.fastShared[i] |= family;
    } else {
      if (this.fastCamp[i] !== c) {
        if (this.fastCamp[i] >= 0) return;
        this.fastCamp[i] = c;
      }
      if ((this.fastMask[i] & family) === 0) this.fastW[i] += weight;
      this.fastMask[i] |= family;
    }
    const camp = this.fastCamp[i];
    if (camp < 0) return;
    let w = this.fastW[i];
    const extra = this.fastShared[i] & ~this.fastMask[i];
    for (let f = extra; f; f &= f - 1) w += this.fastSharedW[i * 5 + famSlot(f & -f)];
    const v = this.config.verdict;
    // only for accounts too new to have a behaviour record; later ones need core behaviour (checkpoint)
    if (bits(this.fastMask[i] | this.fastShared[i]) >= 2 && w >= v.fast_path_min_weight && this.store.exchanges(i) <= v.fast_path_max_exchanges) this.flagMember(i, camp, 'fast path');
  }

  /**
   * Flag account i as a member of campaign c. `standing`: whether its standing elicitation counted
   * in the membership test (standingCounts); when not, its score and reasons leave it out.
   */
  private flagMember(i: number, c: number, how: string, standing = true): void {
    const camp = this.campaigns[c];
    // the account's values that are indicators of this campaign (now or when they were indexed)
    const current = new Set(camp.eval.indicators.map((ind) => ind.bucket));
    const rotating = this.rotates(i);
    const shared: string[] = [];
    for (const row of this.heldBuckets(i)) for (const b of row) {
      if (b < 0) continue;
      const kind = this.buckets.kindOf(b);
      const owner = this.indicatorIndex.get(b);
      const exit = rotating ? this.exitIndex.get(b) : undefined;
      // indicators, and the campaign's exits past the listed ones (they counted in MemberLink.subnets)
      if (!(current.has(b) || owner === c || exit === c || exit === SHARED || (owner !== undefined && (owner === SHARED || (FAMILY_BIT[kind as SlotKind] & SIGNUP_FAMILIES) !== 0)))) continue;
      if (FAMILY_BIT[kind as SlotKind]) shared.push(`${kind} ${this.valueLabel(b)} (${this.buckets.count[b]} accounts)`);
    }
    const listed = shared.join(', ');
    const own = this.ownFor(i, standing);
    const score = 1 - (1 - own.behaviour) * (1 - camp.confidence);
    const member: Reason = {
      rule: 'campaign-member',
      weight: camp.confidence,
      evidence: `member of campaign ${camp.id} (${how}): shares ${listed || 'its coordination edges'}`,
    };
    this.raise(i, 2, score, [member, ...camp.reasons, ...own.reasons], c);
  }

  /**
   * Flag account i, linked to established campaigns only through values that name no single one
   * (sign-up traits, values several campaigns share), with strong behaviour of its own: attack,
   * but attributed to no campaign, so generic values never merge fleets. `standing`: whether its
   * standing elicitation counted in the membership test, as for flagMember.
   */
  private flagLinked(i: number, near = -1, standing = false): void {
    const shared: string[] = [];
    const owners = new Set<number>();
    if (near >= 0) owners.add(near);
    for (const row of this.heldBuckets(i)) for (const b of row) {
      // with standing elicitation counted, the campaigns' exits that let it count are shown too
      const owner = b < 0 ? undefined : this.indicatorIndex.get(b) ?? (standing ? this.exitIndex.get(b) : undefined);
      if (owner === undefined) continue;
      const kind = this.buckets.kindOf(b);
      if (!FAMILY_BIT[kind as SlotKind]) continue;
      if (owner >= 0) owners.add(owner);
      shared.push(`${kind} ${this.valueLabel(b)} (${this.buckets.count[b]} accounts)`);
    }
    let conf = this.config.verdict.campaign_confidence_min;
    for (const c of owners) conf = Math.max(conf, this.campaigns[c].confidence);
    const ids = [...owners].sort((p, q) => p - q).map((c) => this.campaigns[c].id);
    const link: Reason = {
      rule: 'campaign-linked',
      weight: conf,
      evidence: `linked to campaign${ids.length === 1 ? '' : 's'} ${ids.join(', ') || '(several)'} by values shared across fleets or sign-up traits only${shared.length ? `: ${shared.join(', ')}` : ''}; attributed to no single campaign`,
    };
    // generic values only: judged without standing elicitation (linksAsMember)
    const own = this.ownFor(i, standing);
    this.raise(i, 2, 1 - (1 - own.behaviour) * (1 - conf), [link, ...own.reasons], -1);
  }

  /**
   * Own behaviour good enough for a campaign core: member_behaviour_min with elicitation evidence
   * (a moat.elicitation rule fired, or — unless `plain` — a standing-elicitation one, which the
   * membership test then admits only with shared infrastructure), or member_core_no_elicitation_min
   * without. Usage shapes alone (narrow focus, tools, templates, reasoning mode) are what coding
   * agents and products look like.
   */
  private coreBehaviour(i: number, plain = false): boolean {
    const v = this.config.verdict;
    if (plain || !this.standing[i]) {
      const b = this.plainBehaviour[i];
      return this.elicits[i] ? b >= v.member_behaviour_min : b >= v.member_core_no_elicitation_min;
    }
    // a system prompt demanding the reasoning is elicitation evidence too (judged in the membership test)
    return this.behaviour[i] >= v.member_behaviour_min;
  }

  private setCore(i: number, c: number): void {
    if (this.core[i] === c) return;
    this.core[i] = c;
    for (let s = 0; s < ATTR_SLOTS; s++) {
      const b = this.attrs[i * ATTR_SLOTS + s];
      if (b < 0) continue;
      if (b >= this.bucketCore.length) {
        const next = new Uint32Array(Math.max(b + 1, this.bucketCore.length * 2));
        next.set(this.bucketCore);
        this.bucketCore = next;
      }
      this.bucketCore[b] += c ? 1 : -1;
    }
  }

  /**
   * The campaign whose indexed indicators account i holds most strongly (families, plain kind
   * weights: the best value per family); c = -1 when none.
   */
  private indicatorLink(i: number): { c: number; link: MemberLink } {
    let c = -1, mask = 0, raw = 0;
    const best = new Map<number, Map<number, number>>();
    // keys (campaigns, SHARED) through which the account shares a prompt template, not only a
    // system prompt; allocated only when it holds one (this runs at each early exchange)
    let templated: Set<number> | null = null;
    for (let s = 0; s < ATTR_SLOTS; s++) {
      const b = this.attrs[i * ATTR_SLOTS + s];
      if (b < 0) continue;
      const camp = this.indicatorIndex.get(b);
      if (camp === undefined) continue;
      const kind = this.buckets.kindOf(b) as SlotKind;
      const fam = FAMILY_BIT[kind];
      if (!fam) continue;
      const key = (fam & SIGNUP_FAMILIES) !== 0 ? SHARED : camp;
      let m = best.get(key);
      if (!m) best.set(key, (m = new Map()));
      m.set(fam, Math.max(m.get(fam) ?? 0, this.config.kind_weights[kind]));
      if (kind === 'template' && this.framed.has(b)) (templated ??= new Set()).add(key);
    }
    // the campaign is named by specific indicators only (payment, network, template); sign-up
    // traits and values several campaigns share add their families to it
    const shared = best.get(SHARED);
    for (const [camp, m] of best) {
      if (camp === SHARED) continue;
      let w = 0, k = 0;
      for (const [fam, x] of m) { w += x; k |= fam; }
      if (shared) for (const [fam, x] of shared) if (!m.has(fam)) { w += x; k |= fam; }
      if (w > raw || (w === raw && camp < c)) { c = camp; mask = k; raw = w; }
    }
    // no specific indicator: the sign-up traits / shared values alone (c = -1; see flagLinked)
    if (c < 0 && shared) for (const [fam, x] of shared) { raw += x; mask |= fam; }
    const link: MemberLink = { mask, weight: raw, subnets: this.exitsUsed(i, c) };
    // a named campaign's exits can be its network link even when none is a listed indicator
    if (c >= 0) addExitLink(link, this.config.kind_weights.subnet);
    const viaTemplate = templated !== null && (templated.has(SHARED) || (c >= 0 && templated.has(c)));
    link.generic = genericFamilies(link.mask, viaTemplate);
    return { c, link };
  }

  /** Fired rules less the standing-elicitation ones. */
  private withoutStanding(reasons: Reason[]): Reason[] {
    return reasons.filter((r) => !this.standingRules.has(r.rule));
  }

  /**
   * Account i's own behaviour and reasons as a verdict uses them: with its standing elicitation
   * when that counted (standingCounts), else without it.
   */
  private ownFor(i: number, standing: boolean): { behaviour: number; reasons: Reason[] } {
    const reasons = this.ownReasons.get(i) ?? [];
    if (standing || !this.standing[i]) return { behaviour: this.behaviour[i], reasons };
    return { behaviour: this.plainBehaviour[i], reasons: this.withoutStanding(reasons) };
  }

  /** The account's own evidence for the membership test (src/verdict/membership.ts). */
  private own(i: number): OwnEvidence {
    const flagged = this.label[i] === 2;
    return {
      behaviour: this.behaviour[i],
      elicits: this.elicits[i] === 1,
      core: flagged || this.coreBehaviour(i),
      elicited: this.store.asked(i),
      withoutStanding: this.standing[i] ? { behaviour: this.plainBehaviour[i], core: flagged || this.coreBehaviour(i, true) } : undefined,
    };
  }

  /**
   * Does account i hold a payment instrument or a prompt frame that another account holds too? The
   * evasion member test needs two specific families, and the exits are only one: without such a
   * value a rotating account can never be an evasion suspect, so it stays out of the graph (more
   * nodes only move Louvain's partition of the campaigns).
   */
  private holdsOperatorValue(i: number): boolean {
    const pay = this.attrs[i * ATTR_SLOTS + SLOT_BASE.payment];
    if (pay >= 0 && this.buckets.count[pay] >= 2) return true;
    for (let s = SLOT_BASE.template; s < SLOT_BASE.template + SLOT_COUNT.template; s++) {
      const b = this.attrs[i * ATTR_SLOTS + s];
      if (b >= 0 && this.buckets.count[b] >= 2 && this.framed.has(b)) return true;
    }
    return false;
  }

  /**
   * Re-score account i's behaviour from its sketch (account rules): behaviour, elicitation
   * evidence, candidate and core status, own reasons. Returns the fired rules.
   */
  private rescore(i: number): Reason[] {
    const d = this.config.detector;
    const f = accountFeatures(this.store, i);
    this.scoredAt[i] = f.exchanges;
    const rec = this.recordOf(i);
    f.verified_org = rec?.verified === true && !!rec.org ? 1 : 0;
    f.system_cot_share = f.exchanges > 0 ? this.systemCot[i] / f.exchanges : Number.NaN;
    const tplBucket = f.topTemplate >= 0 ? this.templateBucket(f.topTemplate) : -1;
    const text = tplBucket >= 0 ? this.templateText.get(tplBucket) : undefined;
    const detail = { template_top_share: text ? JSON.stringify(text) : `#${f.topTemplate}` };
    const reasons = evaluate(this.accountRules, f, { detail });
    const b = combine(reasons);
    this.behaviour[i] = b;
    this.elicits[i] = reasons.some((r) => this.elicitationRules.has(r.rule)) ? 1 : 0;
    this.standing[i] = reasons.some((r) => this.standingRules.has(r.rule)) ? 1 : 0;
    this.plainBehaviour[i] = this.standing[i] ? combine(this.withoutStanding(reasons)) : b;
    // a rotating account with some usage shape enters the graph too when it could pass the evasion
    // member test (src/verdict/evasion.ts): that needs a shared card or prompt frame beside the exits
    const evading = this.evasionRules.length > 0 && b >= d.evasion_candidate_min && this.rotates(i) && this.holdsOperatorValue(i);
    const cand = ((b >= d.candidate_min || evading) && f.exchanges >= d.candidate_min_exchanges) || this.label[i] === 2 ? 1 : 0;
    if (cand !== this.candidate[i]) this.candidatesChanged = true;
    this.candidate[i] = cand;
    // harvester-like holders of a value (the indicator test's rarity) are counted without standing
    // elicitation: every holder of a reasoning-demanding recipe has it, so it would vouch for itself
    this.setCore(i, this.label[i] === 2 || this.coreBehaviour(i, true) ? 1 : 0);
    if (reasons.length) this.ownReasons.set(i, reasons);
    else this.ownReasons.delete(i);
    return reasons;
  }

  /**
   * The membership test of community detection (linksAsMember), on the indexed indicators the
   * account holds now (also values it took before they became indicators), so an account with its
   * own behaviour joins without waiting for Louvain to place it. With `rescore` (exchange time),
   * its behaviour is re-scored first, only when it holds an indicator at all. Returns whether it
   * was flagged.
   */
  private joinByIndicators(i: number, rescore = false): boolean {
    const { c, link } = this.indicatorLink(i);
    if (link.mask === 0) return false;
    if (rescore) this.rescore(i);
    if (!linksAsMember(link, this.own(i), this.config.verdict)) return false;
    if (c >= 0) this.flagMember(i, c, 'shared indicators and own behaviour', standingCounts(link));
    else this.flagLinked(i, -1, standingCounts(link));
    return this.label[i] === 2;
  }

  /**
   * Exchange-time retest of an unflagged account past early_max_exchanges (n exchanges): judged in
   * full each time its count grows by retest_growth, and tested for membership at once when it took
   * an indexed indicator or a campaign's exit since its last test. Bounded: O(log n) full judgements
   * an account, and a membership test per new indicator it takes.
   */
  private retest(i: number, n: number): void {
    const growth = this.config.verdict.retest_growth;
    if (this.nextTest[i] === 0) this.nextTest[i] = Math.ceil(n * growth);
    // milestones only for graph candidates (behaviour ≥ candidate_min at the last scoring) and
    // accounts that doubled since they were last scored (a burst): the solo path and membership
    // need far more than an ordinary account shows, and re-scoring every account at every
    // milestone cost 11 % more engine CPU at seed scale; the checkpoint still judges all hourly
    const due = n >= this.nextTest[i];
    if (due) this.nextTest[i] = Math.max(n + 1, Math.ceil(n * growth));
    if (due && (this.candidate[i] || n >= 2 * this.scoredAt[i])) {
      this.relinked[i] = 0;
      this.judge(i, false);
    } else if (this.relinked[i]) {
      this.relinked[i] = 0;
      this.joinByIndicators(i, true);
    }
  }

  /** Note that account i took bucket b: an indexed indicator or exit makes it due for a membership test. */
  private noteRelink(i: number, b: number): void {
    if (this.label[i] !== 2 && (this.indicatorIndex.has(b) || this.exitIndex.has(b))) this.relinked[i] = 1;
  }

  /**
   * Judge account i on its own evidence now (checkpoint and exchange-time retest): re-score it,
   * test it for membership of an established campaign, else for the solo path (attack) or, with
   * `suspect` (checkpoints only), a suspect verdict. A retest makes no suspect: usage shapes
   * alone (a coding agent's regular timing in its first burst) would cross suspect_min at more
   * of the instants they are looked at (medium: +1 to +3 legitimate suspects a run).
   */
  private judge(i: number, suspect = true): void {
    const v = this.config.verdict;
    this.rescore(i);
    if (this.label[i] === 2) return;
    if (this.joinByIndicators(i)) return;
    // alone, an account is judged without standing elicitation (a copied recipe is no solo evidence)
    const { behaviour: b, reasons } = this.ownFor(i, false);
    if (b >= v.attack_min && reasons.some((r) => this.soloRules.has(r.rule))) this.raise(i, 2, b, reasons, -1);
    else if (suspect && b >= v.suspect_min && this.label[i] === 0) this.raise(i, 1, b, reasons, -1);
  }

  // ---- checkpoints ---------------------------------------------------------------------------

  private checkpoint(): void {
    this.checkpoints++;
    const d = this.config.detector;
    for (const i of this.dirtyList) {
      this.dirty[i] = 0;
      this.judge(i);
    }
    // lockstep edges among candidates active since the last checkpoint
    const active = this.dirtyList.filter((i) => this.candidate[i]).sort((p, q) => p - q);
    if (active.length >= 2) {
      const pairs = lockstepPairs(active, (i) => this.store.windows(i), {
        bands: d.lockstep_bands, rows: d.lockstep_rows, minOverlap: d.lockstep_min_windows, minJaccard: d.lockstep_min_jaccard, maxBucket: 50,
      });
      for (const p of pairs) this.edges.add(p.a, p.b, this.config.kind_weights.lockstep * p.jaccard, KIND_BITS.lockstep);
    }
    this.dirtyList = [];
    if (!this.candidatesChanged && this.graphVersion === this.edges.size) return;
    this.candidatesChanged = false;
    this.graphVersion = this.edges.size;
    const communities = findCommunities(this.edges, this.candidate, {
      seed: this.seed,
      minSize: d.min_campaign_size,
      resolution: d.louvain_resolution,
      peelRatio: d.peel_ratio,
      minEdgeWeight: d.min_edge_weight,
      regrowth: d.louvain_regrowth,
    }, this.communityCache);
    for (const com of communities) this.consider(com.members, com.density, com.edges);
  }

  /** Judge one community: for campaigns (attack), then its unflagged accounts for coordinated evasion (suspect). */
  private consider(community: number[], density: number, edges: Int32Array): void {
    this.considerCampaigns(community, density, edges);
    this.considerEvasion(community, density);
  }

  /**
   * Coordinated evasion (src/verdict/evasion.ts): the community's accounts not flagged `attack`,
   * judged as one group; its rotating members linked by two specific families of their own become
   * `suspect`. Skipped unless some member is still `clear` and rotates.
   */
  private considerEvasion(community: number[], density: number): void {
    if (!this.evasionRules.length) return;
    const group = community.filter((m) => this.label[m] < 2);
    if (group.length < this.config.thresholds.evasion_min_size || !group.some((m) => this.group[m] < 0 && this.rotates(m))) return;
    let rotating = 0;
    for (const m of group) if (this.rotates(m)) rotating++;
    if (rotating / group.length < this.config.thresholds.evasion_rotating_share_min) return;
    const ev = this.groupFeatures(group, density);
    const judged = judgeEvasion(ev, rotating, this.specificGroupFamilies(ev), { evasionRules: this.evasionRules, mitigatingRules: this.mitigatingRules, config: this.config });
    if (!judged) return;
    const linking = new Map<number, SlotKind>(ev.indicators.map((x) => [x.bucket, x.kind as SlotKind]));
    for (const b of ev.subnets) linking.set(b, 'subnet');
    // the suspected group: the one its earliest-grouped account is in (stable across checkpoints), else a new one
    let gi = -1;
    for (const m of group) if (this.group[m] >= 0 && (gi < 0 || this.group[m] < gi)) gi = this.group[m];
    for (const m of group) {
      // clear accounts, and suspects (on their own behaviour) not yet in a group
      if (this.label[m] === 2 || this.group[m] >= 0) continue;
      // the member's link to the group, as considerGroup builds it to a campaign's indicators
      const held: number[] = [];
      const { mask, viaTemplate } = this.slotLink(m, linking, held);
      if (!evasionMember(mask, viaTemplate, this.rotates(m), this.config)) continue;
      // evidence: its values of the specific families (a template only as a prompt frame), six at most
      const specific = mask & ~genericFamilies(mask, viaTemplate);
      const shared: string[] = [];
      for (const b of held) {
        const kind = linking.get(b)!, fam = FAMILY_BIT[kind];
        if (shared.length < 6 && (fam & specific) && (fam !== FAMILY.template || this.framed.has(b))) shared.push(`${kind} ${this.valueLabel(b)} (${this.buckets.count[b]} accounts)`);
      }
      const own = this.ownFor(m, false);
      const member: Reason = {
        rule: 'evasion-member',
        weight: judged.confidence,
        evidence: `rotates through at least ${this.config.verdict.rotation_min_subnets} /24s and shares ${shared.join(', ')} with ${group.length} linked accounts that rotate likewise; no harvesting evidence, so suspect, not attack`,
      };
      const score = 1 - (1 - own.behaviour) * (1 - judged.confidence);
      if (this.label[m] === 1) {
        // already suspect on its own: it joins the group, the group's reasons before its own (raise never relabels an equal verdict)
        this.reasons.set(m, [member, ...judged.reasons, ...(this.reasons.get(m) ?? [])]);
        this.score[m] = Math.max(this.score[m], score);
      } else this.raise(m, 1, score, [member, ...judged.reasons, ...own.reasons], -1);
      if ((this.label[m] as number) !== 1) continue; // the allowlist kept it clear (raise does not narrow)
      if (gi < 0) {
        gi = this.groups.length;
        this.groups.push({ id: `S${String(gi + 1).padStart(4, '0')}`, confidence: judged.confidence, eval: ev, reasons: judged.reasons, firstFlag: this.nowIso });
      }
      this.group[m] = gi;
    }
    // the group as last judged: its current indicators and confidence
    if (gi >= 0) Object.assign(this.groups[gi], { confidence: judged.confidence, eval: ev, reasons: judged.reasons });
  }

  /**
   * Score one community for campaigns. Only its core (members whose own behaviour reaches
   * member_behaviour_min, plus members already flagged) can form a campaign, so legitimate
   * accounts that Louvain happens to group with a fleet neither lend it their shared values as
   * indicators nor get flagged with it.
   */
  private considerCampaigns(community: number[], density: number, edges: Int32Array): void {
    const min = this.config.detector.min_campaign_size;
    const members = community.filter((m) => this.label[m] === 2 || this.coreBehaviour(m));
    if (members.length < min) return;
    // one campaign per operator fleet: split on identity links (payment instrument, exact address);
    // one union-find gives both the cores that split the community and the small ones below
    const splitMin = this.config.detector.identity_core_min;
    const cores = identityCores(members, edges, this.edges, { minCore: Math.min(min, splitMin) });
    const parts = partsAround(members, edges, this.edges, cores.filter((core) => core.length >= splitMin));
    if (parts.length === 1) {
      if (this.considerGroup(members, density, null)) return;
      // a community that is no campaign as a whole (its shared values generic: a freemail domain,
      // a sign-up week) may still hold one operator's small fleet tied by a card or an exact
      // address (a reseller's accounts): each such core is judged on its own, and needs two
      // specific kinds (two students behind one NAT who paste one published system prompt are
      // an address plus a generic value: at seed scale they became a campaign of two)
      for (const core of cores) if (core.length >= min && core.length < members.length) this.considerGroup(core, density, null, true);
      return;
    }
    // a part that is no campaign on its own is judged with the whole community, as before
    const rest: number[] = [];
    for (const p of parts) if (p.length < min || !this.considerGroup(p, density, null)) rest.push(...p);
    if (rest.length) this.considerGroup(members, density, new Set(rest));
  }

  /**
   * Account m's link to a group's values (`linking`: bucket → kind): the families it holds, their
   * weight (the best kind weight a family), whether a prompt frame is among them; the buckets
   * held are pushed onto `held` when given. Campaign membership and evasion membership share it.
   */
  private slotLink(m: number, linking: Map<number, SlotKind>, held?: number[]): { mask: number; weight: number; viaTemplate: boolean } {
    let mask = 0, viaTemplate = false;
    const best = new Map<number, number>();
    for (let s = 0; s < ATTR_SLOTS; s++) {
      const b = this.attrs[m * ATTR_SLOTS + s];
      const kind = b < 0 ? undefined : linking.get(b);
      if (!kind) continue;
      held?.push(b);
      const fam = FAMILY_BIT[kind];
      if (fam) {
        mask |= fam;
        best.set(fam, Math.max(best.get(fam) ?? 0, this.config.kind_weights[kind]));
      }
      if (kind === 'template' && this.framed.has(b)) viaTemplate = true;
    }
    let weight = 0;
    for (const w of best.values()) weight += w;
    return { mask, weight, viaTemplate };
  }

  /** campaignFeatures of a group of accounts, on the detector's current state. */
  private groupFeatures(members: number[], density: number): CampaignEval {
    return campaignFeatures(members, density, {
      store: this.store,
      attrs: this.attrs,
      buckets: this.buckets,
      behaviour: this.behaviour,
      recordOf: (i) => this.recordOf(i),
      templateText: (b) => this.templateText.get(b) ?? '',
      coreCount: (b) => this.bucketCore[b] ?? 0,
      config: this.config,
    });
  }

  /**
   * The group's coordination families (shown by indicator_share of it) that rest on values an
   * operator owns or scripts: payment, network, lockstep, and template when a prompt frame is
   * among its indicators (a system prompt or a public question alone is generic).
   */
  private specificGroupFamilies(ev: CampaignEval): string[] {
    const framed = ev.indicators.some((ind) => ind.kind === 'template' && this.framed.has(ind.bucket));
    return ev.families.filter((f) => f === 'payment' || f === 'network' || f === 'lockstep' || (f === 'template' && framed));
  }

  /**
   * Families of a campaign's evidence that rest on values an operator owns or scripts: payment,
   * network (an exact address or a /24), a prompt frame, lockstep — not sign-up traits, a system
   * prompt or a question asked word for word (generic: see genericFamilies).
   */
  private specificFamilies(ev: CampaignEval): number {
    let mask = 0;
    let viaTemplate = false;
    for (const ind of ev.indicators) {
      mask |= FAMILY_BIT[ind.kind as SlotKind] ?? 0;
      if (ind.kind === 'template' && this.framed.has(ind.bucket)) viaTemplate = true;
    }
    return bits(mask & ~genericFamilies(mask, viaTemplate)) + (ev.families.includes('lockstep') ? 1 : 0);
  }

  /**
   * Score a group of core members as one campaign; returns whether it is one. With `only`, just
   * those members can be flagged and the group neither renames a campaign's evidence nor indexes
   * indicators (it is the whole community, spanning fleets: the fallback of consider()). With
   * `specificKinds`, two of its indicators' kinds must also be specific (specificFamilies).
   */
  private considerGroup(members: number[], density: number, only: Set<number> | null, specificKinds = false): boolean {
    const v = this.config.verdict;
    const ev = this.groupFeatures(members, density);
    if (ev.families.length < v.campaign_min_kinds || ev.features.behaviour_mean < v.campaign_behaviour_min) return false;
    if (specificKinds && this.specificFamilies(ev) < v.campaign_min_kinds) return false;
    const reasons = evaluate(this.campaignRules, ev.features, { size: members.length, detail: ev.detail });
    const confidence = combine(reasons);
    if (confidence < v.campaign_confidence_min) return false;
    // stable id: the campaign most of the already-flagged members belong to
    const votes = new Map<number, number>();
    for (const m of members) if (this.campaign[m] >= 0) votes.set(this.campaign[m], (votes.get(this.campaign[m]) ?? 0) + 1);
    let c = -1, best = 0;
    for (const [k, n] of votes) if (n > best || (n === best && k < c)) { c = k; best = n; }
    const familyReason: Reason = {
      rule: 'coordination',
      weight: 0,
      evidence: `${members.length} linked accounts share ${ev.families.length} independent kinds of coordination: ${ev.families.join(', ')}`,
    };
    if (c < 0) {
      c = this.campaigns.length;
      this.campaigns.push({ id: `C${String(c + 1).padStart(4, '0')}`, confidence, eval: ev, reasons: [familyReason, ...reasons], firstFlag: this.nowIso });
    } else if (!only) {
      const s = this.campaigns[c];
      s.confidence = Math.max(s.confidence, confidence);
      s.eval = ev;
      s.reasons = [familyReason, ...reasons];
    }
    if (!only) {
      for (const ind of ev.indicators) if (ind.kind !== 'asn' && ind.kind !== 'user_agent') claim(this.indicatorIndex, ind.bucket, c);
      for (const b of ev.subnets) claim(this.exitIndex, b, c);
    }
    const indicatorBuckets = new Map<number, SlotKind>(ev.indicators.map((x) => [x.bucket, x.kind as SlotKind]));
    for (const m of members) {
      if (this.label[m] === 2 || (only && !only.has(m))) continue;
      // membership: the same test as the checkpoint's (linksAsMember), on this campaign's indicators
      const { mask, weight, viaTemplate } = this.slotLink(m, indicatorBuckets);
      // the campaign's exits as indexed (a fallback group's own values are not: see `only`)
      const link: MemberLink = { mask, weight, subnets: this.exitsUsed(m, c) };
      addExitLink(link, this.config.kind_weights.subnet);
      link.generic = genericFamilies(link.mask, viaTemplate);
      if (!linksAsMember(link, this.own(m), v)) continue;
      const standing = standingCounts(link);
      const score = 1 - (1 - this.ownFor(m, standing).behaviour) * (1 - this.campaigns[c].confidence);
      // sign-up traits alone never choose the campaign (they are shared across fleets)
      if (score >= v.attack_min) {
        if ((link.mask & ~SIGNUP_FAMILIES) !== 0) this.flagMember(m, c, 'community detection', standing);
        else this.flagLinked(m, c, standing);
      }
    }
    return true;
  }
}


/**
 * Create the online detector.
 * @example
 * const det = createDetector({ seed: 1 });
 * for (const r of accounts) det.addAccount(r);
 * for (const ex of exchanges) det.observe(ex);
 * const { accounts: verdicts, campaigns } = det.result();
 */
export function createDetector(options: DetectorOptions = {}): Engine {
  return new Engine(options);
}
