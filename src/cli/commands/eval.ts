/**
 * `moat eval`: wiring only; scoring lives in src/eval.
 */
import type { Command } from 'commander';
import { formatEval, runEval } from '../../eval/index.js';
import { createProgress } from '../progress.js';

/** @example moat eval --data sim/ --verdicts out/scan/accounts.jsonl */
export function register(program: Command): void {
  program
    .command('eval')
    .description('score verdicts against simulator truth: recall, precision, false positives per persona, leakage, delay, purity')
    .requiredOption('--data <dir>', 'log folder from `moat simulate` (exchanges.jsonl, truth.jsonl)')
    .requiredOption('--verdicts <file>', 'accounts.jsonl from `moat scan --out DIR`')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'no progress bar')
    .action(async (f: { data: string; verdicts: string; json?: boolean; quiet?: boolean }) => {
      const run = await runEval({ data: f.data, verdicts: f.verdicts, progress: createProgress({ label: 'eval', unit: 'items', quiet: f.quiet }) });
      if (f.json) {
        process.stdout.write(
          JSON.stringify(
            { ...run.result, input: { bad_verdict_lines: run.badVerdictLines, quarantined_exchanges: run.quarantinedExchanges, bad_timestamps: run.badTimestamps } },
            null,
            2,
          ) + '\n',
        );
      } else {
        process.stdout.write(formatEval(run.result));
      }
      if (run.badVerdictLines.length > 0) {
        const first = run.badVerdictLines[0];
        process.stderr.write(`moat eval: ${run.badVerdictLines.length} bad verdict line(s) skipped (first: ${f.verdicts}:${first.line} ${first.reason})\n`);
      }
    });
}
