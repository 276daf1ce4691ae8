/**
 * Everything the extractor takes from the prompt text alone (the last user message): one bounded
 * tokenizer pass (head + tail), lexicon scores per token and bigram, elicitation patterns gated
 * by trigger words, SimHash, the token hashes of the framing windows and the skeleton text.
 * A pure function of the prompt string (and the config), so the extractor may memoise it: a fleet
 * that shares one question bank, an eval harness or a retry sends the very same prompt again.
 */
import { textElicitation } from './elicitation.js';
import { pairKey } from './hash.js';
import { F_COT, F_EFFORT, F_RECON, F_RUBRIC, lookup } from './lexicon.js';
import { SimHasher } from './simhash.js';
import { frameWindows } from './template.js';
import { MASK_TEXT, Scanner, TK_WORD } from './tokenize.js';
import type { SignalConfig } from './types.js';

/** Score slots: 10 capabilities; slot NO_CAP (15) absorbs flag-only lexicon hits. */
export const NCAP = 16;
const ELIC_FLAGS = F_COT | F_RUBRIC | F_RECON | F_EFFORT;
/** Characters of context kept before/after a trigger word for the elicitation patterns. */
const WINDOW_BEFORE = 240;
const WINDOW_AFTER = 320;
const WINDOW_JOIN = 1024;

function window(text: string, first: number, last: number): string {
  const a = first > WINDOW_BEFORE ? first - WINDOW_BEFORE : 0;
  const b = last + WINDOW_AFTER;
  return a === 0 && b >= text.length ? text : text.slice(a, b);
}

/** What one prompt contributes to an exchange's signals. */
export interface PromptInfo {
  /**
   * data[0, NCAP): lexicon scores of the prompt's tokens and bigrams; then the token hashes of
   * the prefix framing window (prefixLen of them), then those of the suffix window (suffixLen).
   */
  data: Int32Array;
  prefixLen: number;
  suffixLen: number;
  /** The framing windows cover the whole prompt (no variable body). */
  whole: boolean;
  /** Text elicitation mask (E_* bits) of the prompt, before "strong CoT supersedes weak". */
  elicitation: number;
  codeBlocks: number;
  mathMarks: number;
  simHi: number;
  simLo: number;
  skeleton: string;
  /** Characters of the prompt. */
  chars: number;
}

/** Max token hashes kept per framing window (frameTokens ≤ 64, see checkConfig). */
const MAX_FRAME = 64;

function emptyInfo(dataLength: number): PromptInfo {
  return { data: new Int32Array(dataLength), prefixLen: 0, suffixLen: 0, whole: false, elicitation: 0, codeBlocks: 0, mathMarks: 0, simHi: 0, simLo: 0, skeleton: '', chars: 0 };
}

/**
 * A copy of a PromptInfo that owns a right-sized data array (for keeping in a cache).
 * @example const kept = copyPromptInfo(analyzer.analyze(prompt));
 */
export function copyPromptInfo(p: PromptInfo): PromptInfo {
  const c = emptyInfo(0);
  c.data = p.data.slice(0, NCAP + p.prefixLen + p.suffixLen);
  c.prefixLen = p.prefixLen;
  c.suffixLen = p.suffixLen;
  c.whole = p.whole;
  c.elicitation = p.elicitation;
  c.codeBlocks = p.codeBlocks;
  c.mathMarks = p.mathMarks;
  c.simHi = p.simHi;
  c.simLo = p.simLo;
  c.skeleton = p.skeleton;
  c.chars = p.chars;
  return c;
}

/**
 * Reusable prompt analyser (owns its scanner and SimHash buffers, and the PromptInfo it returns,
 * which the next call overwrites: copy it with copyPromptInfo to keep it; not re-entrant).
 * @example
 * const pa = new PromptAnalyzer(DEFAULT_SIGNAL_CONFIG);
 * const info = pa.analyze('Solve 2x + 3 = 7. Show your work.');
 * info.elicitation; // E_COT_WEAK
 */
export class PromptAnalyzer {
  private readonly scanner = new Scanner(2048);
  private readonly sim = new SimHasher();
  /** Per token: -1 to count it in the SimHash, 0 to leave it out (stop words). */
  private readonly keeps: Int32Array;
  private readonly out = emptyInfo(NCAP + 2 * MAX_FRAME);

