/**
 * Test helper: run `moat` commands in-process the way main.ts does, capturing stdout, stderr and
 * the exit code (an error becomes one `moat: …` line on stderr, as in `run()`).
 */
import { Command } from 'commander';

export interface CliRun {
  out: string;
  err: string;
  code: number;
}

export interface RunOptions {
  /** Let errors reject the promise instead of turning them into stderr + exit code. */
  rethrow?: boolean;
}

/**
 * @example const r = await runInProcess([registerValidate], ['validate', 'log.jsonl', '-q']); r.code
 */
export async function runInProcess(registers: ((program: Command) => void)[], args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const program = new Command().name('moat').exitOverride();
  for (const register of registers) register(program);
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  let code = 0;
  try {
    await program.parseAsync(['node', 'moat', ...args]);
  } catch (e) {
    if (opts.rethrow) throw e;
    const c = (e as { exitCode?: number }).exitCode;
    if ((e as { code?: string }).code !== 'commander.helpDisplayed') {
      err.push(`moat: ${(e as Error).message}\n`);
      code = typeof c === 'number' && c !== 0 ? c : 1;
    }
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { out: out.join(''), err: err.join(''), code };
}
