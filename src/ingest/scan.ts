/**
 * The ingest loop shared by every reader: bytes → lines → JSON → a per-kind transform, with
 * every line accounted for. A line ends up either in a yielded batch or in the quarantine
 * (blank lines are only counted). Input that is not what it claims to be (a binary file, the
 * wrong `--from` format) stops the run with one IngestError line instead of quarantining a
 * whole file record by record.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { ProgressSink } from '../cli/progress.js';
import type { CheckResult } from './check-record.js';
import { IngestError } from './errors.js';
import { DEFAULT_MAX_LINE_BYTES, splitLines } from './lines.js';
import { redactText } from './redact.js';
import type { Line } from './lines.js';
import type { OpenedInput } from './open-input.js';
import type { Quarantine, QuarantineReason } from './quarantine.js';

/** One accepted record. `raw` is the line itself when the record needed no rewriting. */
export interface Scanned<T> {
  item: T;
  line: number;
  raw: Buffer | null;
}

/**
 * A transform returns the records a parsed line yields. `unchanged` lets writers copy the line
 * as is; `line` hands them a rewritten line that serializes the (single) record exactly.
 */
export type LineTransform<T> = (value: unknown, line?: Buffer) => CheckResult<T[]> & { unchanged?: boolean; line?: Buffer };

/** Counts for one input, filled in as the scan goes. */
export interface IngestStats {
  /** Lines seen (including blank ones). */
  lines: number;
  /** Blank lines (whitespace only): skipped, not quarantined. */
  blank: number;
  /** Lines that yielded at least one record. */
  okLines: number;
  /** Records yielded (an adapter may turn one line into several). */
  records: number;
  /** Lines sent to the quarantine. */
  quarantined: number;
  /** Bytes read from the source (compressed bytes for gzip). */
  bytes: number;
}

/**
 * Zeroed counts, to pass as `stats` and read after the run.
 * @example const stats = emptyStats(); for await (const b of readExchanges('x', { stats })) …; stats.quarantined
 */
export function emptyStats(): IngestStats {
  return { lines: 0, blank: 0, okLines: 0, records: 0, quarantined: 0, bytes: 0 };
}

export interface ScanOptions<T> {
  transform: LineTransform<T>;
  quarantine: Quarantine;
  stats?: IngestStats;
  progress?: ProgressSink;
  maxLineBytes?: number;
  batchSize?: number;
  /** What the input should be, for the one-line error ("a Moat exchange log", "openai-chat records"). */
  expected: string;
  /** Stop when this many lines failed before any succeeded. Default 100. */
  giveUpAfter?: number;
  /**
   * Give up at all (`giveUpAfter`, and a scan where every line failed). Default true; false for a
   * piece of a file, whose caller takes that decision over the whole file (see notWhatItClaims).
   */
  giveUp?: boolean;
  /** The input is a piece of a file that does not start it (no BOM to drop). */
  piece?: boolean;
  /**
   * Also yield what the batch holds at the end of every input chunk: a live source (a stream that
   * blocks until more arrives) hands each chunk's records over at once, not when batchSize fills.
   */
  yieldEachChunk?: boolean;
}

/** Reasons that mean a line did not parse at all. */
export const PARSE_REASONS: ReadonlySet<QuarantineReason> = new Set<QuarantineReason>(['invalid_utf8', 'invalid_json', 'line_too_long', 'too_deep']);

/**
 * The one-line error for input that is not what it claims to be: `failed` lines failed before any
 * succeeded, `parseFailed` of them did not even parse; `firstFailure` is failureText() of the first.
 * @example notWhatItClaims('x.jsonl', 'a Moat exchange log', 100, 100, 'line 1: not JSON').message
 */
export function notWhatItClaims(file: string, expected: string, failed: number, parseFailed: number, firstFailure: string): IngestError {
  return parseFailed === failed
    ? new IngestError(`${file} is not JSON Lines: none of the first ${failed} lines parsed (${firstFailure})`)
    : new IngestError(`${file} does not look like ${expected}: none of the first ${failed} records were accepted (${firstFailure})`);
}

/**
 * How a quarantined line is named in that error.
 * @example failureText(3, 'ts', 'not a date') // 'line 3: ts: not a date'
 */
export function failureText(line: number, field: string, detail: string): string {
  return `line ${line}: ${field ? `${field}: ` : ''}${redactText(detail)}`;
}


/**
 * Scan an opened input, yielding batches of accepted records in file order.
 * @example
 * for await (const batch of scan(openInput('x.jsonl'), { transform, quarantine, expected: 'a Moat exchange log' })) …
 */
