/**
 * What every simulator path starts from: the options, the population and prompt pools they name,
 * and the side files (accounts.jsonl, truth.jsonl). Shared by the in-process path (index.ts) and
 * the generator workers (shard-worker.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressSink } from '../cli/progress.js';
import { LOG_FILES } from '../core/exchange.js';
import { accountLines, truthLines } from './generate.js';
import { buildPopulation, type Population } from './population.js';
import { builtinPools, loadPromptDir, type PromptPools } from './prompts.js';
import { scenario } from './scenarios.js';

export interface SimulateOptions {
  scenario: string;
  seed: number;
  scale?: number;
  /** Multiplies every campaign's share of reasoning-eliciting requests (0–1; see CampaignSpec.elicitScale). */
  elicitScale?: number;
  /** Folder of prompt datasets (see /work/shared/realdata); built-in sample when absent. */
  prompts?: string;
  /** Stop after this many exchanges. */
  limit?: number;
  /** Progress in exchanges, started with the expected total. */
  progress?: ProgressSink;
  /**
   * Generator worker threads: 0 (default) generates on the calling thread; n ≥ 2 splits the
   * accounts into n shards, each generated on its own worker and merged on the calling thread; 1
   * generates on one worker while the calling thread writes. Same bytes for every n. n = 2 costs
   * ~2× the peak RSS of 0; it was 1.1–1.5× faster on a quiet 2-core machine and ~0.5× on a loaded
   * one (docs/benchmarks.md), so the library default is 0 and the CLI picks 2 only for `--out -`.
   */
  threads?: number;
}

/**
 * Build the population and prompt pools for the options.
 * @example const { pop, pools } = prepare({ scenario: 'small', seed: 1 });
 */
export function prepare(opts: SimulateOptions): { pop: Population; pools: PromptPools } {
  const pop = buildPopulation(scenario(opts.scenario, opts.scale ?? 1, opts.elicitScale ?? 1), opts.seed);
  const pools = opts.prompts ? loadPromptDir(opts.prompts) : builtinPools();
  return { pop, pools };
}

/**
 * Write accounts.jsonl and truth.jsonl into dir (created if needed).
 * @example writeSideFiles(pop, 'out/small')
 */
export function writeSideFiles(pop: Population, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOG_FILES.accounts), accountLines(pop));
  writeFileSync(join(dir, LOG_FILES.truth), truthLines(pop));
}
