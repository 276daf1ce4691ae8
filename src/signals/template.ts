/**
 * Template miner: the id of a prompt's framing. Campaigns wrap many different questions in one
 * frame ("{question}\n\nWrite out your complete reasoning…", "Solve the following problem:
 * {question}"), so the frame is found at the two ends of the masked token sequence: a prefix
 * window (first tokens up to the first sentence/line end, at most frameTokens) and a suffix
 * window (last sentence/line, at most frameTokens). The miner counts how often each window key
 * has been seen; a window seen at least minSupport times is taken as framing:
 *   both or neither frequent → id = combine(prefix, suffix)   (fixed frame, or a one-off prompt)
 *   only the prefix frequent → id = prefix key; only the suffix → id = suffix key.
 * Unlike Drain's incremental cluster numbers, an id is a pure function of the window keys, so
 * two shards mining the same traffic agree on ids (only a template's first sightings may differ).
 * The count table is bounded and cleared when full (deterministic for one input order).
 */
import { CountTable } from './count-table.js';
import { combine } from './hash.js';

const SUFFIX_SALT = 0x27d4eb2f;

/** Window bounds in token indices: prefix [0, prefixEnd), suffix [suffixStart, n). */
export interface FrameWindows {
  prefixEnd: number;
  suffixStart: number;
}

/**
 * Chooses the framing windows from sentence/line boundaries.
 * @example frameWindows(20, new Uint8Array(20), 8, 3) // { prefixEnd: 8, suffixStart: 12 }
 */
export function frameWindows(n: number, boundary: Uint8Array, frame: number, minFrame: number): FrameWindows {
  if (n <= frame) {
    // Short prompt: split at the first boundary that leaves a frame of minFrame tokens
    // ("Solve the following problem: <body>"); no such boundary → the whole prompt is the frame.
    for (let b = minFrame - 1; b < n - 1; b++) if (boundary[b]) return { prefixEnd: b + 1, suffixStart: b + 1 };
    return { prefixEnd: n, suffixStart: 0 };
  }
  let prefixEnd = frame;
  for (let b = minFrame - 1; b < frame - 1; b++) {
    if (boundary[b]) {
      prefixEnd = b + 1;
      break;
    }
  }
  let suffixStart = n - frame;
  // Last sentence: the latest boundary b with at least minFrame tokens after it.
  for (let b = n - 1 - minFrame; b >= n - 1 - frame && b >= 0; b--) {
    if (boundary[b]) {
      suffixStart = b + 1;
      break;
    }
  }
  return { prefixEnd, suffixStart };
}

/**
 * Hash of tokens [from, to) of a hash buffer.
 * @example rangeHash(Int32Array.of(1, 2, 3), 0, 2, 0) === rangeHash(Int32Array.of(1, 2, 9), 0, 2, 0) // true
 */
export function rangeHash(hash: Int32Array, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) h = combine(h, hash[i]);
  return h;
}

/**
 * Stateful miner of framing ids.
 * @example
 * const m = new TemplateMiner(1 << 16, 2);
 * m.assign(prefixKey, suffixKey, false); // 32-bit id
 */
export class TemplateMiner {
  private readonly counts: CountTable;

  constructor(
    cap: number,
    private readonly minSupport: number,
  ) {
    this.counts = new CountTable(cap);
  }

  /** Template id for one prompt; `whole` = the windows cover the whole prompt (no body). */
  assign(prefixKey: number, suffixKey: number, whole: boolean): number {
    // whole: the windows cover the whole prompt, there is no variable body to frame.
    const sk = combine(suffixKey, SUFFIX_SALT);
    if (whole) return combine(prefixKey, sk) >>> 0;
    const cp = this.counts.bump(prefixKey);
    const cs = this.counts.bump(sk);
    const p = cp >= this.minSupport;
    const s = cs >= this.minSupport;
    if (p === s) return combine(prefixKey, sk) >>> 0;
    return (p ? prefixKey : sk) >>> 0;
  }
}
