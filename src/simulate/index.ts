/**
 * Traffic simulator: legit personas and distillation campaigns as exchange logs in Moat's contract
 * (exchanges.jsonl time-ordered, accounts.jsonl, truth.jsonl). Deterministic for a seed; streams
 * in memory proportional to the number of accounts, not exchanges.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ProgressSink } from '../cli/progress.js';
import { LOG_FILES } from '../core/exchange.js';
import { accountLines, exchangeChunks, truthLines, type MergeStats } from './generate.js';
import { buildPopulation, expectedExchanges, type Population } from './population.js';
import { builtinPools, loadPromptDir, type PromptPools } from './prompts.js';
import { scenario } from './scenarios.js';
import { finish, pump } from './sink.js';

export { SCENARIOS, scenario, type Scenario } from './scenarios.js';
export { PERSONAS, HARD_NEGATIVES, type Persona } from './personas.js';
export { STRATEGIES, type Strategy, type CampaignSpec } from './strategies.js';
export { buildPopulation, expectedExchanges, type Population } from './population.js';
export { exchangeChunks, accountLines, truthLines } from './generate.js';
export { builtinPools, loadPromptDir } from './prompts.js';

export interface SimulateOptions {
  scenario: string;
  seed: number;
  scale?: number;
  /** Folder of prompt datasets (see /work/shared/realdata); built-in sample when absent. */
  prompts?: string;
  /** Stop after this many exchanges. */
  limit?: number;
  /** Progress in exchanges, started with the expected total. */
  progress?: ProgressSink;
}

export interface SimulateResult {
  accounts: number;
  exchanges: number;
  expected: number;
  /** Reader closed early (EPIPE). */
  closed: boolean;
}

/** Build the population and prompt pools for the options. */
export function prepare(opts: SimulateOptions): { pop: Population; pools: PromptPools } {
  const pop = buildPopulation(scenario(opts.scenario, opts.scale ?? 1), opts.seed);
  const pools = opts.prompts ? loadPromptDir(opts.prompts) : builtinPools();
  return { pop, pools };
}

/** Write accounts.jsonl and truth.jsonl into dir (created if needed). */
export function writeSideFiles(pop: Population, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOG_FILES.accounts), accountLines(pop));
  writeFileSync(join(dir, LOG_FILES.truth), truthLines(pop));
}

/** Stream exchanges to a writable (stdout or a file), side files first when sideDir is given. */
export async function simulateToStream(opts: SimulateOptions, out: Writable, sideDir?: string): Promise<SimulateResult> {
  return streamPrepared(prepare(opts), opts, out, sideDir);
}

async function streamPrepared(prepared: { pop: Population; pools: PromptPools }, opts: SimulateOptions, out: Writable, sideDir?: string): Promise<SimulateResult> {
  const { pop, pools } = prepared;
  if (sideDir) writeSideFiles(pop, sideDir);
  const stats: MergeStats = { exchanges: 0, live: 0 };
  const expected = Math.min(expectedExchanges(pop), opts.limit ?? Infinity);
  opts.progress?.start(expected);
  const res = await pump(exchangeChunks(pop, pools, { limit: opts.limit }, stats), out, () => opts.progress?.update(stats.exchanges));
  opts.progress?.update(stats.exchanges);
  opts.progress?.stop();
  return { accounts: pop.plans.length, exchanges: stats.exchanges, expected, closed: res.closed };
}

/**
 * Write a complete log directory: accounts.jsonl, truth.jsonl, exchanges.jsonl. Options are
 * checked (scenario, prompts) before anything is created.
 * @example await simulateToDir({ scenario: 'small', seed: 1 }, 'out/small')
 */
export async function simulateToDir(opts: SimulateOptions, dir: string): Promise<SimulateResult> {
  const prepared = prepare(opts);
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, LOG_FILES.exchanges), { highWaterMark: 1 << 20 });
  const res = await streamPrepared(prepared, opts, out, dir);
  await finish(out);
  return res;
}
