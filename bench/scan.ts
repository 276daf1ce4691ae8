/**
 * Scan throughput: in one run, a bare JSON.parse pass over the exchange log vs the full
 * `moat scan` pipeline (validation, signals, sketches, graph, checkpoints, output) over the same
 * file; median of several runs. Then memory: bytes held per account after a full scan (heap +
 * typed arrays, after GC) / accounts seen.
 *
 *   npm run bench -- scan                    # medium scenario, seed 1 (simulated once into out/bench/medium)
 *   BENCH_DATA=DIR BENCH_RUNS=5 npm run bench -- scan
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runScan } from '../src/verdict/run-scan.js';

const data = process.env.BENCH_DATA ?? 'out/bench/medium';
const runs = Number(process.env.BENCH_RUNS ?? 3);
if (!existsSync(join(data, 'exchanges.jsonl'))) {
  console.log(`simulating medium (seed 1) into ${data} …`);
  execFileSync('node', ['bin/moat.js', 'simulate', '--scenario', 'medium', '--seed', '1', '--out', data, '--quiet'], { stdio: 'inherit' });
}
const file = join(data, 'exchanges.jsonl');

async function parseOnly(): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      n++;
    }
  }
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const parseMs: number[] = [], scanMs: number[] = [];
let exchanges = 0;
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  exchanges = await parseOnly();
  parseMs.push(performance.now() - t);
  const out = mkdtempSync(join(tmpdir(), 'moat-bench-scan-'));
  t = performance.now();
  await runScan(data, { out });
  scanMs.push(performance.now() - t);
  rmSync(out, { recursive: true, force: true });
  console.log(`run ${r + 1}: JSON.parse ${(parseMs[r] / 1000).toFixed(2)} s, scan ${(scanMs[r] / 1000).toFixed(2)} s, ratio ${(scanMs[r] / parseMs[r]).toFixed(2)}`);
}
const p = median(parseMs), s = median(scanMs);
console.log(`exchanges: ${exchanges}`);
console.log(`median JSON.parse pass: ${(p / 1000).toFixed(2)} s (${Math.round(exchanges / (p / 1000))} lines/s)`);
console.log(`median full scan:       ${(s / 1000).toFixed(2)} s (${Math.round(exchanges / (s / 1000))} exchanges/s)`);
console.log(`scan / JSON.parse (median of per-run ratios): ${median(scanMs.map((x, k) => x / parseMs[k])).toFixed(2)}×`);

// memory: measured in a fresh process each (bench/scan-memory.ts), so nothing above skews it
for (const mode of ['sketch', 'synthetic', 'log']) {
  const out = execFileSync('node', ['--expose-gc', '--import', 'tsx', 'bench/scan-memory.ts', mode, data], { encoding: 'utf8' });
  process.stdout.write(out);
}
