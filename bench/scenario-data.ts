/**
 * The simulated log a bench reads: the directory BENCH_DATA names, else out/bench/<scenario>,
 * simulated once (seed 1) with the built CLI when its exchanges.jsonl is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @example const { dir, file } = benchData('medium'); // file: DIR/exchanges.jsonl
 */
export function benchData(scenario: 'small' | 'medium'): { dir: string; file: string } {
  const dir = process.env.BENCH_DATA ?? `out/bench/${scenario}`;
  const file = join(dir, 'exchanges.jsonl');
  if (!existsSync(file)) {
    console.log(`simulating ${scenario} (seed 1) into ${dir} …`);
    execFileSync('node', ['bin/moat.js', 'simulate', '--scenario', scenario, '--seed', '1', '--out', dir, '--quiet'], { stdio: 'inherit' });
  }
  return { dir, file };
}
