/**
 * Paired, paced A/B of gateway variants: the bench's roles (bench/gateway.ts `serve ROLE`) each
 * started pinned to core 0 with its own environment / node flags, the mock and this process on
 * core 1; ROUNDS rounds of 1 s at 2,000 req/s paced open loop (bench/gateway-paced.ts), targets
 * in a rotated order, after 4 s of warm-up each. Prints medians over rounds, differences to the
 * FIRST target paired by round, CPU per request and GC pauses (from each child's probe).
 *
 *   AB_VERBOSE=1 AB_WARM=100 node --import tsx bench/gateway-ab.ts 15 floor=floor moat=moat \
 *     "moat-b5=moat,BENCH_BATCH_MS=5" "moat-s16=moat,NODEARGS=--max-semi-space-size=16"
 *
 * A spec is label=role[,VAR=value...]; NODEARGS are node flags for that child (space-separated),
 * LOG=file appends the child's stdout there (e.g. with NODEARGS=--trace-gc); other VARs go to
 * its environment. AB_VERBOSE=1 prints every round (p99, max, loop delay, GC) on stderr;
 * AB_WARM=N adds N seconds of warm-up a target. Pooled p50/p99/p99.9 (all rounds as one
 * distribution) are printed beside the per-round medians. Note: children started here get NO
 * semi-space flag unless given (the full bench gives moat children `moat gateway`'s default).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { askChild, paced, pacedPool, tellChild } from './gateway-paced.js';
import { envNumber } from './env.js';

const BENCH = fileURLToPath(new URL('./gateway.ts', import.meta.url));
const KEYS = Array.from({ length: 100 }, (_, i) => `sk-bench-${String(i).padStart(4, '0')}-${'x'.repeat(24)}`);
const filler = 'Explain the following code step by step and write out your complete reasoning. '.repeat(11);
const body = JSON.stringify({ model: 'gpt-bench', max_tokens: 256, stream: false, messages: [{ role: 'system', content: 'You are a careful assistant.' }, { role: 'user', content: filler }] });
const rounds = Number(process.argv[2]);
if (!(rounds > 0) || process.argv.length < 4) {
  console.error('usage: node --import tsx bench/gateway-ab.ts ROUNDS label=role[,VAR=value...] ...');
  process.exit(2);
}
const specs = process.argv.slice(3).map((s) => {
  const i = s.indexOf('=');
  const label = s.slice(0, i), rest = s.slice(i + 1);
  const [role, ...envs] = rest.split(',');
  return { label, role, env: Object.fromEntries(envs.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string])) };
});
function start(role: string, upstream: string, core: string, env: Record<string, string>): Promise<{ port: number; proc: ChildProcess }> {
  return new Promise((res, rej) => {
    const proc = spawn('taskset', ['-c', core, process.execPath, ...(env.NODEARGS ? env.NODEARGS.split(' ') : []), '--import', 'tsx', BENCH, 'serve', role, upstream], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...env }, cwd: fileURLToPath(new URL('..', import.meta.url)) });
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.on('exit', (c) => rej(new Error(`${role} exit ${c} ${err}`)));
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      const m = /^READY (\d+)$/.exec(l);
      if (m) res({ port: Number(m[1]), proc });
      else if (env.LOG) appendFileSync(env.LOG, l + '\n');
    });
  });
}
// 'reset' gets no answer: tellChild only checks that the child is still there (a dead one fails the
// run with its label, not Node's "Channel closed") and that the message went out.
const resetProbe = (p: ChildProcess, label: string): Promise<void> => tellChild(p, 'reset', `${label} (probe reset)`);
// A child answers 'read' at once (a synchronous handler): a read that fails or waits past 10 s (the
// child exited, errored or is stuck) rejects through askChild and ends the run instead of hanging it.
const readProbe = (p: ChildProcess, label: string): Promise<Record<string, number>> => askChild<Record<string, number>>(p, 'read', 10_000, `${label} (probe read)`);
const pct = (xs: number[], q: number) => { const s = Float64Array.from(xs).sort(); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const med = (xs: number[]) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kids: ChildProcess[] = [];
process.on('exit', () => kids.forEach((k) => k.kill('SIGINT')));
const load0 = loadavg().map((x) => x.toFixed(2)).join(' ');
execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const mock = await start('mock', '-', '1', {});
kids.push(mock.proc);
const up = `http://127.0.0.1:${mock.port}`;
const ts = [] as { label: string; proc: ChildProcess; url: string; pool: ReturnType<typeof pacedPool>; all: number[]; r: Record<string, number[]> }[];
for (const s of specs) {
  const c = await start(s.role, up, '0', s.env);
  kids.push(c.proc);
  const url = `http://127.0.0.1:${c.port}`;
  ts.push({ label: s.label, proc: c.proc, url, pool: pacedPool(url), all: [], r: { gc1k: [], gcReq: [], gcMax: [], p50: [], p99: [], cpu: [], loop: [], srv50: [], srv99: [], eld99: [], lag: [] } });
}
let k = 0;
const run = (t: (typeof ts)[0], sec: number) => paced({ url: t.url, path: '/v1/chat/completions', rate: 2000, seconds: sec, body, pool: t.pool, headersFor: () => ({ authorization: `Bearer ${KEYS[k++ % 100]}` }) });
// AB_WARM=N: N more seconds of warm-up each first (at 2,000/s), e.g. to reach the state a proxy has after the full bench's throughput runs.
const warm = 4 + envNumber('AB_WARM', 0, { integer: true, min: 0 });
for (const t of ts) for (let i = 0; i < warm; i++) await run(t, 1); // warm-up: 2,000 requests a second each
for (let round = 0; round < rounds; round++) {
  const order = ts.map((_, i) => ts[(i + round) % ts.length]);
  for (const t of order) {
    await resetProbe(t.proc, t.label);
    const pr = await run(t, 1);
    const pp = await readProbe(t.proc, t.label);
    for (const x of pr.latencies) t.all.push(x);
    if (process.env.AB_VERBOSE) console.error(`round ${round + 1} ${t.label}: p99 ${pct(pr.latencies, 0.99).toFixed(2)} max ${pct(pr.latencies, 1).toFixed(2)} ms, loop delay max ${pp.eldMax.toFixed(2)} ms, GC longest ${pp.gcMax.toFixed(2)} ms`);
    t.r.p50.push(pct(pr.latencies, 0.5)); t.r.p99.push(pct(pr.latencies, 0.99));
    t.r.cpu.push(pp.cpuPerReq); t.r.loop.push(pp.loopCpuPerReq); t.r.srv50.push(pp.srv50); t.r.srv99.push(pp.srv99); t.r.eld99.push(pp.eld99); t.r.lag.push(pr.p99SendLagMs); t.r.gc1k.push(pp.gcPer1k); t.r.gcReq.push(pp.gcPerReq); t.r.gcMax.push(pp.gcMax);
  }
}
console.log(`rounds ${rounds}; load ${load0} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('label        p50    p99   srv50  srv99  eld99  cpu/req loop/req | paired −floor p50  p99   cpu');
const f = ts[0];
for (const t of ts) {
  const pd = (key: string) => med(t.r[key].map((x, i) => x - f.r[key][i]));
  console.log(`${t.label.padEnd(11)} ${med(t.r.p50).toFixed(3)} ${med(t.r.p99).toFixed(2).padStart(6)} ${med(t.r.srv50).toFixed(3)} ${med(t.r.srv99).toFixed(2).padStart(6)} ${med(t.r.eld99).toFixed(2).padStart(6)} ${med(t.r.cpu).toFixed(0).padStart(7)} ${med(t.r.loop).toFixed(0).padStart(8)} | ${pd('p50').toFixed(3).padStart(17)} ${pd('p99').toFixed(2).padStart(5)} ${pd('cpu').toFixed(0).padStart(5)}`);
}
for (const t of ts) console.log(`${t.label.padEnd(11)} GC ${med(t.r.gc1k).toFixed(2)} /1k req, ${med(t.r.gcReq).toFixed(1)} µs/req, longest ${med(t.r.gcMax).toFixed(2)} ms`);
for (const t of ts) console.log(`${t.label.padEnd(11)} pooled over rounds (${t.all.length} requests): p50 ${pct(t.all, 0.5).toFixed(3)} p99 ${pct(t.all, 0.99).toFixed(2)} p99.9 ${pct(t.all, 0.999).toFixed(2)} ms; − first: p50 ${(pct(t.all, 0.5) - pct(f.all, 0.5)).toFixed(3)} p99 ${(pct(t.all, 0.99) - pct(f.all, 0.99)).toFixed(2)} ms`);
console.log(`pacer lag p99 median ${med(ts.flatMap((t) => t.r.lag)).toFixed(2)} ms`);
await Promise.all(ts.map((t) => t.pool.close()));
kids.forEach((k) => k.kill('SIGINT'));
await new Promise((r) => setTimeout(r, 1500));
process.exit(0);
