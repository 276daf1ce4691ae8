/**
 * Microbenchmark of one uncached prompt analysis (`PromptAnalyzer.analyze`, src/signals/prompt.ts):
 * the cost a gateway or a scan pays for every prompt it has not seen before.
 * Run: node --import tsx bench/prompt-analysis.ts [--corpus realdata|gateway|file] [--file exchanges.jsonl]
 *        [--lines N] [--max N] [--runs R] [--baseline <other build>/dist/signals/prompt.js] [--impl <build>/dist/signals/prompt.js]
 * Corpora (every prompt distinct, analysed by a fresh analyser, so no cache can help):
 *   realdata: the prompts of /work/shared/realdata/<set>/prompts.jsonl (or --dir), up to --max;
 *   gateway: bench/gateway.ts's ~1 KB user prompt with a counter in it, --max of them;
 *   file: the distinct last-user prompts of the first --lines lines of an exchanges.jsonl.
 * Prints µs per analysis (CPU time of the process, median of R runs after one warm-up) and, with
 * --baseline, the same for that build's analyser in the same runs, interleaved, and the median of
 * the per-run ratios this / baseline; --check also compares every field of every analysis with the
 * baseline's (output identity). --impl times another build instead of src/ (e.g. both dist/).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { DEFAULT_SIGNAL_CONFIG } from '../src/signals/extractor.js';
import { NCAP, type PromptInfo } from '../src/signals/prompt.js';
import type { SignalConfig } from '../src/signals/types.js';

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, d: number): number => Number(opt(name) ?? d);
const RUNS = num('runs', 7);
const MAX = num('max', 20_000);
const CORPUS = opt('corpus') ?? (opt('file') !== undefined ? 'file' : 'realdata');

function realdata(): string[] {
  const dir = opt('dir') ?? '/work/shared/realdata';
  const out: string[] = [];
  const sets = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(`${dir}/${d}/prompts.jsonl`)).sort() : [];
  if (sets.length === 0) throw new Error(`no <set>/prompts.jsonl under ${dir}`);
  // Round-robin over the sets so that a --max sample mixes them.
  const per = sets.map((s) =>
    readFileSync(`${dir}/${s}/prompts.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => (JSON.parse(l) as { prompt: string }).prompt),
  );
  for (let i = 0; out.length < MAX; i++) {
    let any = false;
    for (const p of per) {
      if (i < p.length && out.length < MAX) {
        out.push(p[i]);
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

function gateway(): string[] {
  const filler = 'Explain the following code step by step and write out your complete reasoning. '.repeat(11);
  return Array.from({ length: MAX }, (_, i) => `${filler.slice(0, 400)}(item ${i}) ${filler.slice(400)}`);
}

function file(): string[] {
  const path = opt('file');
  if (path === undefined) throw new Error('--file exchanges.jsonl');
  const lines = num('lines', 100_000);
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(Math.min(lines * 4096, 1 << 30));
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const seen = new Set<string>();
  let k = 0;
  for (const l of buf.toString('utf8', 0, got).split('\n')) {
    if (k++ >= lines || seen.size >= MAX) break;
    if (!l.endsWith('}')) continue;
    const m = (JSON.parse(l) as { messages: { role: string; content: string }[] }).messages;
    for (let j = m.length - 1; j >= 0; j--) {
      if (m[j].role === 'user') {
        seen.add(m[j].content);
        break;
      }
    }
  }
  return [...seen];
}

// Flat strings, as JSON.parse gives them (a template literal makes a cons string that the first
// analysis would flatten, a cost a gateway does not pay).
const prompts = (CORPUS === 'gateway' ? gateway() : CORPUS === 'file' ? file() : realdata()).map((p) => JSON.parse(JSON.stringify(p)) as string);
const chars = prompts.reduce((a, p) => a + p.length, 0);

interface Analyzer {
  analyze(p: string): PromptInfo;
}
type Ctor = new (cfg: SignalConfig) => Analyzer;
async function load(path: string | undefined): Promise<Ctor> {
  const mod = (await import(path === undefined ? '../src/signals/prompt.js' : pathToFileURL(resolve(path)).href)) as { PromptAnalyzer: Ctor };
  return mod.PromptAnalyzer;
}
const IMPL = opt('impl');
const BASE = opt('baseline');
const Current = await load(IMPL);
const Base = BASE === undefined ? undefined : await load(BASE);

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
let sink = 0;
function run(C: Ctor): number {
  const a = new C({ ...DEFAULT_SIGNAL_CONFIG });
  const t0 = cpu();
  for (const p of prompts) sink += a.analyze(p).simHi & 1;
  return cpu() - t0;
}
function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

// --check: every field of every analysis equal to the baseline's (output identity on the corpus).
if (process.argv.includes('--check')) {
  if (Base === undefined) throw new Error('--check needs --baseline');
  const a = new Current({ ...DEFAULT_SIGNAL_CONFIG });
  const b = new Base({ ...DEFAULT_SIGNAL_CONFIG });
  const show = (x: PromptInfo): string => JSON.stringify({ ...x, data: Array.from(x.data.subarray(0, NCAP + x.prefixLen + x.suffixLen)) });
  let bad = 0;
  for (const p of prompts) {
    const x = show(a.analyze(p));
    const y = show(b.analyze(p));
    if (x !== y && bad++ < 5) console.log(`MISMATCH ${JSON.stringify(p.slice(0, 120))}\n  this: ${x}\n  base: ${y}`);
  }
  console.log(`check: ${prompts.length - bad} of ${prompts.length} analyses identical to the baseline's`);
  if (bad > 0) process.exitCode = 1;
}

const cur: number[] = [];
const base: number[] = [];
for (let r = 0; r <= RUNS; r++) {
  // Alternate which build goes first, so neither always runs on a warmer (or busier) machine.
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  let c = 0;
  let b = 0;
  for (const k of order) {
    if (k === 0) c = run(Current);
    else if (Base !== undefined) b = run(Base);
  }
  if (r === 0) continue; // warm-up
  cur.push(c);
  base.push(b);
}
const us = (t: number): string => ((t / prompts.length) * 1e6).toFixed(2);
console.log(`corpus ${CORPUS}: ${prompts.length} distinct prompts, avg ${Math.round(chars / prompts.length)} chars; ${RUNS} runs; CPU time; ${cpus().length} cpus, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`analyze ${IMPL ?? 'src'}: ${us(median(cur))} µs per prompt (runs: ${cur.map(us).join(' ')})`);
if (Base !== undefined) {
  console.log(`analyze ${BASE}: ${us(median(base))} µs per prompt (runs: ${base.map(us).join(' ')})`);
  console.log(`this / baseline (median of per-run ratios): ${median(cur.map((x, i) => x / base[i])).toFixed(3)}`);
}
if (sink === -1) console.log(sink);
