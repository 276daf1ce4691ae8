/**
 * Decision API throughput.
 * Run: npm run bench -- decide   (or, after `npm run build`: node --import tsx bench/decide.ts [--runs R] [--seconds S])
 *
 * Measures, in one run:
 *  1. enforcer.decide() in-process on the memory store (one thread = one core), mixed accounts;
 *  2. enforcer.decide() in-process on a real redis-server (50 concurrent callers), per CPU-second
 *     of the calling process: auto-pipelining off/on, + bucket deny cache, + invalidated verdict cache;
 *  3. `moat serve` over HTTP, the server pinned to ONE core with `taskset -c 0`, load from
 *     autocannon pinned to the other core (`taskset -c 1`), 50 connections, for
 *     GET /nginx/auth (header-only, key hashed per request; /envoy/* is the same code) and
 *     POST /beta/litellm_basic_guardrail_api, on the memory store and on a real redis-server
 *     (pinned to core 1 with the load), `moat serve`'s defaults (verdict cache on with --redis),
 *     and once with the verdict cache off;
 *  4. the references: bare fastify GET returning {} and bare fastify POST parsing the same JSON
 *     body, on the same core with the same load (`--no-http`: only 1 and 2).
 * Each server gets 2 s of unmeasured warm-up load first. Each HTTP figure is the median of R runs; ratios are against the bare-fastify median.
 * Needs a build (dist/) for bin/moat.js; scripts/bench.sh builds first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashKey } from '../src/core/key-hash.js';
import { createEnforcer } from '../src/enforce/decide.js';
import { DEFAULT_POLICY } from '../src/enforce/policy.js';
import { createMemoryStore } from '../src/store/memory.js';
import { createRedisStore } from '../src/store/redis.js';
import { freePort, startRedis } from '../src/store/redis-harness.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const RUNS = arg('runs', 3);
const SECONDS = arg('seconds', 5);
/** `--only redis`: run only configurations whose name contains the word (plus the reference). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const SECRET = 'bench-secret';
const ROOT = new URL('..', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Workload: 2,000 keys; 5% attack (campaigns), 15% suspect (campaigns, throttled), rest clear.
const KEYS = Array.from({ length: 2000 }, (_, i) => `sk-bench-${i}`);
function verdictOf(i: number) {
  if (i % 20 === 0) return { verdict: 'attack' as const, campaign: `camp-${i % 7}`, score: 0.9 };
  if (i % 20 < 4) return { verdict: 'suspect' as const, campaign: `camp-${i % 5}`, score: 0.6 };
  return null;
}

async function inProcess(): Promise<number> {
  const store = createMemoryStore();
  for (let i = 0; i < KEYS.length; i++) {
    const v = verdictOf(i);
    if (v) await store.setVerdict(hashKey(KEYS[i], SECRET), v);
  }
  const enforcer = createEnforcer({ store, policy: DEFAULT_POLICY });
  const accounts = KEYS.map((k) => hashKey(k, SECRET));
  const N = 300_000;
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await enforcer.decide({ account: accounts[i % accounts.length], now: 1e12 + i });
    rates.push(N / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates);
}

/** decide() in process on the Redis store, 50 concurrent callers; decisions per CPU-second of this process. */
async function inProcessRedis(url: string, o: { verdictCacheMs: number; denyCache: boolean; autoPipelining: boolean }, tag: string): Promise<number> {
  const store = await createRedisStore({ url, ...o, prefix: `bench-${tag}:` });
  for (let i = 0; i < KEYS.length; i++) {
    const v = verdictOf(i);
    if (v) await store.setVerdict(`acct${i}`, v);
  }
  const enforcer = createEnforcer({ store, policy: DEFAULT_POLICY });
  const N = 40_000;
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    let i = 0;
    const c0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (i < N) {
          const k = i++;
          // Event time advances 0.1 ms a decision (10,000/s, as over HTTP): limited accounts get throttled.
          await enforcer.decide({ account: `acct${k % KEYS.length}`, now: 1e12 + Math.floor((r * N + k) / 10) });
        }
      }),
    );
    const c = process.cpuUsage(c0);
    rates.push(N / ((c.user + c.system) / 1e6));
  }
  await store.close();
  return median(rates);
}

