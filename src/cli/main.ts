/**
 * `moat` command line. Only wiring: each command lives in ./commands/<name>.ts and exports
 * `register(program)`; the work happens in the pipeline stages under src/.
 */
import { Command } from 'commander';
// commands: one import a line, keep sorted
import { register as registerConvert } from './commands/convert.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerGateway } from './commands/gateway.js';
import { register as registerReport } from './commands/report.js';
import { register as registerScan } from './commands/scan.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerSimulate } from './commands/simulate.js';
import { register as registerValidate } from './commands/validate.js';
// end commands

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('moat')
    .description('Detect and stop distillation campaigns in LLM API traffic.')
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Examples:
  $ moat simulate --scenario small --seed 1 --out sim/        # traffic with campaigns hidden in it
  $ moat scan sim/ --out scan/ --report                       # verdicts, campaigns, report.html
  $ moat eval --data sim/ --verdicts scan/accounts.jsonl      # score against the simulator's truth
  $ moat validate logs/exchanges.jsonl.gz --out clean/        # bad lines → clean/quarantine.jsonl
  $ moat convert --from litellm litellm.jsonl converted/      # foreign formats → the log contract
  $ moat gateway --upstream https://api.example.com --keys keys.json

Each command has its own --help with examples. Docs: README.md and docs/.`,
    );
  // register: one call a line, keep sorted
  registerConvert(program);
  registerEval(program);
  registerGateway(program);
  registerReport(program);
  registerScan(program);
  registerServe(program);
  registerSimulate(program);
  registerValidate(program);
  // end register
  return program;
}

/** Parse argv and run; errors become one line on stderr and a non-zero exit. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`moat: ${message}\n`);
    const code = (err as { exitCode?: unknown })?.exitCode;
    process.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
  }
}
