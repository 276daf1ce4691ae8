/**
 * Microbenchmark of the per-exchange signal extractor against JSON.parse of the same JSONL lines.
 * Run: npm run bench -- signals   (or: node --import tsx bench/signals.ts [--lines N] [--runs R] [--file exchanges.jsonl])
 * Prints exchanges/s of JSON.parse alone, of extract alone (on pre-parsed objects; with the default
 * prompt cache and with it off, `promptCacheEntries: 0`) and of parse+extract (CPU time, median of
 * R runs), and ratios measured in the same run: extract vs JSON.parse of the line, and extract /
 * tokenizer vs a bare FNV-1a pass over the same characters (the floor for any per-character scan
 * in JS). Also prints the share of distinct prompts in the corpus: the prompt cache only helps
 * repeats (the generated corpus has none; simulated logs have many).
 * `--unique` puts "#<line> " in front of every prompt, so that none repeats.
 * `--baseline <path to another build's dist/signals/index.js>` also times that build's extract in
 * the same runs (interleaved) and prints this build / that build, e.g. before/after a change:
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npx tsc -p tsconfig.json)
 *   node --import tsx bench/signals.ts --baseline /tmp/base/dist/signals/index.js
 */
import { createSignalExtractor, DEFAULT_SIGNAL_CONFIG } from '../src/signals/index.js';
import { Scanner } from '../src/signals/tokenize.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Exchange } from '../src/core/exchange.js';
import { seededRng } from '../src/core/rng.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const LINES = arg('lines', 50_000);
const RUNS = arg('runs', 7);

const rng = seededRng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const WORDS =
  'the a of to and in is that for it with as on be at by this have from or one had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know get through back much before go good new write our used me man too any day same right look think also around another came come work three word must because does part even place well such here take why things help put years different away again off went old number'.split(' ');
const FRAMES = [
  (q: string) => `${q}\n\nWrite out your complete reasoning step by step, then give the final answer.`,
  (q: string) => `Solve the following problem:\n${q}`,
  (q: string) => `Grade this response on a scale of 1-10 according to the rubric.\nResponse: ${q}`,
  (q: string) => q,
  (q: string) => `Can you help me with this? ${q} Thanks!`,
  (q: string) => `\`\`\`python\ndef f(x):\n    return x * ${Math.floor(rng() * 100)}\n\`\`\`\n${q} Why does this function fail?`,
];
const SYSTEMS = [undefined, undefined, 'You are a helpful assistant.', 'You are an autonomous coding agent. Use the available tools to complete your task.'];
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'o3', 'llama-3-70b'];

function sentence(): string {
  const n = 8 + Math.floor(rng() * 14);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(rng() < 0.05 ? String(Math.floor(rng() * 1000)) : pick(WORDS));
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + (rng() < 0.3 ? '?' : '.');
}
function body(targetChars: number): string {
  let s = '';
  while (s.length < targetChars) s += (s ? ' ' : '') + sentence();
  return s;
}

