/**
 * The I/O edge of `moat scan`: read accounts and exchanges (validated, bad lines quarantined),
 * feed the detector in log order, and write DIR/accounts.jsonl and DIR/campaigns.json.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressSink } from '../cli/progress.js';
import type { ScanResult } from '../core/verdict.js';
import { readAccounts, readExchanges } from '../ingest/read-log.js';
import { createQuarantine } from '../ingest/quarantine.js';
import { loadAllowlist, loadConfig, loadRules } from '../rules/load.js';
import { createDailyCounter } from './daily-series.js';
import { createDetector } from './detector.js';

export interface ScanOptions {
  out: string;
  /** accounts side file (default: accounts.jsonl in/beside the input). */
  accounts?: string;
  config?: string;
  allowlist?: string;
  seed?: number;
  progress?: ProgressSink;
  stdin?: NodeJS.ReadableStream;
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
  const detector = createDetector({ config, rules, allowlist, seed: opts.seed });
  try {
    // An --accounts file the user named must exist; the default beside the input is optional.
    const accountsSource = opts.accounts ?? input;
    for (const r of await readAccounts(accountsSource, { quarantine, explicit: opts.accounts !== undefined })) detector.addAccount(r);
    const daily = createDailyCounter();
    let late = 0;
    let last = '';
    for await (const batch of readExchanges(input, { quarantine, progress: opts.progress, stdin: opts.stdin })) {
      for (const ex of batch) {
        if (ex.ts < last && Date.parse(ex.ts) < Date.parse(last)) late++;
        else last = ex.ts;
        detector.step(ex);
        daily.add(ex.account, ex.ts);
      }
    }
    const result = detector.result();
    daily.fill(result.campaigns);
    result.stats.quarantined = quarantine.total;
    const accountsPath = join(opts.out, 'accounts.jsonl');
    await writeLines(accountsPath, result.accounts.map((a) => JSON.stringify(a)));
    const campaignsPath = join(opts.out, 'campaigns.json');
    writeFileSync(campaignsPath, JSON.stringify(result.campaigns, null, 1) + '\n');
    writeFileSync(join(opts.out, 'stats.json'), JSON.stringify({ ...result.stats, late, checkpoints: detector.checkpoints }, null, 1) + '\n');
    return { result, accountsPath, campaignsPath, quarantinePath: quarantine.path, late };
  } finally {
    quarantine.close();
  }
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
