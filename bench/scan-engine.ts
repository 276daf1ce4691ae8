/**
 * The scan's engine (main thread: detector step + hourly checkpoints) at scale: runs `moat scan`
 * over a log in a child process with `--cpu-prof`, reads the main thread's CPU time from
 * /proc/<pid>/task/<pid>/stat (Linux; the reader worker is a separate task), and prints µs of
 * main-thread CPU an exchange plus the main thread's top frames (self and inclusive time) from its
 * profile. CPU time, not wall time: on a shared machine the two threads compete for cores.
 *
 *   npm run bench -- scan-engine                         # medium scenario (simulated once into out/bench/medium)
 *   BENCH_DATA=/tmp/P/ss6m npm run bench -- scan-engine  # e.g. a 6 M-line prefix of seed-scale
 *   BENCH_TOP=30 BENCH_RUNS=3 …
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { envNumber } from './env.js';
import { benchData } from './scenario-data.js';

const runs = envNumber('BENCH_RUNS', 1, { integer: true, min: 1 });
const top = envNumber('BENCH_TOP', 15, { integer: true, min: 1 });
const { dir: data } = benchData('medium');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self and inclusive ms per frame (function + file:line) of one .cpuprofile, idle left out. */
function frames(p: Profile): { busy: number; self: [string, number][]; incl: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map<number, number>();
  p.samples.forEach((s, k) => dt.set(s, (dt.get(s) ?? 0) + (p.timeDeltas[k] ?? 0) / 1000));
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>(), incl = new Map<string, number>();
  let busy = 0;
  for (const [id, t] of dt) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    busy += t;
    self.set(key(n), (self.get(key(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const k = key(byId.get(x)!);
      if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busy, self: sorted(self), incl: sorted(incl) };
}

const dir = mkdtempSync(join(tmpdir(), 'moat-bench-engine-'));
const hook = join(dir, 'thread-cpu.mjs');
writeFileSync(hook, `import { readFileSync } from 'node:fs';
process.on('exit', () => {
  const f = readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(') ')[1].split(' ');
  process.stderr.write('MAIN_CPU ' + (Number(f[11]) + Number(f[12])) / 100 + '\\n');
});
`);
try {
  for (let r = 1; r <= runs; r++) {
    const prof = join(dir, `prof${r}`);
    const load = loadavg()[0].toFixed(1);
    const res = spawnSync('node', ['--cpu-prof', '--cpu-prof-dir', prof, '--import', hook, 'bin/moat.js', 'scan', data, '--out', join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`scan failed: ${res.stderr}`);
    const cpu = Number(/MAIN_CPU ([\d.]+)/.exec(res.stderr)?.[1]);
    const stats = JSON.parse(readFileSync(join(dir, 'out', 'stats.json'), 'utf8')) as { exchanges: number; accounts: number; checkpoints: number };
    // the main thread's profile is the one with the detector's frames
    const profiles = readdirSync(prof).map((f) => JSON.parse(readFileSync(join(prof, f), 'utf8')) as Profile);
    const main = profiles.find((p) => p.nodes.some((n) => n.callFrame.url.includes('verdict/detector'))) ?? profiles[0];
    const f = frames(main);
    console.log(`run ${r} (load ${load} before): ${stats.exchanges} exchanges, ${stats.accounts} accounts, ${stats.checkpoints} checkpoints; main thread ${cpu.toFixed(1)} s CPU = ${((cpu * 1e6) / stats.exchanges).toFixed(1)} µs an exchange (profile: ${(f.busy / 1000).toFixed(1)} s sampled busy)`);
    const pct = (t: number) => `${((100 * t) / f.busy).toFixed(1).padStart(5)} %`;
    console.log('  self:');
    for (const [k, t] of f.self) console.log(`    ${pct(t)}  ${k}`);
    console.log('  inclusive:');
    for (const [k, t] of f.incl) console.log(`    ${pct(t)}  ${k}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
