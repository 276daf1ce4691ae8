/**
 * The I/O edge of `moat scan`: read accounts and exchanges (validated, bad lines quarantined),
 * feed the detector in log order, and write DIR/accounts.jsonl and DIR/campaigns.json.
 */
import { createWriteStream, existsSync, fstatSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ProgressSink } from '../cli/progress.js';
import type { Exchange } from '../core/exchange.js';
import { LOG_FILES } from '../core/exchange.js';
import { resolveLogFile } from '../ingest/open-input.js';
import type { ScanResult } from '../core/verdict.js';
import { readAccounts, readExchanges } from '../ingest/read-log.js';
import { createQuarantine } from '../ingest/quarantine.js';
import { loadAllowlist, loadConfig, loadRules } from '../rules/load.js';
import { createDailyCounter, type DailyCounter } from './daily-series.js';
import { createDetector, type Engine } from './detector.js';
import type { ExchangeSignals, SignalExtractor } from '../signals/index.js';
import { pipeExchanges } from './scan-pipe.js';

export interface ScanOptions {
  out: string;
  /** accounts side file (default: accounts.jsonl in/beside the input). */
  accounts?: string;
  config?: string;
  allowlist?: string;
  seed?: number;
  progress?: ProgressSink;
  stdin?: NodeJS.ReadableStream;
  /**
   * Read, validate and extract signals on a worker thread (the second core) while the engine
   * runs here. Default: on when the machine has ≥ 2 cores and the log file is ≥ 32 MiB (starting
   * the worker costs a few hundred ms), unless MOAT_SCAN_WORKER=0; stdin is
   * always read on this thread. Both paths give byte-identical output (it pays off only when a
   * second core is actually free: it costs ≈ 10 % more CPU in all).
   */
  worker?: boolean;
  /**
   * Reader threads when the worker path is taken and the log is a plain file (see scan-pipe.ts):
   * ≥ 2 is a pool of readers sharing the file. Default: MOAT_SCAN_READERS, else defaultReaders().
   */
  readers?: number;
  /** Pool mode: bytes per piece (tests). */
  pieceBytes?: number;
}

/**
 * Reader threads of a scan on this machine: MOAT_SCAN_READERS when set, else 2 on ≥ 3 cores and
 * 1 below. Measured (docs/benchmarks.md "Scan throughput"): a pool of 2 readers costs ≈ 10 % more
 * CPU in all than one reader (each reader warms its own caches), so on 2 cores, which one reader
 * and the engine already keep ≈ 90 % busy, it does not pay; with a third core it lifts the
 * reader ceiling and the engine becomes the limit.
 * @example defaultReaders() // 1 on a 2-core machine
 */
