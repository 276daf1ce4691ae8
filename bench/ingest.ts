/**
 * Ingest benchmark: `moat validate`'s core (validateLog, the code path the CLI runs) against a
 * bare Node line-by-line JSON.parse loop over the same ≥ 1 GB JSONL file, in one run.
 *
 *   npm run bench -- ingest
 *   BENCH_INGEST_MB=1024 BENCH_RUNS=3 node --import tsx bench/ingest.ts
 *
 * The file is generated once (seeded, realistic: keys on every record, multi-turn prompts,
 * long outputs, 0.05% bad lines) and cached under .bench/. Each run times, in alternation,
 * the readline + JSON.parse baseline and validateLog (records to /dev/null, quarantine to a temp
 * dir); the figure is the median over runs of the per-run ratio validate / baseline.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NO_PROGRESS } from '../src/cli/progress.js';
import { validateLog } from '../src/ingest/validate-log.js';
import { envNumber } from './env.js';

const MB = 1 << 20;
const targetMb = envNumber('BENCH_INGEST_MB', 1024, { greaterThan: 0 });
const runs = envNumber('BENCH_RUNS', 3, { integer: true, min: 1 });
const file = join('.bench', `ingest-${targetMb}mb.jsonl`);

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the model answer reason step function return value error test input output data user system tool call ' +
  'please explain why how code python typescript compute proof theorem lemma graph node edge weight loss ' +
  'gradient batch token sequence prompt rubric grade score correct incorrect final result therefore ' +
  'first second third consider assume suppose thus hence we need to find show that given an array of'
).split(' ');

async function generate(path: string, bytes: number): Promise<void> {
  mkdirSync('.bench', { recursive: true });
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const text = (n: number): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(WORDS));
    return out.join(' ') + (rnd() < 0.3 ? ' — ünïcödé ✓ 数学' : '.');
  };
  const paras = Array.from({ length: 4000 }, () => text(20 + Math.floor(rnd() * 200)));
  const para = (k: number): string => Array.from({ length: k }, () => pick(paras)).join('\n\n');
  const accounts = Array.from({ length: 20000 }, (_, i) => ({
    account: `acct_${i.toString(36).padStart(5, '0')}`,
    key: `sk-proj-${Math.floor(rnd() * 2 ** 52).toString(36)}${Math.floor(rnd() * 2 ** 52).toString(36)}`,
    ip: `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`,
    asn: 1000 + Math.floor(rnd() * 60000),
    country: pick(['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'SG', 'CN', 'KR']),
  }));
  const uas = ['openai-python/1.52.0', 'anthropic-sdk-typescript/0.30.1', 'curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64)', 'langchain/0.3.1'];
  const tools = ['search', 'read_file', 'write_file', 'run_tests', 'bash', 'browser'];
  const tmpPath = `${path}.part`;
  const out = createWriteStream(tmpPath);
  let written = 0;
  let n = 0;
  let t = Date.UTC(2025, 0, 1);
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      n++;
      t += Math.floor(rnd() * 200);
      if (n % 2000 === 0) {
        lines.push(pick([`{"id":"bad-${n}","ts":${t}}`, `{"id":"trunc-${n}","messages":[`, `not json ${n}`]));
        continue;
      }
      const a = pick(accounts);
      const messages: Array<{ role: string; content: string }> = [];
      if (rnd() < 0.6) messages.push({ role: 'system', content: pick(paras) });
      const turns = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < turns; k++) {
        messages.push({ role: 'user', content: para(1 + Math.floor(rnd() * 2)) });
        if (k < turns - 1) messages.push({ role: 'assistant', content: para(1) });
      }
      const rec: Record<string, unknown> = {
        id: `req_${n.toString(16).padStart(12, '0')}`,
        ts: new Date(t).toISOString(),
        account: a.account,
        key: a.key,
        ip: a.ip,
        asn: a.asn,
        country: a.country,
        user_agent: pick(uas),
        model: pick(['frontier-large', 'frontier-mini', 'frontier-reasoning']),
        messages,
        max_tokens: pick([1024, 4096, 8192]),
        output: para(1 + Math.floor(rnd() * 3)),
        input_tokens: 50 + Math.floor(rnd() * 3000),
        output_tokens: 50 + Math.floor(rnd() * 4000),
        status: rnd() < 0.98 ? 200 : 429,
        latency_ms: Math.floor(rnd() * 30000),
      };
      if (rnd() < 0.25) rec.tools = tools.slice(0, 1 + Math.floor(rnd() * tools.length));
      if (rnd() < 0.2) (rec.reasoning = true), (rec.reasoning_tokens = Math.floor(rnd() * 8000));
      lines.push(JSON.stringify(rec));
    }
    const chunk = lines.join('\n') + '\n';
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmpPath, path);
}

async function baselineReadline(path: string): Promise<number> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    try {
      JSON.parse(line);
      n++;
    } catch {
      // a bare loop skips bad lines
    }
  }
  return n;
}

async function baselineSplit(path: string): Promise<number> {
  let carry = '';
  let n = 0;
  const parse = (line: string): void => {
    if (line.length === 0) return;
    try {
      JSON.parse(line);
      n++;
    } catch {
      // skipped
    }
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: MB })) {
    const parts = (carry + (chunk as string)).split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) parse(line);
  }
  parse(carry);
  return n;
}

async function ours(path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'moat-bench-ingest-'));
  try {
    const r = await validateLog(path, dir, { keySecret: 'bench', recordsPath: '/dev/null', progress: NO_PROGRESS });
    return r.stats.records;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall seconds, the value, and CPU seconds (user+system of this process: steadier on a shared machine). */
