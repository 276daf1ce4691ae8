/**
 * `moat simulate`: wiring only; the simulator lives in src/simulate.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { SCENARIOS, simulateToDir, simulateToStream, type SimulateOptions } from '../../simulate/index.js';
import { integerOption, toNumber } from '../number-option.js';
import { createProgress } from '../progress.js';

interface Flags {
  scenario: string;
  seed: string;
  scale?: string;
  elicitScale?: string;
  prompts?: string;
  out: string;
  side?: string;
  limit?: string;
  threads?: string;
  quiet?: boolean;
}

function num(name: string, v: string): number {
  const n = toNumber(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${v}"`);
  return n;
}

/** @example moat simulate --scenario small --seed 1 --out data/small */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('generate synthetic API traffic with legit personas and hidden distillation campaigns (exchanges, accounts, truth)')
    .option('--scenario <name>', `scenario: ${Object.keys(SCENARIOS).join(', ')}`, 'small')
    .option('--seed <n>', 'random seed (same seed, same bytes)', '1')
    .option('--scale <x>', 'multiply account counts and campaign volume')
    .option('--elicit-scale <x>', "red-team stress: multiply every campaign's share of requests that ask for the reasoning (0 = fleets that never ask; their ceiling riding and reasoning mode fall with it; legitimate traffic unchanged)")
    .option('--prompts <dir>', 'folder of prompt datasets (one subfolder with prompts.jsonl each)')
    .requiredOption('--out <dir|->', 'output folder, or - to stream exchanges.jsonl to stdout')
    .option('--side <dir>', 'with --out -: folder for accounts.jsonl and truth.jsonl (written first)')
    .option('--limit <n>', 'stop after n exchanges')
    .option(
      '--threads <n>',
      'generator worker threads, merged into the same bytes (default with --out - on 2+ CPUs: 2; otherwise 0, the main thread)',
    )
    .option('-q, --quiet', 'no progress bar')
    .action(async (f: Flags) => {
      const toStdout = f.out === '-';
      const opts: SimulateOptions = {
        scenario: f.scenario,
        seed: integerOption('--seed', f.seed, { min: 0 }),
        scale: f.scale === undefined ? 1 : num('--scale', f.scale),
        elicitScale: f.elicitScale === undefined ? 1 : num('--elicit-scale', f.elicitScale),
        prompts: f.prompts,
        limit: f.limit === undefined ? undefined : integerOption('--limit', f.limit, { min: 0 }),
        threads: f.threads === undefined ? defaultThreads(toStdout) : integerOption('--threads', f.threads, { min: 0 }),
        progress: createProgress({ label: 'simulate', unit: 'items', quiet: f.quiet }),
      };
      if (!toStdout && f.side) throw new Error('--side is only for --out -');
      const res = toStdout ? await simulateToStream(opts, process.stdout, f.side) : await simulateToDir(opts, f.out);
      if (toStdout && !f.side && !f.quiet) process.stderr.write('moat simulate: no --side DIR given, accounts.jsonl and truth.jsonl were not written\n');
      if (!toStdout && !f.quiet) {
        process.stderr.write(`moat simulate: ${res.exchanges} exchanges, ${res.accounts} accounts → ${f.out}\n`);
      }
    });
}

/**
 * Streaming to a pipe, two generator workers measured 1.07–1.48× the main-thread rate on a quiet
 * 2-core machine (docs/benchmarks.md); writing files, and on one CPU, the main thread is enough.
 */
function defaultThreads(toStdout: boolean): number {
  return toStdout && availableParallelism() >= 2 ? 2 : 0;
}
