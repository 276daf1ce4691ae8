/**
 * The per-exchange signal extractor: one bounded tokenizer pass over the last user message
 * (head + tail), lexicon lookups per token and bigram, SimHash, template framing, and gated
 * elicitation patterns. The system prompt's analysis is cached per distinct system string.
 */
import type { Exchange } from '../core/exchange.js';
import { boostStructure, decideCapabilities } from './capability.js';
import { CeilingTable, DEFAULT_MODEL_CEILINGS, paramElicitation } from './ceiling.js';
import { textElicitation } from './elicitation.js';
import { FNV_OFFSET, pairKey } from './hash.js';
import { CAP_INDEX, F_COT, F_EFFORT, F_RECON, F_RUBRIC, F_STOP, lookup, NO_CAP } from './lexicon.js';
import { SimHasher } from './simhash.js';
import { frameWindows, rangeHash, TemplateMiner } from './template.js';
import { MASK_TEXT, Scanner, TK_WORD } from './tokenize.js';
import { ELICITATIONS, type Elicitation, type ExchangeSignals, type SignalConfig, type SignalExtractor } from './types.js';

export const DEFAULT_SIGNAL_CONFIG: Readonly<SignalConfig> = {
  scanHeadChars: 1024,
  scanTailChars: 384,
  scanSystemChars: 2048,
  frameTokens: 8,
  minFrameTokens: 3,
  templateMinSupport: 2,
  templateTableCap: 1 << 18,
  skeletonChars: 200,
  modelCeilings: DEFAULT_MODEL_CEILINGS,
  defaultCeiling: 32768,
  ceilingRatio: 0.9,
  ceilingAbsolute: 32000,
};

const ELIC_FLAGS = F_COT | F_RUBRIC | F_RECON | F_EFFORT;
const SYSTEM_CACHE_MAX = 4096;
/** Bound on the characters of system prompts held as cache keys (memory ≈ 2 bytes each). */
const SYSTEM_CACHE_CHARS = 8_000_000;
/** Characters of context kept before/after a trigger word for the elicitation patterns. */
const WINDOW_BEFORE = 240;
const WINDOW_AFTER = 320;
const WINDOW_JOIN = 1024;

function window(text: string, first: number, last: number): string {
  const a = first > WINDOW_BEFORE ? first - WINDOW_BEFORE : 0;
  const b = last + WINDOW_AFTER;
  return a === 0 && b >= text.length ? text : text.slice(a, b);
}
const NCAP = 16; // 10 capabilities; slot NO_CAP (15) absorbs flag-only lexicon hits

/** What a system prompt contributes, computed once per distinct system string. */
interface SystemInfo {
  id: number;
  scores: Int32Array;
  elicitation: number;
  agent: boolean;
}

/** Elicitation mask → list, in ELICITATIONS order. Precomputed for all 64 masks. */
const MASK_LISTS: ReadonlyArray<readonly Elicitation[]> = Array.from({ length: 1 << ELICITATIONS.length }, (_, m) =>
  Object.freeze(ELICITATIONS.filter((_e, i) => (m >> i) & 1)),
);

class Extractor implements SignalExtractor {
  private readonly cfg: SignalConfig;
  private readonly scanner = new Scanner(2048);
  private readonly sysScanner = new Scanner(1024);
  private readonly sim = new SimHasher();
  private readonly scores = new Int32Array(NCAP);
  private readonly miner: TemplateMiner;
  private readonly ceilings: CeilingTable;
  private readonly systemCache = new Map<string, SystemInfo>();
  private systemCacheChars = 0;

  constructor(cfg: SignalConfig) {
    this.cfg = cfg;
    this.miner = new TemplateMiner(cfg.templateTableCap, cfg.templateMinSupport);
    this.ceilings = new CeilingTable(cfg.modelCeilings, cfg.defaultCeiling);
  }