async function time<T>(fn: () => Promise<T>): Promise<[number, T, number]> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const v = await fn();
  const c = process.cpuUsage(c0);
  return [Number(process.hrtime.bigint() - t0) / 1e9, v, (c.user + c.system) / 1e6];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!existsSync(file)) {
  process.stderr.write(`bench ingest: generating ${targetMb} MB of JSONL in ${file} (once)…\n`);
  const [s] = await time(() => generate(file, targetMb * MB));
  process.stderr.write(`bench ingest: generated in ${s.toFixed(1)} s\n`);
}
const size = statSync(file).size;
console.log(`file ${file}: ${(size / MB).toFixed(0)} MiB; ${runs} runs, alternating`);
const rows: Array<{ readline: number; split: number; validate: number; cpuReadline: number; cpuSplit: number; cpuValidate: number }> = [];
const rate = (s: number): string => `${(size / MB / s).toFixed(0)} MiB/s`;
for (let i = 0; i < runs; i++) {
  const [tb, nb, cb] = await time(() => baselineReadline(file));
  const [tv, nv, cv] = await time(() => ours(file));
  const [ts, ns, cs] = await time(() => baselineSplit(file));
  rows.push({ readline: tb, split: ts, validate: tv, cpuReadline: cb, cpuSplit: cs, cpuValidate: cv });
  console.log(
    `run ${i + 1}: wall s (cpu s): readline+JSON.parse ${tb.toFixed(2)} (${cb.toFixed(2)}) ${rate(tb)} ${nb} parsed | split+JSON.parse ${ts.toFixed(2)} (${cs.toFixed(2)}) ${ns} parsed | ` +
      `validateLog ${tv.toFixed(2)} (${cv.toFixed(2)}) ${rate(tv)} ${nv} valid | ratio wall ${(tv / tb).toFixed(2)} / ${(tv / ts).toFixed(2)}, cpu ${(cv / cb).toFixed(2)} / ${(cv / cs).toFixed(2)}`,
  );
}
const med = (f: (r: (typeof rows)[number]) => number): string => median(rows.map(f)).toFixed(2);
console.log(`median of ${runs} runs (validate / baseline; target <= 2):`);
console.log(`  wall: vs readline ${med((r) => r.validate / r.readline)}, vs split ${med((r) => r.validate / r.split)}  (validate ${med((r) => r.validate)} s, readline ${med((r) => r.readline)} s, split ${med((r) => r.split)} s)`);
console.log(`  cpu:  vs readline ${med((r) => r.cpuValidate / r.cpuReadline)}, vs split ${med((r) => r.cpuValidate / r.cpuSplit)}  (validate ${med((r) => r.cpuValidate)} s, readline ${med((r) => r.cpuReadline)} s, split ${med((r) => r.cpuSplit)} s)`);
