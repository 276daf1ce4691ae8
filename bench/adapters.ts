/**
 * Adapter benchmark: for each `moat convert --from` format, the per-line cost of the convert edge
 * (JSON.parse + adapter + contract check + key hashing: `adapterTransform`, the code path the CLI
 * runs) against bare JSON.parse of the same lines, in one run, in memory (no file I/O).
 *
 *   npm run bench -- adapters
 *   BENCH_ADAPTER_LINES=20000 BENCH_RUNS=5 node --import tsx bench/adapters.ts
 *
 * Lines are the format's own fixtures (src/ingest/adapters/<format>/fixtures), repeated with a
 * varied id. Runs alternate baseline and edge; the figure is the median per-run ratio edge / parse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { adapters } from '../src/ingest/adapters/index.js';
import { adapterTransform } from '../src/ingest/convert-log.js';
import { envNumber } from './env.js';

const lines = envNumber('BENCH_ADAPTER_LINES', 20000, { integer: true, min: 1 });
const runs = envNumber('BENCH_RUNS', 5, { integer: true, min: 1 });

function fixtureLines(format: string): string[] {
  const dir = new URL(`../src/ingest/adapters/${format}/fixtures/`, import.meta.url);
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(new URL(name, dir), 'utf8');
    if (name.endsWith('.json')) out.push(JSON.stringify(JSON.parse(text)));
    else if (name.endsWith('.jsonl')) for (const l of text.split('\n')) if (l.trim()) out.push(l);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`adapters: ${lines} lines a format, ${runs} runs, median of per-run ratios`);
console.log('format            | edge / JSON.parse | edge lines/s | exchanges/line');
console.log('------------------|-------------------|--------------|---------------');
for (const adapter of adapters) {
  const base = fixtureLines(adapter.name);
  // vary one character per line so nothing is cached by identity; fixtures stay valid JSON
  const input = Array.from({ length: lines }, (_, i) => base[i % base.length].replace(/"(id|spanId)":"/, `"$1":"${i}-`));
  const transform = adapterTransform(adapter, 'bench-secret');
  const ratios: number[] = [];
  const rates: number[] = [];
  let produced = 0;
  for (let r = 0; r < runs; r++) {
    let t0 = process.hrtime.bigint();
    let sink = 0;
    for (const l of input) sink += (JSON.parse(l) as object) ? 1 : 0;
    const parse = Number(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    produced = 0;
    for (const l of input) {
      const res = transform(JSON.parse(l));
      if (res.ok) produced += res.value.length;
    }
    const edge = Number(process.hrtime.bigint() - t0);
    if (sink !== lines) throw new Error('baseline miscounted');
    ratios.push(edge / parse);
    rates.push(lines / (edge / 1e9));
  }
  console.log(
    `${adapter.name.padEnd(17)} | ${median(ratios).toFixed(2).padStart(17)} | ${Math.round(median(rates)).toString().padStart(12)} | ${(produced / lines).toFixed(2).padStart(14)}`,
  );
}