  extract(ex: Exchange): ExchangeSignals {
    const cfg = this.cfg;
    const msgs = ex.messages;
    let prompt = '';
    let found = false;
    let toolMessages = 0;
    let totalChars = 0;
    for (let k = msgs.length - 1; k >= 0; k--) {
      const m = msgs[k];
      totalChars += m.content.length;
      if (m.role === 'tool') toolMessages++;
      else if (!found && m.role === 'user') {
        prompt = m.content;
        found = true;
      }
    }
    if (!found && msgs.length > 0) prompt = msgs[msgs.length - 1].content;

    // System prompt (cached).
    const sys = ex.system !== undefined && ex.system.length > 0 ? this.systemInfo(ex.system) : null;
    const systemId = sys === null ? 0 : sys.id;

    // Tokenize head (+ tail) of the prompt.
    const sc = this.scanner;
    sc.reset();
    const len = prompt.length;
    const head = cfg.scanHeadChars;
    let tailStart = len;
    if (len <= head + cfg.scanTailChars) sc.scan(prompt, 0, len);
    else {
      sc.scan(prompt, 0, head);
      sc.markBoundary();
      tailStart = len - cfg.scanTailChars;
      const limit = tailStart + 32;
      while (tailStart < limit && prompt.charCodeAt(tailStart) > 32) tailStart++;
      sc.scan(prompt, tailStart, len);
    }

    // Lexicon, bigrams, SimHash features.
    const scores = this.scores;
    if (sys === null) scores.fill(0);
    else scores.set(sys.scores);
    const sim = this.sim;
    sim.reset();
    const n = sc.n;
    const hash = sc.hash;
    const kind = sc.kind;
    const boundary = sc.boundary;
    let flags = 0;
    let prev = 0;
    let prevWord = false;
    let trigFirst = -1; // char offsets of the first and last elicitation trigger
    let trigLast = -1;
    for (let t = 0; t < n; t++) {
      const h = hash[t];
      if (kind[t] !== TK_WORD) {
        sim.add(h);
        prevWord = false;
        continue;
      }
      const v = lookup(h);
      const v2 = prevWord ? lookup(pairKey(prev, h)) : 0;
      // Branch-free on purpose (stop words and lexicon hits are unpredictable): index NO_CAP is
      // a spare slot of the score array, and a stop word is added as an empty feature.
      sim.addMasked(h, ((v >>> 8) & 1) - 1);
      scores[v & 15] += (v >> 4) & 3;
      scores[v2 & 15] += (v2 >> 4) & 3;
      const f = (v | v2) & ELIC_FLAGS;
      if (f !== 0) {
        if (trigFirst < 0) trigFirst = sc.start[t];
        trigLast = sc.start[t];
        flags |= f;
      }
      prev = h;
      prevWord = boundary[t] === 0;
    }

    const toolCount = ex.tools === undefined ? 0 : ex.tools.length;
    const agentSystem = sys !== null && sys.agent;
    boostStructure(scores, {
      toolCount,
      toolMessages,
      codeBlocks: sc.codeBlocks,
      mathMarks: sc.mathMarks,
      turns: msgs.length,
      totalChars,
      agentSystem,
    });
    const { capability, capabilities } = decideCapabilities(scores);

    // Elicitation: text patterns (gated by trigger words), system prompt, request parameters.
    let elic = sys === null ? 0 : sys.elicitation;
    if (sc.tags > 0) {
      flags |= F_COT;
      if (trigFirst < 0 || sc.tagAt < trigFirst) trigFirst = sc.tagAt;
      if (sc.tagAt > trigLast) trigLast = sc.tagAt;
    }
    if (flags !== 0) {
      // Patterns are local phrases: run them only on windows around the first and last trigger.
      if (trigLast - trigFirst <= WINDOW_JOIN) elic |= textElicitation(window(prompt, trigFirst, trigLast), flags);
      else elic |= textElicitation(window(prompt, trigFirst, trigFirst), flags) | textElicitation(window(prompt, trigLast, trigLast), flags);
    }
    if (elic & 1) elic &= ~2; // strong CoT supersedes weak
    elic |= paramElicitation(ex, this.ceilings, cfg.ceilingRatio, cfg.ceilingAbsolute);

    // Template framing.
    const w = frameWindows(n, boundary, cfg.frameTokens, cfg.minFrameTokens);
    const whole = w.suffixStart === 0;
    const pk = rangeHash(hash, 0, w.prefixEnd, systemId ^ FNV_OFFSET);
    const sk = rangeHash(hash, w.suffixStart, n, systemId);
    const templateId = this.miner.assign(pk, sk, whole);

    return {
      capability,
      capabilities,
      elicitation: MASK_LISTS[elic] as Elicitation[],
      templateId,
      systemId,
      skeleton: this.skeleton(prompt, whole ? n : w.prefixEnd, whole ? n : w.suffixStart),
      simhash: sim.digest(),
      promptChars: len,
      toolCount,
      agentic: toolCount > 0 || toolMessages > 0 || agentSystem,
      turns: msgs.length,
    };
  }

  /**
   * Masked text of the framing windows: prefix tokens, "…", suffix tokens. A window without
   * masked tokens is one slice of the original text (the common case, and cheap).
   */
  private skeleton(text: string, prefixEnd: number, suffixStart: number): string {
    const sc = this.scanner;
    const max = this.cfg.skeletonChars;
    let out = this.renderRange(text, 0, prefixEnd);
    if (suffixStart < sc.n && suffixStart >= prefixEnd && out.length < max) {
      out += (suffixStart > prefixEnd ? ' … ' : ' ') + this.renderRange(text, suffixStart, sc.n);
    }
    return out.length > max ? out.slice(0, max) : out;
  }

