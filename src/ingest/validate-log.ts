/**
 * The core of `moat validate`: read a log, write the valid exchanges (normalized: BOM and CR
 * dropped, key hashed) to OUT/exchanges.jsonl and every bad line to OUT/quarantine.jsonl.
 * Pure of any CLI concerns so the benchmark times exactly this code path.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILES } from '../core/exchange.js';
import { keySecretFromEnv } from '../core/key-hash.js';
import type { ProgressSink } from '../cli/progress.js';
import { accountTransform, exchangeTransform } from './contract-transform.js';
import { IngestError } from './errors.js';
import { createJsonlWriter } from './jsonl-writer.js';
import { openInput, resolveLogFile } from './open-input.js';
import { createQuarantine } from './quarantine.js';
import type { Quarantine, QuarantineEntry, QuarantineReason } from './quarantine.js';
import { emptyStats, scan } from './scan.js';
import type { IngestStats, LineTransform } from './scan.js';

export interface ValidateOptions {
  keySecret?: string;
  maxLineBytes?: number;
  progress?: ProgressSink;
  /** Where valid records go; default OUT/exchanges.jsonl (the benchmark passes /dev/null). */
  recordsPath?: string;
  stdin?: NodeJS.ReadableStream;
}

export interface IngestResult {
  /** The resolved input file. */
  file: string;
  stats: IngestStats;
  byReason: Partial<Record<QuarantineReason, number>>;
  /** The first few quarantine entries, for the summary. */
  examples: QuarantineEntry[];
  recordsPath: string;
  quarantinePath: string;
  /** Set when the input could not be read to the end (outputs hold what was read before). */
  error?: IngestError;
  /** validate only: accounts.jsonl found beside/inside the input, checked into OUT/accounts.jsonl. */
  accounts?: { file: string; path: string; stats: IngestStats };
}

/**
 * Validate the exchanges of `input` and, when an accounts.jsonl lies beside/inside it, that too
 * (into OUT/accounts.jsonl), so OUT is a complete log directory. One quarantine for both.
 * @example const r = await validateLog('logs/', 'out'); r.stats.records // valid exchanges written
 */
export async function validateLog(input: string, outDir: string, opts: ValidateOptions = {}): Promise<IngestResult> {
  const file = resolveLogFile(input, LOG_FILES.exchanges, { sibling: false })!;
  const transform = exchangeTransform(opts.keySecret ?? keySecretFromEnv());
  mkdirSync(outDir, { recursive: true });
  const quarantine = createQuarantine(outDir);
  try {
    const result = await ingestToDir(file, outDir, transform, 'a Moat exchange log', opts, quarantine);
    const accountsFile = opts.recordsPath === undefined ? resolveLogFile(input, LOG_FILES.accounts, { sibling: true }) : null;
    if (accountsFile !== null && result.error === undefined) {
      const path = join(outDir, LOG_FILES.accounts);
      const acc = await ingestToDir(accountsFile, outDir, accountTransform, 'an accounts file', { ...opts, recordsPath: path, progress: undefined }, quarantine);
      result.accounts = { file: accountsFile, path, stats: acc.stats };
      result.error = acc.error;
    }
    return { ...result, byReason: quarantine.counts(), examples: quarantine.sample.slice(0, 3) };
  } finally {
    quarantine.close();
  }
}

/**
 * Shared by validate and convert: scan `file` with `transform`, write records + quarantine under `outDir`.
 * @example await ingestToDir('x.jsonl', 'out', accountTransform, 'an accounts file', {})
 */
export async function ingestToDir<T>(
  file: string,
  outDir: string,
  transform: LineTransform<T>,
  expected: string,
  opts: ValidateOptions,
  /** A quarantine shared with other files (not closed here); default: a new OUT/quarantine.jsonl. */
  shared?: Quarantine,
): Promise<IngestResult> {
  const input = openInput(file, opts.stdin);
  mkdirSync(outDir, { recursive: true });
  const recordsPath = opts.recordsPath ?? join(outDir, LOG_FILES.exchanges);
  const quarantine = shared ?? createQuarantine(outDir);
  const writer = createJsonlWriter(recordsPath);
  const stats = emptyStats();
  let error: IngestError | undefined;
  try {
    for await (const batch of scan(input, { transform, quarantine, stats, expected, progress: opts.progress, maxLineBytes: opts.maxLineBytes })) {
      await writer.write(batch);
    }
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    error = err;
  } finally {
    if (shared === undefined) quarantine.close();
    await writer.close();
  }
  return { file, stats, byReason: quarantine.counts(), examples: quarantine.sample.slice(0, 3), recordsPath, quarantinePath: quarantine.path!, error };
}
