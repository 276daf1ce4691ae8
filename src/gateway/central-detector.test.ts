/**
 * Several gateways, one detector, on a real redis-server (started here on a free port): two
 * gateways publish what they record to the exchange stream and `moat detect`'s loop
 * (src/verdict/run-detect.ts) reads it, so two fleets whose requests alternate between the gateways
 * each get one campaign id, which both gateways enforce. The control shows what it fixes: with a
 * detector in each gateway, two unrelated fleets, one behind each gateway, are both named C0001
 * in the shared store, and so would share one campaign budget. Fleet membership is known only
 * to this test, never to the detector.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../core/detector.js';
import { createQuarantine } from '../ingest/quarantine.js';
import { createExchangePublisher, createStreamReader, DEFAULT_EXCHANGE_STREAM } from '../store/exchange-stream.js';
import { createRedisStore, type StateStore } from '../store/index.js';
import { startRedis, type RedisHarness } from '../store/redis-harness.js';
import { createDetector } from '../verdict/detector.js';
import { startDetect, type DetectRun } from '../verdict/run-detect.js';
import { startStack, TEST_SECRET, type Stack } from './testing/harness.js';

let redis: RedisHarness;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const fleet = (name: string) => Array.from({ length: 6 }, (_, i) => `sk-${name}-${i}-${'f'.repeat(20)}`);
const FLEET_A = fleet('alpha');
const FLEET_B = fleet('beta');
const LEGIT = Array.from({ length: 4 }, (_, i) => `sk-legit-${i}-${'l'.repeat(20)}`);
const TOPICS = ['a binary heap', 'the Fourier transform', 'TCP congestion control', 'Bayes rule', 'a B-tree split', 'Dijkstra', 'RSA signing', 'Raft elections'];
const CASUAL = ['what should I cook tonight?', 'translate "good morning" to French', 'a haiku about rain', 'suggest a name for a cat'];

const KEYS: Record<string, string> = {};
FLEET_A.forEach((k, i) => (KEYS[k] = `acct_alpha_${i}`));
FLEET_B.forEach((k, i) => (KEYS[k] = `acct_beta_${i}`));
LEGIT.forEach((k, i) => (KEYS[k] = `acct_user_${i}`));

interface Deployment {
  stacks: Stack[];
  stores: StateStore[];
  /** Wait until whatever detects has seen `served` exchanges and written what changed. */
  settle(served: number): Promise<void>;
  close(): Promise<void>;
}

