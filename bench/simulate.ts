/**
 * Simulator benchmark: `moat simulate --scenario seed-scale --out - | wc -l` (the full
 * 77,600-account seed-scale population: 25,000 campaign accounts among legit users), run through
 * a shell pipe into `wc -l` exactly as the target reads, once per generator-thread setting
 * (`--threads 0`: all on the main thread; 1: one generator worker, the main thread writes;
 * 2: two workers, each every other account, merged on the main thread), against a bare in-process
 * JSON.stringify loop over the same number of exchange records, in one run. Also checks memory is
 * bounded: the peak RSS for the full slice vs a quarter of it.
 *
 *   npm run bench -- simulate
 *   BENCH_SIM_EXCHANGES=3000000 BENCH_RUNS=3 BENCH_SIM_THREADS=0,1,2 node --import tsx bench/simulate.ts
 *
 * Figures: exchanges/s wall end to end (start-up included), and after start-up (start-up = the
 * wall time of a --limit 1 run), per CPU-second, the ratio to the JSON.stringify baseline (median
 * of the per-run ratios), and each setting's ratio to --threads 0 in the same runs.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { builtinPools, buildPopulation, exchangeChunks, scenario } from '../src/simulate/index.js';
import { envNumber, envNumbers } from './env.js';

const N = envNumber('BENCH_SIM_EXCHANGES', 3_000_000, { integer: true, min: 1 });
const runs = envNumber('BENCH_RUNS', 3, { integer: true, min: 1 });
const SCENARIO = process.env.BENCH_SIM_SCENARIO ?? 'seed-scale';
const THREADS = envNumbers('BENCH_SIM_THREADS', [0, 1, 2], { integer: true, min: 0 });

function median(all: number[]): number {
  const s = all.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface ChildRun {
  lines: number;
  /** Wall seconds of the pipeline. */
  seconds: number;
  /** CPU seconds (user + system) of moat simulate, all threads, from /usr/bin/time. */
  cpuSeconds: number;
  peakRssMb: number;
}

const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error('bench simulate needs /usr/bin/time (apt-get install time)');

/** `/usr/bin/time node bin/moat.js simulate … | wc -l` in bash; lines from wc, CPU and peak RSS from time. */
function runCli(limit: number, threads: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const args = `simulate --scenario ${SCENARIO} --seed 1 --out - --limit ${limit} --threads ${threads} --quiet`;
    const script = `set -o pipefail; ${TIME} -f 'MOATTIME %e %U %S %M' ${JSON.stringify(process.execPath)} bin/moat.js ${args} | wc -l`;
    const t0 = process.hrtime.bigint();
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /MOATTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !m) return reject(new Error(`moat simulate | wc -l exited with ${code}: ${stderr.slice(-500)}`));
      resolve({ lines: Number(stdout.trim()), seconds, cpuSeconds: Number(m[2]) + Number(m[3]), peakRssMb: Number(m[4]) / 1024 });
    });
  });
}

/** Records to stringify: real simulator output, parsed back into objects. */
let BYTES_PER_LINE = 610;

function sampleRecords(): unknown[] {
  const pop = buildPopulation(scenario('small'), 1);
  let text = '';
  for (const c of exchangeChunks(pop, builtinPools(), { limit: 20_000 })) text += c;
  const lines = text.trim().split('\n');
  BYTES_PER_LINE = Buffer.byteLength(text) / lines.length;
  return lines.map((l) => JSON.parse(l) as unknown);
}

/** Bare baseline: JSON.stringify N records into 64 KB chunks, no generation at all. Rates: wall and CPU. */
function baseline(records: unknown[], n: number): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let buf = '';
  let total = 0;
  for (let i = 0; i < n; i++) {
    buf += JSON.stringify(records[i % records.length]) + '\n';
    if (buf.length >= 65_536) {
      total += Buffer.byteLength(buf);
      buf = '';
    }
  }
  total += buf.length;
  if (total < 0) console.log(total);
  const c = process.cpuUsage(c0);
  return { wall: n / (Number(process.hrtime.bigint() - t0) / 1e9), cpu: n / ((c.user + c.system) / 1e6) };
}

