/**
 * Drain-style masking tokenizer in one pass over the characters, with no substring per token.
 * Splits on whitespace, trims leading/trailing punctuation, lower-cases ASCII and hashes each
 * word (djb2 + fmix32, see hash.ts) while it reads it. Variable parts become one mask token per run:
 *   ```code blocks``` → <CODE>, "quoted" / `inline` → <STR>, URLs → <URL>, emails → <EMAIL>,
 *   numbers → <NUM>, hex ids / uuids → <HEX>, digit-letter mixes → <ID>, tokens > 24 chars → <LONG>.
 * Also records where sentences/lines end (for template framing) and counts math marks.
 * Buffers are preallocated and reused: a Scanner is not re-entrant.
 */
import { Buffer } from 'node:buffer';
import { fmix32, WORD_SEED, wordHash } from './hash.js';

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
export const MASK_HASH: Int32Array = Int32Array.from(MASK_TEXT, (t) => wordHash(t));

const MAX_WORD = 24;

// Character classes for ASCII.
const C_WS = 0;
const C_LOWER = 1;
const C_UPPER = 2;
const C_DIGIT = 3;
const P_PLAIN = 4;
const P_SPECIAL = 5;
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLS[c] =
    c <= 32
      ? C_WS
      : c >= 97 && c <= 122
        ? C_LOWER
        : c >= 65 && c <= 90
          ? C_UPPER
          : c >= 48 && c <= 57
            ? C_DIGIT
            : '=^\\.?!:@+*/<>%-'.includes(String.fromCharCode(c))
              ? P_SPECIAL
              : P_PLAIN;
}
const R_STOP = 1;
const R_OPS = 2;
const R_SPECIAL = 4;
const R_URL = 8;

function isHex(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 45 || c === 13)) return false;
  }
  return true;
}