const waitFor = async (cond: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Two gateways on one Redis; `central`: one detector behind the exchange stream, else one detector in each gateway. */
async function deploy(central: boolean, clock: { now: number }, stream: string, prefix: string): Promise<Deployment & { run?: DetectRun; stopDetect?: () => Promise<void> }> {
  const stores = await Promise.all([0, 1, 2].map(() => createRedisStore({ url: redis.url, prefix })));
  const stacks: Stack[] = [];
  const publishers = central ? await Promise.all([0, 1].map(() => createExchangePublisher({ url: redis.url, key: stream }))) : [];
  const local: Detector[] = [];
  for (let g = 0; g < 2; g++) {
    const detector = central ? undefined : createDetector({ seed: 7 });
    if (detector) local.push(detector);
    stacks.push(await startStack({ keys: KEYS, store: stores[g], detector, sink: publishers[g]?.publish, gateway: { now: () => clock.now, trustProxy: true }, logLevel: 'silent' }));
  }
  let run: DetectRun | undefined;
  let reader: ReturnType<typeof createStreamReader> | undefined;
  if (central) {
    reader = createStreamReader({ url: redis.url, key: stream, from: '0', blockMs: 50 });
    const quarantine = createQuarantine(mkdtempSync(join(tmpdir(), 'moat-detect-')));
    run = startDetect({ source: { name: `redis:${stream}`, chunks: reader.chunks, bytesRead: reader.bytesRead }, detector: createDetector({ seed: 7 }), store: stores[2], quarantine, keySecret: TEST_SECRET, resyncMs: 20 });
  }
  return {
    stacks,
    stores,
    run,
    stopDetect: async () => {
      await reader?.stop();
      await run?.done;
    },
    async settle(served) {
      for (const s of stacks) await s.recorder.flush();
      if (run) {
        await waitFor(() => run!.stats.exchanges >= served, `the detector to read ${served} exchanges`);
        await new Promise((r) => setTimeout(r, 60)); // a resync (every 20 ms) after the last one
      } else for (const s of stacks) await s.recorder.resync();
    },
    async close() {
      await reader?.stop();
      await run?.done;
      for (const s of stacks) await s.close();
      for (const p of publishers) await p.close();
      for (const s of stores) await s.close();
    },
  };
}

interface Traffic {
  /** HTTP status of each request of each account, by gateway index. */
  status: Map<string, { gw: number; code: number }[]>;
  served: number;
}

/**
 * 40 rounds, a simulated 6 minutes apart. `route(account index in its fleet, round)` picks the
 * gateway of a fleet request; ordinary users alternate.
 */
async function drive(d: Deployment, clock: { now: number }, route: (fleet: 'A' | 'B', i: number, round: number) => number): Promise<Traffic> {
  const status = new Map<string, { gw: number; code: number }[]>();
  let served = 0;
  const send = async (gw: number, key: string, ip: string, ua: string, content: string): Promise<void> => {
    const res = await fetch(d.stacks[gw].url + '/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': ip, 'user-agent': ua, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', max_tokens: 4096, messages: [{ role: 'user', content }] }),
    });
    await res.text();
    if (res.status === 200) served++;
    const account = KEYS[key];
    status.set(account, [...(status.get(account) ?? []), { gw, code: res.status }]);
  };
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 6; i++) {
      const topic = TOPICS[(round + i) % TOPICS.length];
      // two operators: their own template, subnet and client
      await send(route('A', i, round), FLEET_A[i], `198.51.100.${10 + i}`, 'harvester/1.0',
        `You are a world-class expert. Solve the following problem about ${topic} (case ${round * 10 + i}). Write out your complete reasoning step by step, showing every intermediate derivation, before giving the final answer.`);
      clock.now += 500;
      await send(route('B', i, round), FLEET_B[i], `192.0.2.${30 + i}`, 'collector/3.2',
        `Task ${round * 10 + i}: explain ${topic} to a graduate student. Think through it carefully and include your full chain of thought, every step, then a final summary.`);
      clock.now += 500;
    }
    if (round % 3 === 0) {
      for (let j = 0; j < LEGIT.length; j++) {
        await send((round + j) % 2, LEGIT[j], `203.0.${113 + j}.${20 + j * 7}`, `client-${j}/2.${j}`, CASUAL[(round + j) % CASUAL.length]);
        clock.now += 37_000 * (j + 1);
      }
    }
    clock.now += 6 * 60_000;
    await d.settle(served);
  }
  return { status, served };
}

const storedCampaign = async (store: StateStore, account: string): Promise<string | null> => (await store.lookup(account)).verdict?.campaign ?? null;