  constructor(private readonly cfg: SignalConfig) {
    this.keeps = new Int32Array(this.scanner.capacity);
  }

  analyze(prompt: string): PromptInfo {
    const cfg = this.cfg;
    // Tokenize head (+ tail) of the prompt.
    const sc = this.scanner;
    sc.reset();
    const len = prompt.length;
    const head = cfg.scanHeadChars;
    if (len <= head + cfg.scanTailChars) sc.scan(prompt, 0, len);
    else {
      sc.scan(prompt, 0, head);
      sc.markBoundary();
      let tailStart = len - cfg.scanTailChars;
      const limit = tailStart + 32;
      while (tailStart < limit && prompt.charCodeAt(tailStart) > 32) tailStart++;
      sc.scan(prompt, tailStart, len);
    }

    // Template framing windows (needed first: their hashes go into the same array as the scores).
    const n = sc.n;
    const hash = sc.hash;
    const kind = sc.kind;
    const boundary = sc.boundary;
    const w = frameWindows(n, boundary, cfg.frameTokens, cfg.minFrameTokens);
    const whole = w.suffixStart === 0;
    const prefixLen = w.prefixEnd;
    const suffixLen = n - w.suffixStart;
    const out = this.out;
    const data = out.data;
    for (let k = 0; k < NCAP; k++) data[k] = 0;
    for (let k = 0; k < prefixLen; k++) data[NCAP + k] = hash[k];
    for (let k = 0; k < suffixLen; k++) data[NCAP + prefixLen + k] = hash[w.suffixStart + k];

    // Lexicon, bigrams; which tokens are SimHash features.
    const keeps = this.keeps;
    let flags = 0;
    let prev = 0;
    let prevWord = false;
    let trigFirst = -1; // char offsets of the first and last elicitation trigger
    let trigLast = -1;
    for (let t = 0; t < n; t++) {
      const h = hash[t];
      if (kind[t] !== TK_WORD) {
        keeps[t] = -1;
        prevWord = false;
        continue;
      }
      const v = lookup(h);
      const v2 = prevWord ? lookup(pairKey(prev, h)) : 0;
      // Branch-free on purpose (stop words and lexicon hits are unpredictable): index NO_CAP is
      // a spare slot of the score array, and a stop word is kept as an empty SimHash feature.
      keeps[t] = ((v >>> 8) & 1) - 1;
      data[v & 15] += (v >> 4) & 3;
      data[v2 & 15] += (v2 >> 4) & 3;
      const f = (v | v2) & ELIC_FLAGS;
      if (f !== 0) {
        if (trigFirst < 0) trigFirst = sc.start[t];
        trigLast = sc.start[t];
        flags |= f;
      }
      prev = h;
      prevWord = boundary[t] === 0;
    }

    // SimHash of the tokens, stop words masked out (in one call: its counters stay in registers).
    const sim = this.sim;
    sim.reset();
    sim.addAll(hash, keeps, 0, n);

    // Elicitation text patterns, gated by trigger words.
    let elic = 0;
    if (sc.tags > 0) {
      flags |= F_COT;
      if (trigFirst < 0 || sc.tagAt < trigFirst) trigFirst = sc.tagAt;
      if (sc.tagAt > trigLast) trigLast = sc.tagAt;
    }
    if (flags !== 0) {
      // Patterns are local phrases: run them only on windows around the first and last trigger.
      if (trigLast - trigFirst <= WINDOW_JOIN) elic = textElicitation(window(prompt, trigFirst, trigLast), flags);
      else elic = textElicitation(window(prompt, trigFirst, trigFirst), flags) | textElicitation(window(prompt, trigLast, trigLast), flags);
    }

    const digest = sim.digest();
    out.prefixLen = prefixLen;
    out.suffixLen = suffixLen;
    out.whole = whole;
    out.elicitation = elic;
    out.codeBlocks = sc.codeBlocks;
    out.mathMarks = sc.mathMarks;
    out.simHi = digest[0];
    out.simLo = digest[1];
    out.skeleton = this.skeleton(prompt, whole ? n : w.prefixEnd, whole ? n : w.suffixStart);
    out.chars = len;
    return out;
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
}