export function defaultReaders(): number {
  const env = Number(process.env.MOAT_SCAN_READERS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  return availableParallelism() >= 3 ? 2 : 1;
}

export interface ScanOutput {
  result: ScanResult;
  accountsPath: string;
  campaignsPath: string;
  quarantinePath: string | null;
  /** Exchanges whose timestamp was earlier than one already seen (processed at the later time). */
  late: number;
}

/**
 * @example const { result } = await runScan('sim/', { out: 'out/scan' }); result.campaigns.length
 */
export async function runScan(input: string, opts: ScanOptions): Promise<ScanOutput> {
  const rules = loadRules();
  const config = loadConfig(opts.config, rules);
  const allowlist = opts.allowlist ? loadAllowlist(opts.allowlist) : undefined;
  mkdirSync(opts.out, { recursive: true });
  const quarantine = createQuarantine(opts.out);
  // The process's own stdin (`moat simulate … | moat scan -`) is read by the worker through
  // /dev/stdin: a pipe's size is unknown and such streams are long, so it always gets the worker.
  const processStdin = input === '-' && opts.stdin === undefined && stdinReopenable();
  const workerInput = processStdin ? DEV_STDIN : input;
  const useWorker =
    (opts.worker ?? (availableParallelism() >= 2 && process.env.MOAT_SCAN_WORKER !== '0' && (processStdin || logBytes(input) >= WORKER_MIN_BYTES))) &&
    (input !== '-' || processStdin);
  // With the worker, signals arrive precomputed (same extractor, same log order): hand each to the engine.
  let current: ExchangeSignals | null = null;
  const relay: SignalExtractor = { extract: () => current! };
  const detector = createDetector({ config, rules, allowlist, seed: opts.seed, extractor: useWorker ? relay : undefined });
  try {
    // An --accounts file the user named must exist; the default beside the input is optional.
    // It is read when the first exchanges arrive, not before: in `moat simulate --out - --side D |
    // moat scan - --accounts D/accounts.jsonl` the writer of the pipe creates it just before them.
    let accountsRead = false;
    let accountRecords = 0;
    const readAccountsOnce = async (): Promise<void> => {
      if (accountsRead) return;
      accountsRead = true;
      const records = await readAccounts(opts.accounts ?? input, { quarantine, explicit: opts.accounts !== undefined });
      for (const r of records) detector.addAccount(r);
      accountRecords = records.length;
    };
    const feed = createScanFeed(detector);
    const step = feed.step;
    if (useWorker) {
      for await (const b of pipeExchanges(workerInput, { quarantine, progress: opts.progress, readers: opts.readers ?? defaultReaders(), pieceBytes: opts.pieceBytes })) {
        await readAccountsOnce();
        // the decoder's slot of each account string holds its engine index once seen
        const { refs, slots } = b.accounts;
        for (let k = 0; k < b.exchanges.length; k++) {
          current = b.signals[k];
          const known = slots[refs[k]];
          const i = step(b.exchanges[k], known);
          if (known < 0) slots[refs[k]] = i;
        }
      }
    } else {
      for await (const batch of readExchanges(input, { quarantine, progress: opts.progress, stdin: opts.stdin })) {
        await readAccountsOnce();
        for (const ex of batch) step(ex);
      }
    }
    await readAccountsOnce();
    const { result, accountsPath, campaignsPath } = await feed.write(opts.out, { quarantined: quarantine.total, accountRecords });
    return { result, accountsPath, campaignsPath, quarantinePath: quarantine.path, late: feed.late };
  } finally {
    quarantine.close();
  }
}

const DEV_STDIN = '/dev/stdin';

/** A pipe or file on fd 0 can be opened again as /dev/stdin; a socket (node's spawn 'pipe') cannot. */
function stdinReopenable(): boolean {
  try {
    const st = fstatSync(0);
    return (st.isFIFO() || st.isFile()) && existsSync(DEV_STDIN);
  } catch {
    return false;
  }
}

/** Below this log size the worker's start-up costs more than it saves. */
const WORKER_MIN_BYTES = 32 * 1024 * 1024;

/** Size of the exchange log `input` names; 0 when it cannot be found (the reader then reports why). */
function logBytes(input: string): number {
  try {
    const file = resolveLogFile(input, LOG_FILES.exchanges, { sibling: false });
    return file === null ? 0 : statSync(file).size;
  } catch {
    return 0;
  }
}

/** The scan files a feed wrote: the result and where its two main files are. */
export interface WrittenScan {
  result: ScanResult;
  accountsPath: string;
  campaignsPath: string;
}

/**
 * Feeding a detector in log order, as `moat scan` and `moat detect` both do: counts the exchanges
 * older than one already seen (`late`: processed at the later time) and each account's exchanges a
 * day (the campaigns' daily series), and writes the scan files from the detector's state.
 */
export interface ScanFeed {
  /** Feed one exchange (`known`: its account's engine index when the caller has it); returns that index. */
  step(ex: Exchange, known?: number): number;
  readonly late: number;
  /** Write DIR/accounts.jsonl, DIR/campaigns.json and DIR/stats.json of the detector's state now. */
  write(out: string, extra: { quarantined: number; accountRecords: number }): Promise<WrittenScan>;
}

/**
 * @example const feed = createScanFeed(detector); for (const ex of log) feed.step(ex); await feed.write('out/scan', { quarantined: 0, accountRecords: 0 });
 */
export function createScanFeed(detector: Engine): ScanFeed {
  const daily = createDailyCounter();
  let late = 0;
  let last = '';
  return {
    step(ex, known = -1) {
      if (ex.ts < last && Date.parse(ex.ts) < Date.parse(last)) late++;
      else last = ex.ts;
      detector.step(ex, known);
      const i = detector.lastIndex;
      daily.add(i, ex.ts);
      return i;
    },
    get late() {
      return late;
    },
    write: (out, extra) => writeScanResult(out, detector, daily, { ...extra, late }),
  };
}

/**
 * Write a detector's result: DIR/accounts.jsonl, DIR/campaigns.json (with each campaign's daily
 * series from `daily`) and DIR/stats.json.
 */
async function writeScanResult(
  out: string,
  detector: Engine,
  daily: DailyCounter,
  extra: { quarantined: number; accountRecords: number; late: number },
): Promise<WrittenScan> {
  mkdirSync(out, { recursive: true });
  const result = detector.result();
  daily.fill(result.campaigns, (id) => detector.indexOf(id));
  result.stats.quarantined = extra.quarantined;
  result.stats.account_records = extra.accountRecords;
  // each file is written beside its name and renamed over it: a reader (moat report, a snapshot
  // of a running moat detect) sees the old file or the new one, never half of one
  const accountsPath = join(out, 'accounts.jsonl');
  await writeLines(accountsPath + '.tmp', result.accounts.map((a) => JSON.stringify(a)));
  renameSync(accountsPath + '.tmp', accountsPath);
  const campaignsPath = join(out, 'campaigns.json');
  replaceFile(campaignsPath, JSON.stringify(result.campaigns, null, 1) + '\n');
  replaceFile(join(out, 'stats.json'), JSON.stringify({ ...result.stats, late: extra.late, checkpoints: detector.checkpoints }, null, 1) + '\n');
  return { result, accountsPath, campaignsPath };
}

function replaceFile(path: string, text: string): void {
  writeFileSync(path + '.tmp', text);
  renameSync(path + '.tmp', path);
}

async function writeLines(path: string, lines: string[]): Promise<void> {
  const ws = createWriteStream(path);
  const CHUNK = 2000;
  for (let k = 0; k < lines.length; k += CHUNK) {
    const ok = ws.write(lines.slice(k, k + CHUNK).join('\n') + '\n');
    if (!ok) await new Promise<void>((r) => ws.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => ws.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