const FILE = (() => {
  const i = process.argv.indexOf('--file');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const lines: string[] = [];
let promptChars = 0;
if (FILE !== undefined) {
  // Real lines (e.g. a `moat simulate` exchanges.jsonl): the first LINES of the file.
  const fd = openSync(FILE, 'r');
  const buf = Buffer.alloc(LINES * 4096);
  const got = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.toString('utf8', 0, got);
  for (const l of text.split('\n')) {
    if (lines.length >= LINES) break;
    if (l.length === 0 || !l.endsWith('}')) continue; // skip a line cut by the read
    lines.push(l);
    const m = (JSON.parse(l) as Exchange).messages;
    promptChars += m.length > 0 ? m[m.length - 1].content.length : 0;
  }
}
for (let i = 0; FILE === undefined && i < LINES; i++) {
  const size = rng() < 0.9 ? 600 + Math.floor(rng() * 800) : 3000 + Math.floor(rng() * 5000); // ~1 KB typical, 10 % long
  const prompt = pick(FRAMES)(body(size));
  promptChars += prompt.length;
  const sys = pick(SYSTEMS);
  const ex: Record<string, unknown> = {
    id: `ex-${i}`,
    ts: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    account: `acct-${Math.floor(rng() * 2000)}`,
    model: pick(MODELS),
    messages: [{ role: 'user', content: prompt }],
    max_tokens: pick([1024, 4096, 16384, 32000]),
    output: body(400),
    input_tokens: Math.floor(prompt.length / 4),
    output_tokens: 100,
  };
  if (sys) ex.system = sys;
  if (sys && sys.includes('agent')) ex.tools = ['bash', 'read_file', 'edit_file'];
  lines.push(JSON.stringify(ex));
}
// --unique: make every prompt distinct ("#<line> " in front), to see what the prompt cache costs
// on traffic without repeats.
if (process.argv.includes('--unique')) {
  for (let i = 0; i < lines.length; i++) {
    const ex = JSON.parse(lines[i]) as Exchange;
    const m = ex.messages[ex.messages.length - 1];
    if (m !== undefined) m.content = `#${i} ${m.content}`;
    lines[i] = JSON.stringify(ex);
  }
}
const bytes = lines.reduce((a, l) => a + l.length, 0);
const N = lines.length;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** CPU seconds of this process (user + system): steadier than wall time on a shared machine. */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
function time(fn: () => void): number {
  const t0 = cpu();
  fn();
  return cpu() - t0;
}
/** Reference floor: one FNV-1a pass over the same characters the extractor scans. */
function fnvPass(s: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

const BASELINE = (() => {
  const i = process.argv.indexOf('--baseline');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
type Factory = typeof createSignalExtractor;
const baseFactory: Factory | undefined =
  BASELINE === undefined ? undefined : ((await import(pathToFileURL(resolve(BASELINE)).href)) as { createSignalExtractor: Factory }).createSignalExtractor;
const baseT: number[] = [];
const baseBothT: number[] = [];

let sink = 0;
const parsed: Exchange[] = lines.map((l) => JSON.parse(l) as Exchange);
const { scanHeadChars: HEAD, scanTailChars: TAIL } = DEFAULT_SIGNAL_CONFIG;
const prompts = parsed.map((ex) => ex.messages[ex.messages.length - 1].content);
const parseT: number[] = [];
const extractT: number[] = [];
const noCacheT: number[] = [];
const bothT: number[] = [];
const scanT: number[] = [];
const fnvT: number[] = [];
const scanner = new Scanner();
for (let r = 0; r < RUNS + 1; r++) {
  const p = time(() => {
    for (const l of lines) sink += (JSON.parse(l) as Exchange).messages.length;
  });
  const sx = createSignalExtractor();
  const e = time(() => {
    for (const ex of parsed) sink += sx.extract(ex).templateId & 1;
  });
  let eb = 0;
  let bb = 0;
  if (baseFactory !== undefined) {
    const sxb = baseFactory();
    eb = time(() => {
      for (const ex of parsed) sink += sxb.extract(ex).templateId & 1;
    });
    const sxb2 = baseFactory();
    bb = time(() => {
      for (const l of lines) sink += sxb2.extract(JSON.parse(l) as Exchange).templateId & 1;
    });
  }
  const sx0 = createSignalExtractor({ promptCacheEntries: 0 });
  const e0 = time(() => {
    for (const ex of parsed) sink += sx0.extract(ex).templateId & 1;
  });
  const sx2 = createSignalExtractor();
  const b = time(() => {
    for (const l of lines) sink += sx2.extract(JSON.parse(l) as Exchange).templateId & 1;
  });
  const sc = time(() => {
    for (const m of prompts) {
      scanner.reset();
      if (m.length <= HEAD + TAIL) scanner.scan(m, 0, m.length);
      else {
        scanner.scan(m, 0, HEAD);
        scanner.scan(m, m.length - TAIL, m.length);
      }
      sink += scanner.n;
    }
  });
  const f = time(() => {
    for (const m of prompts) sink += m.length <= HEAD + TAIL ? fnvPass(m, 0, m.length) : fnvPass(m, 0, HEAD) ^ fnvPass(m, m.length - TAIL, m.length);
  });
  if (r === 0) continue; // warm-up
  parseT.push(p);
  extractT.push(e);
  noCacheT.push(e0);
  baseT.push(eb);
  baseBothT.push(bb);
  bothT.push(b);
  scanT.push(sc);
  fnvT.push(f);
}
const per = (ts: number[], ref: number[]) => median(ts.map((x, i) => x / ref[i])).toFixed(2);
const rate = (t: number) => Math.round(N / t).toLocaleString('en-US');
const us = (t: number) => ((t / N) * 1e6).toFixed(2);
const p = median(parseT);
const e = median(extractT);
const b = median(bothT);
const e0 = median(noCacheT);
const distinct = new Set(prompts).size;
console.log(`${FILE ?? 'generated'}: lines=${N} avg line=${Math.round(bytes / N)} B avg prompt=${Math.round(promptChars / N)} chars runs=${RUNS}; CPU time, medians`);
console.log(`JSON.parse only      : ${rate(p)} exchanges/s  (${us(p)} µs)`);
console.log(`distinct prompts     : ${distinct} of ${N} (${((distinct / N) * 100).toFixed(1)} %)`);
console.log(`extract only         : ${rate(e)} exchanges/s  (${us(e)} µs)`);
console.log(`extract, cache off   : ${rate(e0)} exchanges/s  (${us(e0)} µs)`);
console.log(`JSON.parse + extract : ${rate(b)} exchanges/s  (${us(b)} µs)`);
console.log(`ratios in the same run (median of per-run ratios):`);
console.log(`  extract / JSON.parse            = ${per(extractT, parseT)}`);
console.log(`  extract (cache off) / JSON.parse = ${per(noCacheT, parseT)}`);
console.log(`  extract / bare FNV pass (floor) = ${per(extractT, fnvT)}`);
console.log(`  tokenizer / bare FNV pass       = ${per(scanT, fnvT)}`);
console.log(`  (parse+extract) / parse         = ${per(bothT, parseT)}`);
if (baseFactory !== undefined) {
  console.log(`baseline ${BASELINE}: extract ${rate(median(baseT))} exchanges/s (${us(median(baseT))} µs)`);
  console.log(`  extract / baseline extract            = ${per(extractT, baseT)}`);
  console.log(`  extract (cache off) / baseline extract = ${per(noCacheT, baseT)}`);
  // Fresh strings every time (parse inside the loop, as in a scan): the extract part of parse+extract.
  const part = median(bothT.map((x, i) => (x - parseT[i]) / (baseBothT[i] - parseT[i])));
  console.log(`  (parse+extract − parse) / baseline's  = ${part.toFixed(2)}   (fresh strings, as in a scan)`);
}
if (sink === -1) console.log(sink);
