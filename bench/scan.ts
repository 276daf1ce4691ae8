/**
 * Scan throughput: in one run, a bare JSON.parse pass over the exchange log vs the full
 * `moat scan` pipeline (validation, signals, sketches, graph, checkpoints, output) over the same
 * file, with a pool of reader threads (MOAT_SCAN_READERS, else defaultReaders(), at least 2),
 * with one reader thread (the default on 2 cores), and all on one thread,
 * and the reader worker alone (the two-thread scan's ceiling); median of several runs (also CPU time of the process, which shows the two-thread overhead). Then memory: bytes held per account after a full scan (heap +
 * typed arrays, after GC) / accounts seen.
 *
 *   npm run bench -- scan                    # medium scenario, seed 1 (simulated once into out/bench/medium)
 *   BENCH_DATA=DIR BENCH_RUNS=5 npm run bench -- scan
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createQuarantine } from '../src/ingest/quarantine.js';
import { defaultReaders, runScan } from '../src/verdict/run-scan.js';
import { pipeExchanges } from '../src/verdict/scan-pipe.js';
import { envNumber } from './env.js';
import { benchData } from './scenario-data.js';

const runs = envNumber('BENCH_RUNS', 3, { integer: true, min: 1 });
const { dir: data, file } = benchData('medium');

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
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const parseMs: number[] = [], twoMs: number[] = [], oneMs: number[] = [], twoCpu: number[] = [], oneCpu: number[] = [];
const poolMs: number[] = [], poolCpu: number[] = [];
// the pool: MOAT_SCAN_READERS or the default, at least 2 (on 2 cores the default is one reader)
const readers = Math.max(2, defaultReaders());
const dflt = (n: number): string => (n === defaultReaders() ? ' (default here)' : '');
const readerMs: number[] = [], readerCpu: number[] = [], parseCpu: number[] = [];
/** The reader worker alone (read, validate, hash keys, extract signals, encode; decode here): the two-thread scan's ceiling. */
async function timeReader(): Promise<void> {
  const c = cpuNow();
  const t = performance.now();
  for await (const b of pipeExchanges(file, { quarantine: createQuarantine(null) })) void b;
  readerMs.push(performance.now() - t);
  readerCpu.push(cpuNow() - c);
}
let exchanges = 0;
async function timeScan(worker: boolean, wall: number[], cpu: number[], readers = 1): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'moat-bench-scan-'));
  const c = cpuNow();
  const t = performance.now();
  await runScan(data, { out, worker, readers });
  wall.push(performance.now() - t);
  cpu.push(cpuNow() - c);
  rmSync(out, { recursive: true, force: true });
}
const s1 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (let r = 0; r < runs; r++) {
  const c = cpuNow();
  const t = performance.now();
  exchanges = await parseOnly();
  parseMs.push(performance.now() - t);
  parseCpu.push(cpuNow() - c);
  await timeReader();
  // alternate the order so neither path always runs on a warmer (or busier) machine
  const order = [() => timeScan(true, poolMs, poolCpu, readers), () => timeScan(true, twoMs, twoCpu, 1), () => timeScan(false, oneMs, oneCpu)];
  for (let k = 0; k < order.length; k++) await order[(k + r) % order.length]();
  console.log(`run ${r + 1}: JSON.parse ${s1(parseMs[r])} (cpu ${s1(parseCpu[r])}), reader alone ${s1(readerMs[r])} (cpu ${s1(readerCpu[r])}), scan ${readers} readers ${s1(poolMs[r])} (cpu ${s1(poolCpu[r])}, ratio ${(poolMs[r] / parseMs[r]).toFixed(2)}), one reader thread ${s1(twoMs[r])} (cpu ${s1(twoCpu[r])}, ratio ${(twoMs[r] / parseMs[r]).toFixed(2)}), one thread ${s1(oneMs[r])} (cpu ${s1(oneCpu[r])}, ratio ${(oneMs[r] / parseMs[r]).toFixed(2)}); load average ${loadavg()[0].toFixed(1)}`);
}
const p = median(parseMs);
console.log(`exchanges: ${exchanges}`);
const us = (ms: number) => `${((ms * 1000) / exchanges).toFixed(2)} µs`;
console.log(`median JSON.parse pass: ${s1(p)} (${Math.round(exchanges / (p / 1000))} lines/s), cpu ${us(median(parseCpu))} a line`);
console.log(`median reader alone (worker + decode): ${s1(median(readerMs))} (${Math.round(exchanges / (median(readerMs) / 1000))} exchanges/s), cpu ${us(median(readerCpu))} an exchange; cpu / JSON.parse cpu (median of per-run ratios): ${median(readerCpu.map((x, k) => x / parseCpu[k])).toFixed(2)}×`);
for (const [name, xs, cpu] of [[`${readers} reader threads + engine${dflt(readers)}`, poolMs, poolCpu], [`one reader thread + engine${dflt(1)}`, twoMs, twoCpu], ['one thread', oneMs, oneCpu]] as const) {
  const s = median(xs);
  console.log(`median full scan, ${name}: ${s1(s)} (${Math.round(exchanges / (s / 1000))} exchanges/s), cpu ${s1(median(cpu))} (${us(median(cpu))} an exchange); scan / JSON.parse (median of per-run ratios): ${median(xs.map((x, k) => x / parseMs[k])).toFixed(2)}×, cpu / JSON.parse cpu ${median(cpu.map((x, k) => x / parseCpu[k])).toFixed(2)}×`);
}

// memory: measured in a fresh process each (bench/scan-memory.ts), so nothing above skews it
for (const mode of ['sketch', 'synthetic', 'log']) {
  const out = execFileSync('node', ['--expose-gc', '--import', 'tsx', 'bench/scan-memory.ts', mode, data], { encoding: 'utf8' });
  process.stdout.write(out);
}