async function waitHttp(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const end = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${log()}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > end) throw new Error(`server did not start: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startPinned(args: string[], port: number): Promise<ChildProcess> {
  const proc = spawn('taskset', ['-c', '0', process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOAT_KEY_SECRET: SECRET } });
  let err = '';
  proc.stderr!.on('data', (b) => (err += String(b)));
  await waitHttp(`http://127.0.0.1:${port}/healthz`, proc, () => err);
  return proc;
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  await new Promise<void>((r) => {
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (fields 14 and 15 of stat(5)), in clock ticks.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** autocannon on core 1; returns requests/s and the share of 2xx/4xx answers. */
async function load(url: string, opts: { method?: string; body?: string; keyHeader?: boolean }, seconds = SECONDS): Promise<{ rps: number; non2xx: number; total: number }> {
  // A requests[] cycle over the keys is set up inside a tiny autocannon driver script.
  const driver = `
    import autocannon from 'autocannon';
    import { createHash } from 'node:crypto';
        const sha = (k) => createHash('sha256').update(k).digest('hex');
    const keys = ${JSON.stringify(KEYS.slice(0, 2000))};
    const requests = keys.map((k) => ({
      method: ${JSON.stringify(opts.method ?? 'GET')},
      headers: ${opts.keyHeader === false ? '{"content-type":"application/json"}' : '{ authorization: "Bearer " + k }'},
      ${opts.body ? `body: ${JSON.stringify(opts.body)}.replace('__KEY__', sha(k)),` : ''}
    }));
    const r = await autocannon({ url: ${JSON.stringify(url)}, connections: 50, duration: ${seconds}, requests });
    process.stdout.write(JSON.stringify({ rps: r.requests.average, non2xx: r.non2xx, total: r.requests.total, errors: r.errors }));
  `;
  const proc = spawn('taskset', ['-c', '1', process.execPath, '--input-type=module', '-e', driver], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (b) => (out += String(b)));
  proc.stderr!.on('data', (b) => (err += String(b)));
  await new Promise((r) => proc.once('exit', r));
  if (!out) throw new Error(`load driver failed: ${err}`);
  const j = JSON.parse(out);
  if (j.errors > 0) process.stderr.write(`  (${j.errors} socket errors)\n`);
  return { rps: j.rps, non2xx: j.total ? j.non2xx / j.total : 0, total: j.total };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'moat-bench-decide-'));
  const lines: string[] = [];
  for (let i = 0; i < KEYS.length; i++) {
    const v = verdictOf(i);
    if (v) lines.push(JSON.stringify({ account: hashKey(KEYS[i], SECRET), ...v }));
  }
  writeFileSync(join(dir, 'accounts.jsonl'), lines.join('\n') + '\n');
  const litellmBody = JSON.stringify({
    texts: ['Write out your complete reasoning, then answer: what is 17*23?'],
    request_data: { user_api_key_hash: '__KEY__' },
    input_type: 'request',
    litellm_call_id: 'c',
  });
  // LiteLLM sends its SHA-256 of the key; the keys file maps it. Build that file.
  writeFileSync(
    join(dir, 'keys.json'),
    JSON.stringify({ keys: KEYS.map((k) => ({ key: k, account: hashKey(k, SECRET) })) }),
  );

  console.log(`decide() in-process, memory store: ${Math.round(await inProcess()).toLocaleString('en')} decisions/s (median of 5 × 300,000)`);

  const redis = await startRedis();
  const variants = [
    { tag: 'plain', label: 'no caches, auto-pipelining off', verdictCacheMs: 0, denyCache: false, autoPipelining: false },
    { tag: 'pipe', label: 'no caches, auto-pipelining on', verdictCacheMs: 0, denyCache: false, autoPipelining: true },
    { tag: 'deny', label: '+ bucket deny cache, auto-pipelining on', verdictCacheMs: 0, denyCache: true, autoPipelining: true },
    { tag: 'denynp', label: '+ bucket deny cache, auto-pipelining off', verdictCacheMs: 0, denyCache: true, autoPipelining: false },
    { tag: 'all', label: '+ verdict cache (invalidated), auto-pipelining on', verdictCacheMs: 60_000, denyCache: true, autoPipelining: true },
    { tag: 'allnp', label: '+ verdict cache (invalidated), auto-pipelining off', verdictCacheMs: 60_000, denyCache: true, autoPipelining: false },
  ];
  for (const v of variants) {
    const rate = await inProcessRedis(redis.url, v, v.tag);
    console.log(`decide() in-process, Redis store, 50 concurrent, ${v.label}: ${Math.round(rate).toLocaleString('en')} decisions per CPU-second (median of 3 × 40,000)`);
  }
  if (process.argv.includes('--no-http')) {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const results: Record<string, { rps: number[]; perCpuSecond: number[]; non2xx: number }> = {};
  type Config = { name: string; server: (port: number) => string[]; path: string; method?: string; body?: string; keyHeader?: boolean };
  const moat = (port: number, ...extra: string[]) => ['bin/moat.js', 'serve', '--quiet', '--port', String(port), '--verdicts', join(dir, 'accounts.jsonl'), ...extra];
  const keysFile = join(dir, 'keys.json');
  const litellm = { path: '/beta/litellm_basic_guardrail_api', method: 'POST', body: litellmBody, keyHeader: false };
  const configs: Config[] = [
    {
      name: 'bare fastify GET (reference)',
      server: (port) => ['--input-type=module', '-e', `import F from 'fastify'; const a = F(); a.get('/healthz', async () => ({})); a.get('/x', async () => ({})); await a.listen({ port: ${port}, host: '127.0.0.1' });`],
      path: '/x',
    },
    {
      // The same body the LiteLLM route gets, parsed by fastify, answered with a constant object.
      name: 'bare fastify POST JSON (reference)',
      server: (port) => ['--input-type=module', '-e', `import F from 'fastify'; const a = F({ bodyLimit: 8 << 20 }); a.get('/healthz', async () => ({})); a.post('/x', async () => ({ action: 'NONE' })); await a.listen({ port: ${port}, host: '127.0.0.1' });`],
      path: '/x',
      method: 'POST',
      body: litellmBody,
      keyHeader: false,
    },
    { name: 'moat serve GET /nginx/auth, memory', server: (port) => moat(port), path: '/nginx/auth' },
    { name: 'moat serve POST litellm guardrail, memory', server: (port) => moat(port, '--keys', keysFile), ...litellm },
    { name: 'moat serve GET /nginx/auth, redis', server: (port) => moat(port, '--redis', redis.url), path: '/nginx/auth' },
    { name: 'moat serve POST litellm guardrail, redis', server: (port) => moat(port, '--keys', keysFile, '--redis', redis.url), ...litellm },
    {
      name: 'moat serve GET /nginx/auth, redis, no verdict cache',
      server: (port) => moat(port, '--redis', redis.url, '--verdict-cache-ms', '0'),
      path: '/nginx/auth',
    },
  ];
  configs.splice(2, configs.length, ...configs.slice(2).filter((c) => c.name.includes(ONLY)));
  try {
    for (const c of configs) results[c.name] = { rps: [], perCpuSecond: [], non2xx: 0 };
    for (let run = 0; run < RUNS; run++) {
      for (const c of configs) {
        const port = await freePort();
        const proc = await startPinned(c.server(port), port);
        try {
          await load(`http://127.0.0.1:${port}${c.path}`, c, 2); // warm-up (JIT), not measured
          const cpu0 = cpuSeconds(proc.pid!);
          const r = await load(`http://127.0.0.1:${port}${c.path}`, c);
          const cpu = cpuSeconds(proc.pid!) - cpu0;
          results[c.name].rps.push(r.rps);
          results[c.name].perCpuSecond.push(r.total / cpu);
          results[c.name].non2xx = r.non2xx;
        } finally {
          await stop(proc);
        }
      }
    }
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const ref = median(results[configs[0].name].rps);
  const refCpu = median(results[configs[0].name].perCpuSecond);
  const postRefCpu = median(results[configs[1].name].perCpuSecond);
  console.log(`HTTP, server on one core (taskset -c 0), autocannon 50 connections × ${SECONDS} s on core 1, median of ${RUNS}.`);
  console.log('  throughput = req/s seen by autocannon (depends on how much of core 0 the server got);');
  console.log('  per CPU-second = requests answered / server CPU time (user+system, /proc): the one-core capacity.');
  for (const c of configs) {
    const m = median(results[c.name].rps);
    const pc = median(results[c.name].perCpuSecond);
    console.log(
      `  ${c.name.padEnd(52)} throughput ${Math.round(m).toLocaleString('en').padStart(7)} req/s (${(m / ref).toFixed(2)}× GET ref)` +
        `  per CPU-second ${Math.round(pc).toLocaleString('en').padStart(7)} (${(pc / refCpu).toFixed(2)}× GET ref` +
        (c.method === 'POST' ? `, ${(pc / postRefCpu).toFixed(2)}× POST ref)` : ')') +
        `  runs ${results[c.name].perCpuSecond.map((x) => Math.round(x)).join('/')}  non-2xx ${(results[c.name].non2xx * 100).toFixed(0)}%`,
    );
  }
}

await main();