export async function* scan<T>(input: OpenedInput, opts: ScanOptions<T>): AsyncGenerator<Scanned<T>[]> {
  const stats = opts.stats ?? emptyStats();
  const q = opts.quarantine;
  const batchSize = opts.batchSize ?? 1000;
  const giveUp = opts.giveUp ?? true;
  const giveUpAfter = giveUp ? (opts.giveUpAfter ?? 100) : Infinity;
  const transform = opts.transform;
  let failedBeforeOk = 0;
  let parseFailedBeforeOk = 0;
  let firstFailure = '';
  let batch: Scanned<T>[] = [];

  const reject = (line: Line, field: string, reason: QuarantineReason, detail: string, raw: Buffer): void => {
    q.add({ file: input.file, line: line.no, field, reason, detail, raw });
    stats.quarantined++;
    if (stats.okLines === 0) {
      failedBeforeOk++;
      if (PARSE_REASONS.has(reason)) parseFailedBeforeOk++;
      if (firstFailure === '') firstFailure = failureText(line.no, field, detail);
      if (failedBeforeOk >= giveUpAfter) throw giveUpError();
    }
  };
  const giveUpError = (): IngestError => notWhatItClaims(input.file, opts.expected, failedBeforeOk, parseFailedBeforeOk, firstFailure);

  opts.progress?.start(input.totalBytes);
  let failure: unknown = null;
  try {
    for await (const lines of splitLines(input.chunks, { maxLineBytes: opts.maxLineBytes, bom: !opts.piece })) {
      // lines [li, blockEnd) are all ASCII when blockAscii (see asciiBlock)
      let blockEnd = 0;
      let blockAscii = false;
      for (let li = 0; li < lines.length; li++) {
        const line = lines[li];
        if (li === blockEnd) {
          blockEnd = Math.min(lines.length, li + ASCII_BLOCK);
          blockAscii = asciiBlock(lines, li, blockEnd);
        }
        stats.lines++;
        const bytes = line.bytes;
        if (bytes === null) {
          reject(line, '', 'line_too_long', `line is ${line.length} bytes, over the ${opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES} byte limit`, line.head ?? Buffer.alloc(0));
          continue;
        }
        if (line.truncated) {
          reject(line, '', 'truncated_input', 'the input ended in the middle of this line', bytes);
          continue;
        }
        if (isBlank(bytes)) {
          stats.blank++;
          continue;
        }
        // Most log lines are pure ASCII (JSON writers escape the rest by default): one SIMD check
        // (over a block of lines, else this line) proves them valid UTF-8 and lets them decode as
        // latin1, which is the same text and about 3× cheaper than the UTF-8 decoder.
        let text: string;
        if (blockAscii || isAscii(bytes)) text = bytes.toString('latin1');
        else if (isUtf8(bytes)) text = bytes.toString('utf8');
        else {
          reject(line, '', 'invalid_utf8', 'line is not valid UTF-8', bytes);
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          const deep = err instanceof RangeError;
          reject(line, '', deep ? 'too_deep' : 'invalid_json', deep ? 'JSON nested too deeply to parse' : `not JSON: ${parseMessage(err)}`, bytes);
          continue;
        }
        const res = transform(value, bytes);
        if (!res.ok) {
          reject(line, res.field, res.reason, res.detail, bytes);
          continue;
        }
        stats.okLines++;
        const raw = res.line ?? (res.unchanged ? bytes : null);
        for (const item of res.value) batch.push({ item, line: line.no, raw });
        stats.records += res.value.length;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      stats.bytes = input.bytesRead();
      opts.progress?.update(stats.bytes);
      if (opts.yieldEachChunk && batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    failure = err;
  } finally {
    stats.bytes = input.bytesRead();
    opts.progress?.stop();
  }
  // Records read before a failure (a truncated gzip) are still handed over, then the error.
  if (batch.length > 0) yield batch;
  if (failure !== null) throw failure;
  if (giveUp && stats.okLines === 0 && failedBeforeOk > 0) throw giveUpError();
}

/** V8's JSON.parse message without the quoted snippet of the input (it could hold part of a key). */
function parseMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, ' is not valid JSON');
}

/** Lines a block whose bytes get one ASCII check. */
const ASCII_BLOCK = 32;

/**
 * Are lines [from, to) all ASCII? One isAscii call over the bytes they span when they are views
 * of one buffer, in order (lines of one read chunk); false (check each line) otherwise, or when
 * any byte of the span is not ASCII. The span also holds the `\n` (and `\r`) between the lines,
 * which are ASCII, so it is ASCII exactly when every line is.
 */
function asciiBlock(lines: readonly Line[], from: number, to: number): boolean {
  if (to - from < 2) return false;
  const first = lines[from].bytes;
  if (first === null) return false;
  const buf = first.buffer;
  const start = first.byteOffset;
  let end = start + first.length;
  for (let i = from + 1; i < to; i++) {
    const b = lines[i].bytes;
    if (b === null || b.buffer !== buf || b.byteOffset < end) return false;
    end = b.byteOffset + b.length;
  }
  return isAscii(new Uint8Array(buf, start, end - start));
}

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
