/**
 * `moat` command line. Only wiring: each command lives in ./commands/<name>.ts and exports
 * `register(program)`; the work happens in the pipeline stages under src/.
 */
import { Command } from 'commander';
type Registrar = (program: Command) => void;

// commands: one loader a line, keep sorted. Loaded lazily so that `moat simulate` does not pay
// for loading the gateway, the report renderer and the detector (≈ 0.6 s of CPU at start-up).
const COMMANDS: Record<string, () => Promise<{ register: Registrar }>> = {
  convert: () => import('./commands/convert.js'),
  detect: () => import('./commands/detect.js'),
  eval: () => import('./commands/eval.js'),
  gateway: () => import('./commands/gateway.js'),
  report: () => import('./commands/report.js'),
  scan: () => import('./commands/scan.js'),
  serve: () => import('./commands/serve.js'),
  simulate: () => import('./commands/simulate.js'),
  validate: () => import('./commands/validate.js'),
};
// end commands

/** The command argv names, when it names one we know (the first argument that is not an option). */
function commandIn(argv: readonly string[]): string | undefined {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}


/**
 * Build the CLI. With `argv`, only the command it names is loaded (all of them when it names none).
 * @example await (await buildProgram()).parseAsync(['node', 'moat', 'scan', 'logs/', '--out', 'scan/'])
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
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
  // register: only the command argv names, or all of them (for help and unknown commands)
  const only = argv === undefined ? undefined : commandIn(argv);
  const names = only !== undefined ? [only] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const module of modules) module.register(program);
  // end register
  return program;
}

/** Parse argv and run; errors become one line on stderr and a non-zero exit. */
export async function run(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`moat: ${message}\n`);
    const code = (err as { exitCode?: unknown })?.exitCode;
    process.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
  }
}
