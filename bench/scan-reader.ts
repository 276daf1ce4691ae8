/**
 * The scan's reader worker alone (read, validate, hash keys, extract signals, encode; decode on
 * the main thread), as CPU µs an exchange of the whole process, for one or more builds run
 * alternately in fresh processes: an A/B of reader changes on a shared machine. Each build is a
 * built `dist/` directory (a copy of an older one next to a node_modules link, for "before").
 *
 *   node --import tsx bench/scan-reader.ts FILE [DIST …]     # default DIST: ./dist; ROUNDS=5
 *   node --import tsx bench/scan-reader.ts /tmp/p300k.jsonl /tmp/base/dist dist
 *   READERS=1,2 node --import tsx bench/scan-reader.ts /tmp/g/medium/exchanges.jsonl   # reader pool vs one reader
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { envNumber, envNumbers } from './env.js';

const [mode, ...rest] = process.argv.slice(2);

if (mode === '--one') {
  // child: one drained pipe over FILE with the build in DIST
  const [dist, file, readers] = rest;
  const url = (m: string) => pathToFileURL(resolve(dist, m)).href;
  const { pipeExchanges } = (await import(url('verdict/scan-pipe.js'))) as typeof import('../src/verdict/scan-pipe.js');
  const { createQuarantine } = (await import(url('ingest/quarantine.js'))) as typeof import('../src/ingest/quarantine.js');
  const c0 = process.cpuUsage();
  let n = 0;
  for await (const b of pipeExchanges(file, { quarantine: createQuarantine(null), readers: Number(readers ?? 1) })) n += b.exchanges.length;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ n, us: (c.user + c.system) / n }));
} else {
  const file = mode;
  if (file === undefined) throw new Error('usage: bench/scan-reader.ts FILE [DIST …]');
  const builds = rest.length > 0 ? rest : ['dist'];
  // each build with each reader count (READERS, default 1; a pool needs a build that has one)
  const counts = envNumbers('READERS', [1], { integer: true, min: 1 });
  const dists = builds.flatMap((b) => counts.map((k) => `${b}@${k}`));
  const rounds = envNumber('ROUNDS', 5, { integer: true, min: 1 });
  const figures: number[][] = dists.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (let d = 0; d < dists.length; d++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/scan-reader.ts', '--one', ...dists[d].split('@').slice(0, 1), file, dists[d].split('@')[1]], { encoding: 'utf8' });
      const { n, us } = JSON.parse(out.trim().split('\n').pop()!) as { n: number; us: number };
      figures[d].push(us);
      line.push(`${dists[d]} ${us.toFixed(2)} µs (${n} exchanges)`);
    }
    console.log(`round ${r + 1}: ${line.join(', ')}; load average ${loadavg()[0].toFixed(1)}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (let d = 0; d < dists.length; d++) console.log(`median ${dists[d]}: ${median(figures[d]).toFixed(2)} µs CPU an exchange (reader worker + decode)`);
}