describe('several gateways, one detector (exchange stream)', () => {
  it('gives each fleet one campaign id across both gateways, both gateways enforce it, ordinary users pass', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    const d = await deploy(true, clock, DEFAULT_EXCHANGE_STREAM, 'central:');
    try {
      // every fleet account's requests alternate between the two gateways
      const t = await drive(d, clock, (_f, i, round) => (round + i) % 2);
      const ids = async (keys: string[]) => Promise.all(keys.map((k) => storedCampaign(d.stores[0], KEYS[k])));
      const a = await ids(FLEET_A), b = await ids(FLEET_B);
      // one id a fleet (at most one account not yet linked), and the two fleets told apart
      const main = (xs: (string | null)[]) => xs.filter((x) => x !== null).sort()[0] ?? null;
      expect(main(a)).toMatch(/^C\d{4}$/);
      expect(main(b)).toMatch(/^C\d{4}$/);
      expect(a.filter((x) => x === main(a)).length).toBeGreaterThanOrEqual(5);
      expect(b.filter((x) => x === main(b)).length).toBeGreaterThanOrEqual(5);
      expect(main(a)).not.toBe(main(b));
      // both gateways refused fleet requests once linked; the first requests were served
      for (const fleetKeys of [FLEET_A, FLEET_B]) {
        const byGw = [0, 1].map((gw) => fleetKeys.flatMap((k) => t.status.get(KEYS[k])!.filter((s) => s.gw === gw && (s.code === 403 || s.code === 429))).length);
        expect(byGw[0]).toBeGreaterThan(0);
        expect(byGw[1]).toBeGreaterThan(0);
        for (const k of fleetKeys) expect(t.status.get(KEYS[k])![0].code).toBe(200);
      }
      for (const k of LEGIT) for (const s of t.status.get(KEYS[k])!) expect(s.code).toBe(200);
      // the detector read every served exchange, from both gateways, and no line was quarantined
      expect(d.run!.stats.exchanges).toBe(t.served);
      expect(d.run!.stats.quarantined).toBe(0);
      expect(d.stacks[0].lines.length).toBeGreaterThan(0);
      expect(d.stacks[1].lines.length).toBeGreaterThan(0);
      expect(d.stacks[0].lines.length + d.stacks[1].lines.length).toBe(t.served);

      // a replay of the stream from 0 by a fresh detector gives the same verdicts (same input, same output)
      await d.stopDetect!();
      const out1 = mkdtempSync(join(tmpdir(), 'moat-detect-out-'));
      await d.run!.writeResult(out1);
      const replayStore = await createRedisStore({ url: redis.url, prefix: 'replay:' });
      const reader = createStreamReader({ url: redis.url, from: '0', blockMs: 50 });
      const replay = startDetect({ source: { name: 'replay', chunks: reader.chunks, bytesRead: reader.bytesRead }, detector: createDetector({ seed: 7 }), store: replayStore, quarantine: createQuarantine(null), keySecret: TEST_SECRET });
      await waitFor(() => replay.stats.exchanges >= t.served, 'the replay');
      await reader.stop();
      await replay.done;
      const out2 = mkdtempSync(join(tmpdir(), 'moat-detect-out-'));
      await replay.writeResult(out2);
      expect(readFileSync(join(out2, 'accounts.jsonl'), 'utf8')).toBe(readFileSync(join(out1, 'accounts.jsonl'), 'utf8'));
      expect(readFileSync(join(out2, 'campaigns.json'), 'utf8')).toBe(readFileSync(join(out1, 'campaigns.json'), 'utf8'));
      await replayStore.close();
    } finally {
      await d.close();
    }
  }, 120_000);

  it('control: a detector in each gateway names two unrelated fleets, one behind each gateway, both C0001', async () => {
    const clock = { now: Date.parse('2026-03-02T08:00:00Z') };
    const d = await deploy(false, clock, 'unused', 'local:');
    try {
      await drive(d, clock, (f) => (f === 'A' ? 0 : 1));
      const a = await Promise.all(FLEET_A.map((k) => storedCampaign(d.stores[0], KEYS[k])));
      const b = await Promise.all(FLEET_B.map((k) => storedCampaign(d.stores[0], KEYS[k])));
      expect(a.filter((x) => x === 'C0001').length).toBeGreaterThanOrEqual(5);
      expect(b.filter((x) => x === 'C0001').length).toBeGreaterThanOrEqual(5);
    } finally {
      await d.close();
    }
  }, 120_000);

  it('quarantines bad stream entries with stream:line and the reason, and reads on', async () => {
    const stream = 'moat:bad-input';
    const raw = new Redis(redis.url);
    const good = (id: string, n: number) => JSON.stringify({ id, ts: `2026-03-02T08:00:0${n}Z`, account: 'acct_x', messages: [{ role: 'user', content: 'hello' }] });
    try {
      await raw.xadd(stream, '*', 'l', good('e1', 1) + '\n' + '{"id": "e2", "ts": 5, "account": "acct_x", "messages": []}\n' + 'not json at all\n');
      await raw.xaddBuffer(stream, '*', 'l', Buffer.concat([Buffer.from('{"id":"e3","ts":"2026-03-02T08:00:03Z","account":"acct_'), Buffer.from([0xff, 0xfe]), Buffer.from('","messages":[]}\n')]));
      await raw.xadd(stream, '*', 'l', '<script>alert(1)</script>' + 'x'.repeat(64) + '\n' + good('e4', 4)); // no final newline: the entry still ends a line
      await raw.xadd(stream, '*', 'other', 'field');
      const dir = mkdtempSync(join(tmpdir(), 'moat-detect-q-'));
      const quarantine = createQuarantine(dir);
      const store = await createRedisStore({ url: redis.url, prefix: 'bad:' });
      const reader = createStreamReader({ url: redis.url, key: stream, from: '0', blockMs: 50 });
      const run = startDetect({ source: { name: `redis:${stream}`, chunks: reader.chunks, bytesRead: reader.bytesRead }, detector: createDetector(), store, quarantine, keySecret: TEST_SECRET });
      await waitFor(() => run.stats.exchanges >= 2 && run.stats.quarantined >= 4, 'two exchanges and four quarantined lines');
      await reader.stop();
      const stats = await run.done;
      quarantine.close();
      await store.close();
      expect(stats.exchanges).toBe(2);
      expect(reader.skipped).toBe(1); // the entry without an `l` field
      const entries = readFileSync(join(dir, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; reason: string });
      expect(entries.map((e) => [e.file, e.line, e.reason])).toEqual([
        [`redis:${stream}`, 2, 'wrong_type'],
        [`redis:${stream}`, 3, 'invalid_json'],
        [`redis:${stream}`, 4, 'invalid_utf8'],
        [`redis:${stream}`, 5, 'invalid_json'],
      ]);
    } finally {
      raw.disconnect();
    }
  }, 30_000);
});
