/**
 * Traffic simulator: legit personas and distillation campaigns as exchange logs in Moat's contract
 * (exchanges.jsonl time-ordered, accounts.jsonl, truth.jsonl). Deterministic for a seed; streams
 * in memory proportional to the number of accounts, not exchanges.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LOG_FILES } from '../core/exchange.js';
import { exchangeChunks, type MergeStats } from './generate.js';
import { expectedExchanges, type Population } from './population.js';
import { prepare, writeSideFiles, type SimulateOptions } from './prepare.js';
import { loadPromptDir, type PromptPools } from './prompts.js';
import { scenario } from './scenarios.js';
import { finish, pump } from './sink.js';
import { simulateThreaded } from './threads.js';

export { SCENARIOS, scenario, type Scenario } from './scenarios.js';
export { PERSONAS, HARD_NEGATIVES, type Persona } from './personas.js';
export { STRATEGIES, type Strategy, type CampaignSpec } from './strategies.js';
export { buildPopulation, expectedExchanges, type Population } from './population.js';
export { exchangeChunks, accountLines, truthLines } from './generate.js';
export { builtinPools, loadPromptDir } from './prompts.js';
export { prepare, writeSideFiles, type SimulateOptions } from './prepare.js';
export { simulateThreaded } from './threads.js';

export interface SimulateResult {
  accounts: number;
  exchanges: number;
  expected: number;
  /** Reader closed early (EPIPE). */
  closed: boolean;
}

/** Throw what prepare() would throw on bad options (unknown scenario, bad prompts folder), without building the population. */
function checkOptions(opts: SimulateOptions): null {
  scenario(opts.scenario, opts.scale ?? 1, opts.elicitScale ?? 1);
  if (opts.prompts) loadPromptDir(opts.prompts);
  return null;
}

/** Stream exchanges to a writable (stdout or a file), side files first when sideDir is given. */
export async function simulateToStream(opts: SimulateOptions, out: Writable, sideDir?: string): Promise<SimulateResult> {
  const threads = opts.threads ?? 0;
  if (threads > 0) return simulateThreaded(opts, threads, out, sideDir);
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
  const threads = opts.threads ?? 0;
  // Options are checked (scenario, prompts) before anything is created; workers build their own population.
  const prepared = threads > 0 ? checkOptions(opts) : prepare(opts);
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, LOG_FILES.exchanges), { highWaterMark: 1 << 20 });
  const res = prepared === null ? await simulateThreaded(opts, threads, out, dir) : await streamPrepared(prepared, opts, out, dir);
  await finish(out);
  return res;
}
