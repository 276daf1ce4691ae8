/**
 * `moat report DIR [--out DIR2]`: campaign reports from `moat scan --out DIR` output:
 * report.html (self-contained), report.json (versioned schema) and stix.json (STIX 2.1).
 * Only wiring; the work is in src/report.
 */
import type { Command } from 'commander';
import { reportJsonSchema, writeReports } from '../../report/index.js';
import { integerOption } from '../number-option.js';
import { createProgress } from '../progress.js';

interface ReportCliOptions {
  out?: string;
  producer?: string;
  tlp: string;
  includeClear?: boolean;
  maxGraphNodes: string;
  printSchema?: boolean;
  quiet?: boolean;
}

const TLPS = ['white', 'green', 'amber', 'red'] as const;

export function register(program: Command): void {
  program
    .command('report')
    .description('write report.html, report.json and stix.json from `moat scan --out DIR` output')
    .argument('[dir]', 'scan output directory (accounts.jsonl, campaigns.json, optional summary.json)')
    .option('-o, --out <dir>', 'where to write the reports (default: the scan directory)')
    .option('--producer <name>', 'your organisation, named in the report and as the STIX identity', 'Moat')
    .option('--tlp <level>', `TLP marking on the STIX bundle (${TLPS.join(', ')})`, 'amber')
    .option('--include-clear', 'list clear accounts in the table too (default: flagged only)')
    .option('--max-graph-nodes <n>', 'account graph sample size (more costs browser CPU while the layout settles)', '800')
    .option('--print-schema', 'print the JSON Schema of report.json and exit')
    .option('-q, --quiet', 'no progress bar, no summary line')
    .addHelpText(
      'after',
      `
Examples:
  $ moat scan logs/ --out scan/ && moat report scan/
  $ moat report scan/ --out reports/ --producer "Example AI" --tlp green
  $ moat report --print-schema > docs/schema/report.schema.json

Invalid records in the scan output are skipped and listed (file:line and reason) on stderr and in the report.
Exit status: 0 written, 1 bad options or unreadable scan output.`,
    )
    .action(async (dir: string | undefined, opts: ReportCliOptions) => {
      if (opts.printSchema) {
        process.stdout.write(JSON.stringify(reportJsonSchema(), null, 2) + '\n');
        return;
      }
      if (!dir) throw new Error('report: missing scan directory (moat report DIR)');
      if (!(TLPS as readonly string[]).includes(opts.tlp)) throw new Error(`--tlp: expected one of ${TLPS.join(', ')}, got ${JSON.stringify(opts.tlp)}`);
      const maxNodes = integerOption('--max-graph-nodes', opts.maxGraphNodes, { min: 1, max: 20_000 });
      const progress = createProgress({ label: 'report', unit: 'items', quiet: opts.quiet });
      progress.start(5);
      const result = await writeReports(dir, opts.out ?? dir, {
        producer: opts.producer,
        includeClear: opts.includeClear,
        graph: { maxNodes },
        stix: { tlp: opts.tlp as (typeof TLPS)[number] },
        onStep: (_step, i) => progress.update(i),
      });
      progress.update(5);
      progress.stop();
      for (const p of result.problems.slice(0, 10)) process.stderr.write(`moat report: skipped ${p.where}: ${p.reason}\n`);
      if (result.problemCount > 10) process.stderr.write(`moat report: … ${result.problemCount - 10} more skipped records\n`);
      if (!opts.quiet) {
        process.stderr.write(`moat report: ${result.headline}\n`);
        for (const f of result.files) process.stderr.write(`  ${f.path} (${(f.bytes / 1e6).toFixed(1)} MB)\n`);
      }
    });
}
