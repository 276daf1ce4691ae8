/**
 * Simulator benchmark: `moat simulate --scenario seed-scale --out -` (the full 77,600-account
 * seed-scale population: 25,000 campaign accounts among legit users) spawned as a child process,
 * its stdout consumed and counted by this process, against a bare in-process JSON.stringify loop
 * over the same number of exchange records, in one run. Also checks memory is bounded: the
 * child's peak RSS (VmHWM from /proc) for the full slice vs a quarter of it.
 *
 *   npm run bench -- simulate
 *   BENCH_SIM_EXCHANGES=3000000 BENCH_RUNS=3 node --import tsx bench/simulate.ts
 *
 * Figures: exchanges/s and MB/s of the CLI, the ratio CLI / JSON.stringify baseline (median of
 * the per-run ratios), peak RSS of each slice size.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { builtinPools, buildPopulation, exchangeChunks, scenario } from '../src/simulate/index.js';

const N = Number(process.env.BENCH_SIM_EXCHANGES ?? 3_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const SCENARIO = process.env.BENCH_SIM_SCENARIO ?? 'seed-scale';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface ChildRun {
  lines: number;
  bytes: number;
  /** Wall seconds from spawn to exit, and from the first output byte to exit (steady state). */
  seconds: number;
  steadySeconds: number;
  linesAtFirstByte: number;
  /** CPU seconds (user + system) of the child, all threads, from /usr/bin/time. */
  cpuSeconds: number;
  peakRssMb: number;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Spawn the CLI (under /usr/bin/time for CPU and peak RSS), count its output lines. */
function runCli(limit: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const args = ['bin/moat.js', 'simulate', '--scenario', SCENARIO, '--seed', '1', '--out', '-', '--limit', String(limit), '--quiet'];
    const child = hasTime
      ? spawn(TIME, ['-f', 'MOATTIME %e %U %S %M', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let bytes = 0;
    let peak = 0;
    let tFirst = 0n;
    let linesAtFirstByte = 0;
    let stderr = '';
    const poll = setInterval(() => (peak = Math.max(peak, vmHwmKb(child.pid!))), 100);
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
      if (tFirst === 0n) {
        tFirst = process.hrtime.bigint();
        linesAtFirstByte = lines;
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const t1 = process.hrtime.bigint();
      const m = /MOATTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0) return reject(new Error(`moat simulate exited with ${code}: ${stderr.slice(-500)}`));
      resolve({
        lines,
        bytes,
        seconds: Number(t1 - t0) / 1e9,
        steadySeconds: Number(t1 - tFirst) / 1e9,
        linesAtFirstByte,
        cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
        peakRssMb: m ? Number(m[4]) / 1024 : peak / 1024,
      });
    });
  });
}

/** Records to stringify: real simulator output, parsed back into objects. */
function sampleRecords(): unknown[] {
  const pop = buildPopulation(scenario('small'), 1);
  let text = '';
  for (const c of exchangeChunks(pop, builtinPools(), { limit: 20_000 })) text += c;
  return text.trim().split('\n').map((l) => JSON.parse(l) as unknown);
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
console.log(`scenario ${SCENARIO} (scale 1: 77,601 accounts), first ${N.toLocaleString()} exchanges, ${runs} runs; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
const rows: { wall: number; steady: number; cpu: number; mbps: number; ratioWall: number; ratioCpu: number; peak: number }[] = [];
for (let r = 0; r < runs; r++) {
  const base = baseline(records, N);
  const cli = await runCli(N);
  if (cli.lines !== N) throw new Error(`expected ${N} lines, got ${cli.lines}`);
  const row = {
    wall: cli.lines / cli.seconds,
    steady: (cli.lines - cli.linesAtFirstByte) / cli.steadySeconds,
    cpu: cli.lines / cli.cpuSeconds,
    mbps: cli.bytes / 1e6 / cli.seconds,
    ratioWall: cli.lines / cli.seconds / base.wall,
    ratioCpu: cli.lines / cli.cpuSeconds / base.cpu,
    peak: cli.peakRssMb,
  };
  rows.push(row);
  console.log(
    `run ${r + 1}: moat simulate ${fmt(row.wall)} exchanges/s wall incl. start-up (${fmt(row.steady)}/s after first byte, ${fmt(row.cpu)}/s per CPU-second, ${row.mbps.toFixed(0)} MB/s); ` +
      `JSON.stringify ${fmt(base.wall)}/s wall, ${fmt(base.cpu)}/s per CPU-second; ratio wall ${row.ratioWall.toFixed(2)}, CPU ${row.ratioCpu.toFixed(2)}; peak RSS ${row.peak.toFixed(0)} MB`,
  );
}
const quarter = await runCli(Math.round(N / 4));
const med = (k: keyof (typeof rows)[number]): number => median(rows.map((r) => r[k]));
console.log(
  `median: ${fmt(med('wall'))} exchanges/s wall (${fmt(med('steady'))}/s after first byte), ${fmt(med('cpu'))} per CPU-second, ${med('mbps').toFixed(0)} MB/s; ` +
    `ratio to JSON.stringify: wall ${med('ratioWall').toFixed(2)}, CPU ${med('ratioCpu').toFixed(2)}; ` +
    `peak RSS ${med('peak').toFixed(0)} MB for ${N.toLocaleString()} exchanges vs ${quarter.peakRssMb.toFixed(0)} MB for ${Math.round(N / 4).toLocaleString()} ` +
    `(ratio ${(med('peak') / quarter.peakRssMb).toFixed(2)}; memory is O(accounts), not O(exchanges))`,
);

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
