/**
 * Drain-style masking tokenizer in one pass over the characters, with no substring per token.
 * Splits on whitespace, trims leading/trailing punctuation, lower-cases ASCII and hashes each
 * word (FNV-1a) while it reads it. Variable parts become one mask token per run:
 *   ```code blocks``` → <CODE>, "quoted" / `inline` → <STR>, URLs → <URL>, emails → <EMAIL>,
 *   numbers → <NUM>, hex ids / uuids → <HEX>, digit-letter mixes → <ID>, tokens > 24 chars → <LONG>.
 * Also records where sentences/lines end (for template framing) and counts math marks.
 * Buffers are preallocated and reused: a Scanner is not re-entrant.
 */
import { FNV_OFFSET, FNV_PRIME, fnv1a } from './hash.js';

export const TK_WORD = 0;
export const TK_NUM = 1;
export const TK_STR = 2;
export const TK_CODE = 3;
export const TK_URL = 4;
export const TK_EMAIL = 5;
export const TK_HEX = 6;
export const TK_LONG = 7;
export const TK_ID = 8;

/** Display text of each token kind (index = kind); WORD shows the word itself. */
export const MASK_TEXT = ['', '<NUM>', '<STR>', '<CODE>', '<URL>', '<EMAIL>', '<HEX>', '<LONG>', '<ID>'] as const;
/** Hash of each mask token (index = kind). */
export const MASK_HASH: Int32Array = Int32Array.from(MASK_TEXT, (t) => fnv1a(t));

const MAX_WORD = 24;
const MAX_QUOTE = 300;

/**
 * Reusable token buffer + scanner.
 * @example
 * const s = new Scanner();
 * s.reset(); s.scan('Add 3 and "x"', 0, 13);
 * s.n // 4 tokens: add <NUM> and <STR>
 */
export class Scanner {
  readonly capacity: number;
  /** Token hash (word hash, or MASK_HASH[kind]). */
  readonly hash: Int32Array;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** 1 when a sentence or line ends after this token. */
  readonly boundary: Uint8Array;
  n = 0;
  mathMarks = 0;
  codeBlocks = 0;
  newlines = 0;

  constructor(capacity = 2048) {
    this.capacity = capacity;
    this.hash = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.boundary = new Uint8Array(capacity);
  }

  reset(): void {
    this.n = 0;
    this.mathMarks = 0;
    this.codeBlocks = 0;
    this.newlines = 0;
  }

  /** Marks a boundary after the last token (e.g. between scanned head and tail). */
  markBoundary(): void {
    if (this.n > 0) this.boundary[this.n - 1] = 1;
  }

  private push(kind: number, hash: number, s: number, e: number, b: number): void {
    const n = this.n;
    // Collapse runs of the same mask ("1, 2, 3" → one <NUM>) so list lengths do not matter.
    if (kind !== TK_WORD && n > 0 && this.kind[n - 1] === kind && this.boundary[n - 1] === 0) {
      this.end[n - 1] = e;
      this.boundary[n - 1] = b;
      return;
    }
    if (n >= this.capacity) return;
    this.hash[n] = hash;
    this.kind[n] = kind;
    this.start[n] = s;
    this.end[n] = e;
    this.boundary[n] = b;
    this.n = n + 1;
  }

  /** Appends the tokens of text[from, to). */
  scan(text: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      if (this.n >= this.capacity) return;
      let c = text.charCodeAt(i);
      if (c <= 32) {
        if (c === 10) {
          this.newlines++;
          if (this.n > 0) this.boundary[this.n - 1] = 1;
        }
        i++;
        continue;
      }
      if (c === 96) {
        if (text.charCodeAt(i + 1) === 96 && text.charCodeAt(i + 2) === 96) {
          const close = text.indexOf('```', i + 3);
          const e = close < 0 || close + 3 > to ? to : close + 3;
          this.codeBlocks++;
          this.push(TK_CODE, MASK_HASH[TK_CODE], i, e, 1);
          i = e;
          continue;
        }
        const close = text.indexOf('`', i + 1);
        if (close > i && close < to && close - i <= MAX_QUOTE) {
          this.push(TK_STR, MASK_HASH[TK_STR], i, close + 1, 0);
          i = close + 1;
          continue;
        }
      } else if (c === 34 || c === 0x201c) {
        const close = text.indexOf(c === 34 ? '"' : '\u201d', i + 1);
        if (close > i && close < to && close - i <= MAX_QUOTE) {
          this.push(TK_STR, MASK_HASH[TK_STR], i, close + 1, 0);
          i = close + 1;
          continue;
        }
      }
      // A raw whitespace-delimited token.
      let h = FNV_OFFSET;
      let ht = h;
      let alpha = 0;
      let digit = 0;
      let hex = 1;
      let at = 0;
      let url = 0;
      let first = -1;
      let last = -1;
      let stop = 0;
      let ops = 0;
      for (; i < to; i++) {
        c = text.charCodeAt(i);
        if (c <= 32) break;
        if (c >= 97 && c <= 122) {
          alpha++;
          if (c > 102) hex = 0;
        } else if (c >= 65 && c <= 90) {
          c |= 32;
          alpha++;
          if (c > 102) hex = 0;
        } else if (c >= 48 && c <= 57) {
          digit++;
        } else if (c < 128 || c === 0x2019 || c === 0x201d || c === 0x201c || c === 0x2018) {
          // ASCII punctuation (curly quotes count as punctuation; ’ folds to ').
          if (c === 0x2019) c = 39;
          if (c === 61 || c === 94 || c === 92) this.mathMarks++;
          else if (c === 43 || c === 42 || c === 47 || c === 60 || c === 62 || c === 37 || c === 45) ops++;
          else if (c === 64) at = 1;
          else if (c === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) url = 1;
          if (c === 46 || c === 63 || c === 33 || c === 58) stop = 1;
          if (first < 0) continue;
          h = Math.imul(h ^ c, FNV_PRIME);
          continue;
        } else {
          if (c >= 0x2200 && c <= 0x22ff) this.mathMarks++;
          alpha++;
          hex = 0;
        }
        if (first < 0) first = i;
        h = Math.imul(h ^ c, FNV_PRIME);
        ht = h;
        last = i;
        stop = 0;
      }
      if (first < 0) {
        if (this.n > 0) {
          if (stop) this.boundary[this.n - 1] = 1;
          // An operator between numbers ("17 * 23") is math notation.
          if (ops > 0 && this.kind[this.n - 1] === TK_NUM) this.mathMarks++;
        }
        continue;
      }
      const len = last - first + 1;
      let kind = TK_WORD;
      if (url === 1 || (alpha > 0 && len > 4 && text.startsWith('www.', first))) kind = TK_URL;
      else if (at === 1 && alpha > 0 && text.charCodeAt(first) !== 64) kind = TK_EMAIL;
      else if (digit > 0 && alpha === 0) kind = TK_NUM;
      else if (digit > 0 && hex === 1 && len >= 8) kind = TK_HEX;
      else if (len > MAX_WORD) kind = TK_LONG;
      else if (digit > 0) {
        kind = TK_ID;
        if (ops > 0) this.mathMarks++; // "2x+3", "n/2"
      }
      this.push(kind, kind === TK_WORD ? ht : MASK_HASH[kind], first, last + 1, stop);
    }
  }
}
