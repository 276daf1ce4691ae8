/** `moat validate IN --out DIR`: check every record of a log, split it into valid and quarantined. */
import type { Command } from 'commander';
import { validateLog } from '../../ingest/validate-log.js';
import { integerOption } from '../number-option.js';
import { createProgress } from '../progress.js';
import { finish } from '../../ingest/summary.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check every record of an exchange log; write valid ones (key hashed) and quarantine the rest')
    .argument('<input>', 'exchanges file, directory holding exchanges.jsonl, or - for stdin (gzip detected)')
    .option('-o, --out <dir>', 'output directory for exchanges.jsonl and quarantine.jsonl', 'out/validate')
    .option('--max-line-bytes <n>', 'quarantine lines longer than this without reading them into memory', (v) => integerOption('--max-line-bytes', v, { min: 1 }), 8 * 1024 * 1024)
    .option('--strict', 'exit 1 when any line was quarantined')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ moat validate logs/exchanges.jsonl --out out/clean
  $ moat validate logs/ --out out/clean          # a directory holding exchanges.jsonl
  $ zcat day.jsonl.gz | moat validate - -o out    # stdin; gzip is also detected by itself
  $ MOAT_KEY_SECRET=... moat validate logs/ --strict

Bad lines go to DIR/quarantine.jsonl as {file, line, field, reason, detail, raw}; raw is cut to
1 KB with secrets removed. API keys are hashed with MOAT_KEY_SECRET as they are read.
Exit status: 0 done, 1 --strict and something was quarantined, 2 input unreadable.`,
    )
    .action(async (input: string, opts: { out: string; maxLineBytes: number; strict?: boolean; quiet?: boolean }) => {
      const progress = createProgress({ label: 'validate', quiet: opts.quiet });
      const result = await validateLog(input, opts.out, { maxLineBytes: opts.maxLineBytes, progress });
      finish(result, 'validated', { strict: opts.strict });
    });
}
