/**
 * The quarantine: where every record that could not be ingested goes, with where it came from
 * and why, so a run loses nothing silently. Entries are JSON lines in OUT/quarantine.jsonl:
 * `{file, line, field, reason, detail, raw}` with `raw` cut to 1 KB and scrubbed of secrets.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { quarantineRaw, redactText } from './redact.js';

/** Why a record was quarantined. Stable codes: counted, printed and documented in docs/log-format.md. */
export type QuarantineReason =
  | 'line_too_long'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'too_deep'
  | 'not_object'
  | 'missing_field'
  | 'wrong_type'
  | 'invalid_value'
  | 'adapter_error'
  | 'truncated_input';

export const QUARANTINE_REASONS: readonly QuarantineReason[] = [
  'line_too_long', 'invalid_utf8', 'invalid_json', 'too_deep', 'not_object',
  'missing_field', 'wrong_type', 'invalid_value', 'adapter_error', 'truncated_input',
];

export interface QuarantineEntry {
  /** Source file as given by the user (`-` for stdin). */
  file: string;
  /** 1-based line number in the (decompressed) source. */
  line: number;
  /** Dotted path of the offending field (`messages.0.role`), or '' when the whole line is bad. */
  field: string;
  reason: QuarantineReason;
  /** Human-readable explanation. */
  detail: string;
  /** First 1 KB of the line, secrets removed. */
  raw: string;
}

export type QuarantineInput = Omit<QuarantineEntry, 'raw'> & { raw: string | Buffer };

export interface Quarantine {
  /** Record one bad line (raw is cut and scrubbed here). */
  add(entry: QuarantineInput): void;
  /** Number of entries so far. */
  readonly total: number;
  /** Entries by reason (only reasons that occurred). */
  counts(): Partial<Record<QuarantineReason, number>>;
  /** The first entries (up to 100), for summaries and tests. */
  readonly sample: readonly QuarantineEntry[];
  /** Path of quarantine.jsonl, or null when not written to disk. */
  readonly path: string | null;
  close(): void;
}

export const QUARANTINE_FILE = 'quarantine.jsonl';
const SAMPLE_MAX = 100;

/**
 * A quarantine writing `outDir/quarantine.jsonl` (created, truncated; appended to with `append`),
 * or only counting when `outDir` is null.
 * @example
 * const q = createQuarantine('out');
 * q.add({ file: 'x.jsonl', line: 3, field: 'ts', reason: 'wrong_type', detail: 'expected string', raw: '{"ts":1}' });
 * q.close(); q.counts() // { wrong_type: 1 }
 */
export function createQuarantine(outDir: string | null, options: { append?: boolean } = {}): Quarantine {
  let fd: number | null = null;
  let path: string | null = null;
  if (outDir !== null) {
    mkdirSync(outDir, { recursive: true });
    path = join(outDir, QUARANTINE_FILE);
    // append: a daemon restarted on the same directory (moat detect) keeps what it quarantined before
    fd = openSync(path, options.append ? 'a' : 'w');
  }
  const byReason: Partial<Record<QuarantineReason, number>> = {};
  const sample: QuarantineEntry[] = [];
  let total = 0;
  return {
    add(input) {
      const entry: QuarantineEntry = {
        file: input.file,
        line: input.line,
        field: input.field,
        reason: input.reason,
        detail: redactText(input.detail.slice(0, 500)),
        raw: quarantineRaw(input.raw),
      };
      total++;
      byReason[entry.reason] = (byReason[entry.reason] ?? 0) + 1;
      if (sample.length < SAMPLE_MAX) sample.push(entry);
      if (fd !== null) writeSync(fd, JSON.stringify(entry) + '\n');
    },
    get total() {
      return total;
    },
    counts: () => ({ ...byReason }),
    sample,
    path,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
