/**
 * The reader API the rest of Moat uses to get contract records out of logs. Accepts a file, a
 * directory holding exchanges.jsonl (and accounts.jsonl, truth.jsonl), `-` for stdin, and gzip
 * (by magic bytes) for any of them. Every bad line goes to the quarantine with file:line, field
 * and reason; input that cannot be read at all throws one IngestError line.
 */
import type { AccountRecord, Exchange, TruthRecord } from '../core/exchange.js';
import { LOG_FILES } from '../core/exchange.js';
import { keySecretFromEnv } from '../core/key-hash.js';
import type { ProgressSink } from '../cli/progress.js';
import { createProgress } from '../cli/progress.js';
import { accountTransform, exchangeTransform, truthTransform } from './contract-transform.js';
import { openInput, resolveLogFile } from './open-input.js';
import type { ByteRange } from './open-input.js';
import { createQuarantine } from './quarantine.js';
import type { Quarantine } from './quarantine.js';
import { emptyStats, scan } from './scan.js';
import type { IngestStats, LineTransform } from './scan.js';

export interface ReadOptions {
  /** Secret for hashing API keys; default MOAT_KEY_SECRET (see src/core/key-hash.ts). */
  keySecret?: string;
  /**
   * Where bad lines go. Default: a counting-only quarantine, and one warning line on stderr at
   * the end when anything was quarantined (so nothing disappears silently).
   */
  quarantine?: Quarantine;
  /** `true` draws a bar on stderr (when it is a TTY); or pass your own sink. Default off. */
  progress?: boolean | ProgressSink;
  /** Lines longer than this are quarantined as line_too_long without being buffered. Default 8 MiB. */
  maxLineBytes?: number;
  /** Records per yielded batch (approximate: batches end on read-chunk boundaries). Default 1000. */
  batchSize?: number;
  /** Filled in with counts as reading goes. */
  stats?: IngestStats;
  /**
   * readAccounts / readTruth: `input` names the accounts (truth) file itself, whatever it is called;
   * a missing file is then an error instead of []. Without it, only files named accounts*… (truth*…)
   * are taken as themselves and any other file means "look beside it".
   */
  explicit?: boolean;
  /** Stdin stream used for `-` (tests). Default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /**
   * Read only these bytes of a plain (uncompressed, regular) file, which must start and end on
   * line boundaries (see pieceRange in ./line-range.ts). Line numbers are then counted from the
   * piece's first line, and the "not what it claims" decision is left to the caller, who sees
   * the whole file (see notWhatItClaims in ./scan.ts).
   */
  range?: ByteRange;
  /**
   * readExchanges: memo of key → hashed key, kept across calls that read pieces of one log with
   * the same secret (each call otherwise starts an empty one). Pure: results never depend on it.
   */
  keyCache?: Map<string, string>;
}

/**
 * Valid exchanges of a log in file order, in batches; `key` already hashed.
 * @example
 * const quarantine = createQuarantine('out');
 * for await (const batch of readExchanges('logs/', { quarantine })) for (const ex of batch) use(ex);
 * quarantine.close();
 */
export async function* readExchanges(input: string, opts: ReadOptions = {}): AsyncGenerator<Exchange[]> {
  const file = resolveLogFile(input, LOG_FILES.exchanges, { sibling: false })!;
  const full = exchangeTransform(opts.keySecret ?? keySecretFromEnv(), opts.keyCache);
  // Only records leave this reader, never lines: skip building the key-spliced copy of each line.
  const transform: LineTransform<Exchange> = (value) => full(value);
  yield* readBatches(file, transform, 'a Moat exchange log', opts);
}

/**
 * accounts.jsonl inside a directory input, beside a file input, or an explicit accounts file;
 * [] when there is none (or the input is stdin). With `explicit`, `input` is the accounts file.
 * @example const accounts = await readAccounts('logs/');
 * @example const accounts = await readAccounts('billing/acct-export.jsonl', { explicit: true });
 */
export async function readAccounts(input: string, opts: ReadOptions = {}): Promise<AccountRecord[]> {
  const file = resolveLogFile(input, LOG_FILES.accounts, { sibling: !opts.explicit });
  if (file === null) return [];
  return collect(readBatches(file, accountTransform, 'an accounts file', opts));
}

/**
 * truth.jsonl (labels of a simulated log). Only src/eval may call this: detection never reads truth.
 * @example const truth = await readTruth('sim/');
 */
export async function readTruth(input: string, opts: ReadOptions = {}): Promise<TruthRecord[]> {
  const file = resolveLogFile(input, LOG_FILES.truth, { sibling: !opts.explicit });
  if (file === null) return [];
  return collect(readBatches(file, truthTransform, 'a truth file', opts));
}

async function* readBatches<T>(file: string, transform: LineTransform<T>, expected: string, opts: ReadOptions): AsyncGenerator<T[]> {
  const own = opts.quarantine === undefined;
  const quarantine = opts.quarantine ?? createQuarantine(null);
  const stats = opts.stats ?? emptyStats();
  const before = quarantine.total;
  const progress = opts.progress === true ? createProgress({ label: `read ${file}` }) : opts.progress || undefined;
  try {
    const input = openInput(file, opts.stdin, opts.range);
    const piece = opts.range !== undefined;
    for await (const batch of scan(input, { transform, quarantine, stats, progress, expected, maxLineBytes: opts.maxLineBytes, batchSize: opts.batchSize, giveUp: !piece, piece: piece && opts.range!.start > 0 })) {
      yield batch.map((s) => s.item);
    }
  } finally {
    const n = quarantine.total - before;
    if (own && n > 0) process.stderr.write(`moat: ${n} bad line(s) in ${file} skipped (${summarize(quarantine.counts())}); run \`moat validate\` to see them\n`);
  }
}

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) for (const x of batch) out.push(x);
  return out;
}

/**
 * `reason: n` pairs, most frequent first.
 * @example summarize({ invalid_json: 2, wrong_type: 5 }) // 'wrong_type: 5, invalid_json: 2'
 */
export function summarize(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}