const records = sampleRecords();
console.log(
  `scenario ${SCENARIO} (scale 1: 77,601 accounts), first ${N.toLocaleString()} exchanges, ${runs} runs, --threads ${THREADS.join(' / ')}; ` +
    `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
);
interface Row {
  wall: number;
  afterStart: number;
  cpu: number;
  mbps: number;
  ratioWall: number;
  ratioCpu: number;
  vsZero: number;
  peak: number;
  startup: number;
}
const rows = new Map<number, Row[]>(THREADS.map((t) => [t, []]));
for (let r = 0; r < runs; r++) {
  const base = baseline(records, N);
  const wall0: number[] = [];
  for (const threads of THREADS) {
    const start = await runCli(1, threads);
    const cli = await runCli(N, threads);
    if (cli.lines !== N) throw new Error(`expected ${N} lines, got ${cli.lines}`);
    const wall = cli.lines / cli.seconds;
    if (threads === THREADS[0]) wall0.push(wall);
    const row: Row = {
      wall,
      // The start-up run is a separate process: under load it can take longer than the full one (then n/a).
      afterStart: cli.seconds > start.seconds ? cli.lines / (cli.seconds - start.seconds) : NaN,
      cpu: cli.lines / cli.cpuSeconds,
      mbps: (cli.lines * BYTES_PER_LINE) / 1e6 / cli.seconds,
      ratioWall: wall / base.wall,
      ratioCpu: cli.lines / cli.cpuSeconds / base.cpu,
      vsZero: wall / wall0[wall0.length - 1],
      peak: cli.peakRssMb,
      startup: start.seconds,
    };
    rows.get(threads)!.push(row);
    console.log(
      `run ${r + 1} --threads ${threads}: ${fmt(row.wall)} exchanges/s wall incl. start-up (${row.startup.toFixed(1)} s; ${perS(row.afterStart)} after it), ${fmt(row.cpu)}/s per CPU-second; ` +
        `JSON.stringify ${fmt(base.wall)}/s wall; ratio wall ${row.ratioWall.toFixed(2)}, CPU ${row.ratioCpu.toFixed(2)}; vs --threads ${THREADS[0]} ${row.vsZero.toFixed(2)}; peak RSS ${row.peak.toFixed(0)} MB`,
    );
  }
}
for (const threads of THREADS) {
  const rs = rows.get(threads)!;
  const med = (k: keyof Row): number => median(rs.map((r) => r[k]));
  console.log(
    `median --threads ${threads}: ${fmt(med('wall'))} exchanges/s wall end to end (${perS(med('afterStart'))} after start-up of ${med('startup').toFixed(1)} s), ${fmt(med('cpu'))} per CPU-second, ~${med('mbps').toFixed(0)} MB/s; ` +
      `ratio to JSON.stringify: wall ${med('ratioWall').toFixed(2)}, CPU ${med('ratioCpu').toFixed(2)}; vs --threads ${THREADS[0]}: ${med('vsZero').toFixed(2)}; peak RSS ${med('peak').toFixed(0)} MB`,
  );
}
const last = THREADS[THREADS.length - 1];
const quarter = await runCli(Math.round(N / 4), last);
const full = median(rows.get(last)!.map((r) => r.peak));
console.log(
  `memory (--threads ${last}): peak RSS ${full.toFixed(0)} MB for ${N.toLocaleString()} exchanges vs ${quarter.peakRssMb.toFixed(0)} MB for ${Math.round(N / 4).toLocaleString()} ` +
    `(ratio ${(full / quarter.peakRssMb).toFixed(2)}; memory is O(accounts), not O(exchanges)); load average now ${loadavg()[0].toFixed(1)}`,
);

function fmt(x: number): string {
  return Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en-US');
}

function perS(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${fmt(x)}/s`;
}
