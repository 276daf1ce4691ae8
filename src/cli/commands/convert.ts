/** `moat convert --from FORMAT IN OUT`: turn a foreign log (gateway/provider capture) into the contract. */
import type { Command } from 'commander';
import { adapters } from '../../ingest/adapters/index.js';
import { convertLog } from '../../ingest/convert-log.js';
import { createProgress } from '../progress.js';
import { finish } from '../../ingest/summary.js';
import { integerOption } from '../number-option.js';

export function register(program: Command): void {
  program
    .command('convert')
    .description('convert a foreign log format into Moat exchanges (exchanges.jsonl + quarantine.jsonl)')
    .requiredOption('-f, --from <format>', `source format (${adapters.map((a) => a.name).sort().join(', ') || 'none registered'})`)
    .argument('<input>', 'source file, or - for stdin (gzip detected)')
    .argument('<out>', 'output directory')
    .option('--max-line-bytes <n>', 'quarantine lines longer than this without reading them into memory', (v) => integerOption('--max-line-bytes', v, { min: 1 }), 8 * 1024 * 1024)
    .option('--account-from <paths>', 'where to read the account id, comma-separated dotted paths / attribute names tried first', (v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .option('--strict', 'exit 1 when any line was quarantined')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ moat convert --from openai-chat capture.jsonl out/converted
  $ moat convert --from anthropic messages.jsonl.gz out/converted
  $ cat spans.jsonl | moat convert --from otel-genai - out/converted
  $ moat convert --from litellm spend.jsonl out/converted --account-from metadata.user_api_key_team_id

Formats:
${adapters.map((a) => `  ${a.name.padEnd(18)} ${a.description}`).join('\n') || '  (none registered)'}

Records the adapter rejects go to OUT/quarantine.jsonl with the field and reason.
Exit status: 0 done, 1 --strict and something was quarantined, 2 unknown format or unreadable input.`,
    )
    .action(async (input: string, out: string, opts: { from: string; maxLineBytes: number; accountFrom?: string[]; strict?: boolean; quiet?: boolean }) => {
      const progress = createProgress({ label: `convert ${opts.from}`, quiet: opts.quiet });
      const result = await convertLog(opts.from, input, out, { maxLineBytes: opts.maxLineBytes, accountFrom: opts.accountFrom, progress });
      finish(result, 'converted', { strict: opts.strict });
    });
}
