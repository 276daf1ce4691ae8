/**
 * A fast, bounded line splitter over Buffers. Lines are split on `\n` with `Buffer.indexOf`
 * (no string decoding here), a trailing `\r` is dropped (CRLF files), a UTF-8 BOM at the start
 * of the stream is dropped, and a line longer than `maxLineBytes` is never buffered whole: its
 * first bytes are kept as `head` for the quarantine and the rest is skipped until the next `\n`.
 */

/** One line of input. `bytes` is null when the line was longer than the limit. */
export interface Line {
  /** 1-based line number in the (decompressed) input. */
  no: number;
  /** The line without its `\n` / `\r\n`; null when it was too long to keep. */
  bytes: Buffer | null;
  /** Length of the line in bytes (counted even when it was too long to keep). */
  length: number;
  /** For a too-long line: its first `headBytes` bytes. */
  head?: Buffer;
  /** The input stream failed (e.g. truncated gzip) before this line's `\n` arrived. */
  truncated?: boolean;
}

export interface SplitOptions {
  /** Lines longer than this many bytes are reported with `bytes: null`. Default 8 MiB. */
  maxLineBytes?: number;
  /** Bytes kept from the start of a too-long line. Default 1024. */
  headBytes?: number;
  /** Drop a UTF-8 BOM at the start of the first line. Default true (false for a piece of a file that does not start it). */
  bom?: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

const NL = 0x0a;
const CR = 0x0d;

/**
 * Split a stream of chunks into lines; yields one array of lines per input chunk (batches keep
 * the per-line cost of async iteration away from the hot path). Blank lines are yielded too
 * (with length 0) so line numbers stay exact; callers decide what to do with them.
 * @example
 * for await (const lines of splitLines(fs.createReadStream('x.jsonl'))) for (const l of lines) use(l.no, l.bytes);
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>, opts: SplitOptions = {}): AsyncGenerator<Line[]> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const headBytes = opts.headBytes ?? 1024;
  const bom = opts.bom ?? true;
  let parts: Buffer[] = [];
  let pendingLen = 0;
  let overflow = false;
  let head: Buffer | undefined;
  let no = 0;

  const finish = (segment: Buffer): Line => {
    no++;
    const total = pendingLen + segment.length;
    if (overflow || total > max) {
      const h = head ?? Buffer.concat([...parts, segment.subarray(0, headBytes)]).subarray(0, headBytes);
      const line: Line = { no, bytes: null, length: total, head: Buffer.from(h) };
      parts = [];
      pendingLen = 0;
      overflow = false;
      head = undefined;
      return line;
    }
    let bytes = parts.length === 0 ? segment : Buffer.concat([...parts, segment], total);
    parts = [];
    pendingLen = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bom && no === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    return { no, bytes, length: bytes.length };
  };

  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await it.next();
    } catch (err) {
      // The source failed mid-stream: hand over the partial last line, marked, then fail.
      if (pendingLen > 0 || overflow) yield [{ ...finish(Buffer.alloc(0)), truncated: true }];
      throw err;
    }
    if (next.done) break;
    const c = next.value;
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const idx = chunk.indexOf(NL, start);
      if (idx === -1) {
        const rest = chunk.subarray(start);
        if (rest.length > 0) {
          if (overflow) {
            pendingLen += rest.length;
          } else if (pendingLen + rest.length > max) {
            head = Buffer.concat([...parts, rest.subarray(0, headBytes)]).subarray(0, headBytes);
            parts = [];
            overflow = true;
            pendingLen += rest.length;
          } else {
            // Copy: the chunk may be reused by the producer.
            parts.push(Buffer.from(rest));
            pendingLen += rest.length;
          }
        }
        break;
      }
      out.push(finish(chunk.subarray(start, idx)));
      start = idx + 1;
    }
    if (out.length > 0) yield out;
  }
  if (pendingLen > 0 || overflow) yield [finish(Buffer.alloc(0))];
}

