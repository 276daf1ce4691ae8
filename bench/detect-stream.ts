/**
 * `moat detect` throughput: how many exchanges a second one detector takes off the Redis exchange
 * stream (XREAD, validation, detector, changed verdicts written to Redis), against the same
 * detector fed from the same log file on one thread (`moat scan`'s reading, no output), in one run
 * on a real redis-server started here. Each run first publishes the whole log to the stream in
 * entries of 64 lines (what a gateway's recording slice appends under load) and reports that
 * rate too. Also checks that both paths reach the same verdicts.
 *
 *   npm run bench -- detect-stream               # small scenario, seed 1 (simulated once into out/bench/small)
 *   BENCH_DATA=DIR BENCH_RUNS=5 BENCH_LINES=200000 npm run bench -- detect-stream
 * The two paths alternate which goes first, run by run (the second runs on a warmer process).
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { keySecretFromEnv } from '../src/core/key-hash.js';
import { createQuarantine } from '../src/ingest/quarantine.js';
import { readAccounts, readExchanges } from '../src/ingest/read-log.js';
import { createStreamReader } from '../src/store/exchange-stream.js';
import { createRedisStore } from '../src/store/index.js';
import { startRedis } from '../src/store/redis-harness.js';
import { createDetector } from '../src/verdict/detector.js';
import { startDetect } from '../src/verdict/run-detect.js';
import { envNumber } from './env.js';
import { benchData } from './scenario-data.js';

const runs = envNumber('BENCH_RUNS', 3, { integer: true, min: 1 });
const { dir: data, file } = benchData('small');
// BENCH_LINES: only the log's first N lines (the whole log is held in memory and in Redis)
const maxLines = envNumber('BENCH_LINES', 2 ** 31, { integer: true, min: 1, max: 2 ** 31 });
const lines: string[] = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line.length > 0) lines.push(line);
  if (lines.length >= maxLines) break;
}
const accounts = existsSync(join(data, 'accounts.jsonl')) ? await readAccounts(join(data, 'accounts.jsonl'), { quarantine: createQuarantine(null), explicit: true }) : [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ENTRY_LINES = 64;

const redis = await startRedis();
const raw = new Redis(redis.url);
const publishRate: number[] = [], detectRate: number[] = [], scanRate: number[] = [], ratio: number[] = [];
let same = true;
try {
  for (let r = 0; r < runs; r++) {
    await raw.flushall();
    let t0 = performance.now();
    const pipe = raw.pipeline();
    for (let k = 0; k < lines.length; k += ENTRY_LINES) pipe.xadd('moat:exchanges', '*', 'l', lines.slice(k, k + ENTRY_LINES).join('\n') + '\n');
    await pipe.exec();
    publishRate.push(lines.length / ((performance.now() - t0) / 1000));

    const viaStream = async (): Promise<{ ms: number; detector: ReturnType<typeof createDetector> }> => {
      // the stream → one detector, verdicts to Redis
      const store = await createRedisStore({ url: redis.url });
      const detector = createDetector({ seed: 1 });
      for (const a of accounts) detector.addAccount(a);
      const t = performance.now();
      const reader = createStreamReader({ url: redis.url, from: '0', blockMs: 20 });
      const run = startDetect({ source: { name: 'bench', chunks: reader.chunks, bytesRead: reader.bytesRead }, detector, store, quarantine: createQuarantine(null), keySecret: keySecretFromEnv() });
      while (run.stats.exchanges + run.stats.quarantined < lines.length) await new Promise((res) => setTimeout(res, 2));
      const ms = performance.now() - t;
      await reader.stop();
      await run.done;
      await store.close();
      return { ms, detector };
    };
    const viaFile = async (): Promise<{ ms: number; detector: ReturnType<typeof createDetector> }> => {
      // the same detector fed from the file on one thread
      const detector = createDetector({ seed: 1 });
      for (const a of accounts) detector.addAccount(a);
      const t = performance.now();
      let n = 0;
      for await (const batch of readExchanges(file, { quarantine: createQuarantine(null) })) {
        for (const ex of batch) {
          if (n++ >= lines.length) break;
          detector.step(ex);
        }
        if (n >= lines.length) break;
      }
      return { ms: performance.now() - t, detector };
    };
    const first = r % 2 === 0 ? await viaStream() : await viaFile();
    const second = r % 2 === 0 ? await viaFile() : await viaStream();
    const [s1, f1] = r % 2 === 0 ? [first, second] : [second, first];
    const detectMs = s1.ms, scanMs = f1.ms, detector = s1.detector, ref = f1.detector;
    detectRate.push(lines.length / (detectMs / 1000));
    scanRate.push(lines.length / (scanMs / 1000));
    ratio.push(detectMs / scanMs);
    const a = detector.result().accounts.map((v) => `${v.account} ${v.verdict} ${v.campaign} ${v.flagged_at}`).join('\n');
    const b = ref.result().accounts.map((v) => `${v.account} ${v.verdict} ${v.campaign} ${v.flagged_at}`).join('\n');
    if (a !== b) same = false;
    console.log(`run ${r + 1}: publish ${Math.round(publishRate[r])}/s; detect from stream ${Math.round(detectRate[r])}/s; from file ${Math.round(scanRate[r])}/s; ratio ${ratio[r].toFixed(2)}`);
  }
} finally {
  raw.disconnect();
  await redis.stop();
}
console.log(`${lines.length} exchanges (${file}), ${runs} runs, medians:`);
console.log(`  publish to the stream (pipelined XADD, ${ENTRY_LINES} lines an entry): ${Math.round(median(publishRate))} exchanges/s`);
console.log(`  moat detect from the stream: ${Math.round(median(detectRate))} exchanges/s`);
console.log(`  the same detector from the file, one thread: ${Math.round(median(scanRate))} exchanges/s`);
console.log(`  stream / file time: ${median(ratio).toFixed(2)}×; same verdicts and flag times: ${same ? 'yes' : 'NO'}`);