function isWww(text: string, i: number): boolean {
  return (text.charCodeAt(i) | 32) === 119 && (text.charCodeAt(i + 1) | 32) === 119 && (text.charCodeAt(i + 2) | 32) === 119;
}
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
  /** Token hash (wordHash of the trimmed lower-cased word, or MASK_HASH[kind]). */
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
  /** Tokens that open with '<' (markup such as <think>), and the offset of the first one. */
  tags = 0;
  tagAt = -1;
  private unitBytes: Buffer = Buffer.allocUnsafeSlow(4096 * 2);
  private units: Uint16Array = new Uint16Array(this.unitBytes.buffer, this.unitBytes.byteOffset, 4096);

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
    this.tags = 0;
    this.tagAt = -1;
  }

  private grow(n: number): void {
    this.unitBytes = Buffer.allocUnsafeSlow(n * 2);
    this.units = new Uint16Array(this.unitBytes.buffer, this.unitBytes.byteOffset, n);
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
    if (to > text.length) to = text.length;
    if (from >= to) return;
    // Copy the code units into a typed array once (native, memcpy-like): indexed loads from it
    // are cheaper in the hot loop than String#charCodeAt.
    if (to - from > this.units.length) this.grow(to - from);
    const src = from === 0 && to === text.length ? text : text.slice(from, to);
    this.unitBytes.write(src, 0, 'utf16le');
    const u = this.units;
    const base = from; // u[i] is text[base + i]
    const lim = to - from;
    const cap = this.capacity;
    const hashes = this.hash;
    const kinds = this.kind;
    const starts = this.start;
    const ends = this.end;
    const bounds = this.boundary;
    let i = 0;
    while (i < lim) {
      if (this.n >= cap) return;
      let c = u[i];
      if (c <= 32) {
        if (c === 10) {
          this.newlines++;
          if (this.n > 0) bounds[this.n - 1] = 1;
        }
        i++;
        continue;
      }
      if (c === 96 || c === 34 || c === 0x201c) {
        const j = this.quoted(text, i + base, to, c);
        if (j > 0) {
          i = j - base;
          continue;
        }
      }
      if (c === 60 && this.tags++ === 0) this.tagAt = i + base;
      // Leading punctuation (not part of the word).
      let stop = 0;
      let ops = 0;
      let special = 0; // '@' or '://' seen
      while (c < 128 && CLS[c] >= P_PLAIN) {
        if (CLS[c] === P_SPECIAL) {
          const r = this.punct(text, i + base, c);
          stop |= r & R_STOP;
          ops |= r & R_OPS;
          special |= r & (R_SPECIAL | R_URL);
        }
        if (++i >= lim) break;
        c = u[i];
        if (c <= 32) break;
      }
      if (i >= lim || c <= 32 || c >= 0x2018 && c <= 0x201d) {
        if (c >= 0x2018 && c <= 0x201d) {
          i++; // a stray curly quote: skip it
          continue;
        }
        if (this.n > 0) {
          if (stop) bounds[this.n - 1] = 1;
          if (ops && kinds[this.n - 1] === TK_NUM) this.mathMarks++; // "17 * 23"
        }
        continue;
      }
      // The word: hashed (djb2, see hash.ts) while reading; a snapshot at the first trailing punctuation mark.
      const first = i;
      let h = WORD_SEED;
      let ht = 0;
      let wordEnd = -1; // set when punctuation follows a letter/digit
      let lastPunct = -1;
      let digits = 0;
      let puncts = 0;
      for (; i < lim; i++) {
        c = u[i];
        if (c >= 97 && c <= 122) {
          h = ((h << 5) + (h + c)) | 0;
          continue;
        }
        if (c <= 32) break;
        if (c < 128) {
          const k = CLS[c];
          if (k === C_UPPER) {
            c |= 32;
            h = ((h << 5) + (h + c)) | 0;
            continue;
          }
          if (k === C_DIGIT) {
            digits++;
            h = ((h << 5) + (h + c)) | 0;
            continue;
          }
          if (k === P_SPECIAL) {
            const r = this.punct(text, i + base, c);
            ops |= r & R_OPS;
            special |= r & (R_SPECIAL | R_URL);
          }
        } else if (c >= 0x2018 && c <= 0x201d) {
          if (c === 0x2019) c = 39; // ’ folds to '
        } else {
          if (c >= 0x2200 && c <= 0x22ff) this.mathMarks++;
          h = ((h << 5) + (h + c)) | 0;
          continue;
        }
        // Punctuation inside or after the word.
        if (lastPunct !== i - 1) {
          ht = h;
          wordEnd = i;
        }
        lastPunct = i;
        puncts++;
        h = ((h << 5) + (h + c)) | 0;
      }
      let end = i;
      if (lastPunct === i - 1) {
        // Trailing punctuation is trimmed; sentence marks in it end a sentence.
        for (let j = wordEnd; j < i; j++) {
          const d = u[j];
          if (d === 46 || d === 63 || d === 33 || d === 58) stop = 1;
        }
        end = wordEnd;
        puncts -= i - wordEnd;
      } else ht = h;
      const len = end - first;
      const alpha = len - digits - puncts > 0;
      let kind = TK_WORD;
      if (special !== 0 && (special & R_URL) !== 0) kind = TK_URL;
      else if (len > 4 && u[first + 3] === 46 && isWww(text, first + base)) kind = TK_URL;
      else if (special !== 0 && alpha) kind = TK_EMAIL;
      else if (digits > 0 && !alpha) kind = TK_NUM;
      else if (digits > 0 && len >= 8 && isHex(text, first + base, end + base)) kind = TK_HEX;
      else if (len > MAX_WORD) kind = TK_LONG;
      else if (digits > 0) {
        kind = TK_ID;
        if (ops) this.mathMarks++; // "2x+3", "n/2"
      }
      if (kind === TK_WORD) {
        // push() of a word, inline (no run to collapse; n < capacity was checked at the token's
        // start and nothing was pushed since).
        const n = this.n;
        hashes[n] = fmix32(ht);
        kinds[n] = TK_WORD;
        starts[n] = first + base;
        ends[n] = end + base;
        bounds[n] = stop;
        this.n = n + 1;
      } else this.push(kind, MASK_HASH[kind], first + base, end + base, stop);
    }
  }

  /** Flags of one special punctuation mark; counts math notation. */
  private punct(text: string, i: number, c: number): number {
    if (c === 61 || c === 94 || c === 92) {
      this.mathMarks++;
      return 0;
    }
    if (c === 46 || c === 63 || c === 33) return R_STOP;
    if (c === 58) return text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47 ? R_STOP | R_SPECIAL | R_URL : R_STOP;
    if (c === 64) return i > 0 && text.charCodeAt(i - 1) > 32 ? R_SPECIAL : 0;
    return R_OPS; // + * / < > % -
  }

  /** Code fence, inline code or a quoted string starting at i: returns the index after it, or 0. */
  private quoted(text: string, i: number, to: number, c: number): number {
    if (c === 96) {
      if (text.charCodeAt(i + 1) === 96 && text.charCodeAt(i + 2) === 96) {
        const close = text.indexOf('```', i + 3);
        const e = close < 0 || close + 3 > to ? to : close + 3;
        this.codeBlocks++;
        this.push(TK_CODE, MASK_HASH[TK_CODE], i, e, 1);
        return e;
      }
      const close = text.indexOf('`', i + 1);
      if (close < 0 || close >= to || close - i > MAX_QUOTE) return 0;
      this.push(TK_STR, MASK_HASH[TK_STR], i, close + 1, 0);
      return close + 1;
    }
    const close = text.indexOf(c === 34 ? '"' : '\u201d', i + 1);
    if (close < 0 || close >= to || close - i > MAX_QUOTE) return 0;
    this.push(TK_STR, MASK_HASH[TK_STR], i, close + 1, 0);
    return close + 1;
  }
}
