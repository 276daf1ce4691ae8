/** `moat scan IN --out DIR`: online campaign detection over an exchange log. */
import type { Command } from 'commander';
import { writeReports } from '../../report/index.js';
import { runScan } from '../../verdict/run-scan.js';
import { integerOption } from '../number-option.js';
import { createProgress } from '../progress.js';

export interface ScanCliOptions {
  out: string;
  accounts?: string;
  config?: string;
  allowlist?: string;
  seed: number;
  quiet?: boolean;
  report?: boolean | string;
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('decide online which accounts belong to a distillation campaign, and why')
    .argument('<input>', 'exchanges file, directory holding exchanges.jsonl (+ accounts.jsonl), or - for stdin (gzip detected)')
    .option('-o, --out <dir>', 'output directory: accounts.jsonl, campaigns.json, stats.json, quarantine.jsonl', 'out/scan')
    .option('--accounts <file>', 'accounts side file (default: accounts.jsonl in or beside the input)')
    .option('--config <file>', 'thresholds overriding src/rules/defaults.yaml (partial, same shape)')
    .option('--allowlist <file>', 'known customers: {entries: [{account|org|payment|email_domain, action: clear|lower, note}]}')
    .option('--seed <n>', 'seed of community detection', (v) => integerOption('--seed', v, { min: 0 }), 1)
    .option('--report [dir]', 'also write report.html, report.json and stix.json (default: into the --out directory)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ moat scan sim/ --out out/scan
  $ moat scan sim/ --out out/scan --report          # + report.html, report.json, stix.json
  $ moat simulate --scenario medium --seed 1 --out - --side sim | moat scan - --accounts sim/accounts.jsonl --out out/scan
  $ moat scan logs/exchanges.jsonl.gz --config my-thresholds.yaml --allowlist customers.yaml

Every account seen gets one line in accounts.jsonl: {account, verdict, campaign, score, flagged_at,
reasons}. flagged_at is the event time of the exchange after which the detector, having seen only
what came before, first flagged the account. Rules: src/rules/data; thresholds: docs/detection.md.

Environment: MOAT_KEY_SECRET (per-deployment secret for hashing API keys);
MOAT_SCAN_WORKER=0 keeps reading on the main thread (by default, on 2+ cores, logs of 32 MiB or
more and a piped stdin are read, validated and turned into signals on a worker thread).`,
    )
    .action(async (input: string, opts: ScanCliOptions) => {
      const progress = createProgress({ label: 'scan', quiet: opts.quiet });
      const out = await runScan(input, { out: opts.out, accounts: opts.accounts, config: opts.config, allowlist: opts.allowlist, seed: opts.seed, progress });
      const r = out.result;
      const flagged = r.accounts.filter((a) => a.flagged_at !== null).length;
      const suspects = r.accounts.filter((a) => a.verdict === 'suspect').length;
      process.stdout.write(
        `scanned ${r.stats.exchanges} exchanges, ${r.stats.accounts} accounts: ${r.campaigns.length} campaigns, ${flagged} flagged, ${suspects} suspect, ${r.stats.quarantined} quarantined` +
          (out.late ? `, ${out.late} out of order` : '') +
          `\nwrote ${out.accountsPath} and ${out.campaignsPath}\n`,
      );
      if (r.stats.account_records === 0 && r.stats.exchanges > 0) {
        // Without account metadata the sign-up, payment, e-mail and verified-organisation links are
        // missing: recall drops and declared customers lose their protection (docs/evaluation.md).
        process.stderr.write(
          'note: no account records (accounts side file) were read, so detection used the exchange log alone: ' +
            'no sign-up, payment, e-mail or verified-organisation links. Expect lower recall and later flags; ' +
            'pass --accounts FILE, or --allowlist for known customers (docs/evaluation.md, "The exchange log alone").\n',
        );
      }
      if (opts.report) {
        // Through the scan directory, so the report shows exactly what scan wrote.
        const reportDir = typeof opts.report === 'string' ? opts.report : opts.out;
        const written = await writeReports(opts.out, reportDir);
        process.stdout.write(`wrote ${written.files.map((f) => f.path).join(', ')}\n`);
      }
    });
}
