/**
 * Cutting a plain log file into pieces that several readers can take in parallel: piece `i` holds
 * the lines whose first byte lies in [i·S, (i+1)·S). Each piece is found with a few positional
 * reads (no state shared between readers), and the pieces in order are exactly the file's lines.
 */
import { readSync } from 'node:fs';
import type { ByteRange } from './open-input.js';

const NL = 0x0a;
const PROBE = 64 * 1024;

/**
 * Offset of the first line that starts at or after `at` (a line starts at 0 and after each `\n`),
 * looking no further than `limit`; `limit` when there is none before it.
 * @example nextLineStart(fd, 100, 1 << 20, size) // 100 when byte 99 is '\n'
 */
export function nextLineStart(fd: number, at: number, limit: number, buf: Buffer = Buffer.allocUnsafe(PROBE)): number {
  if (at <= 0) return 0;
  let pos = at - 1;
  while (pos < limit) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, limit - pos), pos);
    if (n <= 0) return limit;
    const k = buf.subarray(0, n).indexOf(NL);
    if (k !== -1) return Math.min(pos + k + 1, limit);
    pos += n;
  }
  return limit;
}

/**
 * Bytes of piece `index` of a file of `size` bytes cut every `pieceBytes`; empty (start = end) when
 * no line starts in it (it lies inside a long line). A reader of the piece reads at most
 * `pieceBytes` to find it, plus the last line it owns.
 * @example const { start, end } = pieceRange(fd, size, 3, 2 << 20);
 */
export function pieceRange(fd: number, size: number, index: number, pieceBytes: number): ByteRange {
  const from = index * pieceBytes;
  const to = Math.min(size, from + pieceBytes);
  const buf = Buffer.allocUnsafe(PROBE);
  const start = nextLineStart(fd, from, to, buf);
  if (start >= to) return { start: to, end: to };
  return { start, end: to >= size ? size : nextLineStart(fd, to, size, buf) };
}

/**
 * How many pieces a file of `size` bytes is cut into.
 * @example pieceCount(5, 2) // 3
 */
export function pieceCount(size: number, pieceBytes: number): number {
  return Math.ceil(size / pieceBytes);
}