  private renderRange(text: string, from: number, to: number): string {
    if (from >= to) return '';
    const sc = this.scanner;
    let plain = true;
    for (let t = from; t < to; t++) {
      if (sc.kind[t] !== TK_WORD) {
        plain = false;
        break;
      }
    }
    if (plain && sc.end[to - 1] - sc.start[from] <= this.cfg.skeletonChars) return text.slice(sc.start[from], sc.end[to - 1]);
    let out = '';
    for (let t = from; t < to; t++) {
      const k = sc.kind[t];
      out += (t > from ? ' ' : '') + (k === TK_WORD ? text.slice(sc.start[t], sc.end[t]) : MASK_TEXT[k]);
    }
    return out;
  }

  private systemInfo(system: string): SystemInfo {
    const hit = this.systemCache.get(system);
    if (hit !== undefined) return hit;
    const sc = this.sysScanner;
    sc.reset();
    const end = Math.min(system.length, this.cfg.scanSystemChars);
    sc.scan(system, 0, end);
    const scores = new Int32Array(NCAP);
    let flags = 0;
    for (let t = 0; t < sc.n; t++) {
      if (sc.kind[t] !== TK_WORD) continue;
      const v = lookup(sc.hash[t]);
      flags |= v;
      if (v !== 0 && (v & 15) !== NO_CAP) scores[v & 15] += (v >> 4) & 3;
      if (t > 0 && sc.kind[t - 1] === TK_WORD && sc.boundary[t - 1] === 0) {
        const v2 = lookup(pairKey(sc.hash[t - 1], sc.hash[t]));
        flags |= v2;
        if (v2 !== 0 && (v2 & 15) !== NO_CAP) scores[v2 & 15] += (v2 >> 4) & 3;
      }
    }
    if (sc.tags > 0) flags |= F_COT;
    const agent = scores[CAP_INDEX.agentic] >= 2 || scores[CAP_INDEX.tool_use] >= 2;
    let elicitation = (flags & ELIC_FLAGS) !== 0 ? textElicitation(system.slice(0, end), flags) : 0;
    if (elicitation & 1) elicitation &= ~2;
    const info: SystemInfo = { id: (rangeHash(sc.hash, 0, sc.n, 0x1b873593) >>> 0) || 1, scores, elicitation, agent };
    if (this.systemCache.size >= SYSTEM_CACHE_MAX || this.systemCacheChars + system.length > SYSTEM_CACHE_CHARS) {
      this.systemCache.clear();
      this.systemCacheChars = 0;
    }
    this.systemCache.set(system, info);
    this.systemCacheChars += system.length;
    return info;
  }
}

/**
 * Creates a stateful, deterministic signal extractor (one per stream; not shared across threads).
 * @example
 * const sx = createSignalExtractor();
 * const s = sx.extract(exchange);
 * s.capability; s.elicitation; s.templateId; s.simhash;
 */
export function createSignalExtractor(config: Partial<SignalConfig> = {}): SignalExtractor {
  const cfg = { ...DEFAULT_SIGNAL_CONFIG, ...config } satisfies SignalConfig;
  checkConfig(cfg);
  return new Extractor(cfg);
}

/** Rejects settings that would make the extractor unbounded or meaningless, with a clear message. */
function checkConfig(c: SignalConfig): void {
  const int = (k: keyof SignalConfig, min: number, max: number) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new RangeError(`signals config: ${k} must be an integer in [${min}, ${max}], got ${String(v)}`);
  };
  int('scanHeadChars', 1, 1 << 16);
  int('scanTailChars', 0, 1 << 16);
  int('scanSystemChars', 0, 1 << 16);
  int('frameTokens', 1, 64);
  int('minFrameTokens', 1, c.frameTokens);
  int('templateMinSupport', 1, 1 << 20);
  int('templateTableCap', 16, 1 << 24);
  int('skeletonChars', 8, 4096);
  int('defaultCeiling', 1, 1 << 24);
  int('ceilingAbsolute', 1, 1 << 24);
  if (!(c.ceilingRatio > 0 && c.ceilingRatio <= 1)) throw new RangeError(`signals config: ceilingRatio must be in (0, 1], got ${c.ceilingRatio}`);
  for (const [k, v] of Object.entries(c.modelCeilings)) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`signals config: modelCeilings[${JSON.stringify(k)}] must be a positive integer`);
  }
}
