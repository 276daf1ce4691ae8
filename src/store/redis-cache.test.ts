import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnforcer } from '../enforce/decide.js';
import { parsePolicy } from '../enforce/policy.js';
import { startRedis, type RedisHarness } from './redis-harness.js';
import { createRedisStore } from './redis.js';

// A REAL redis-server: the coherent verdict cache and the bucket deny cache of the Redis store.
let redis: RedisHarness;
let raw: Redis;
beforeAll(async () => {
  redis = await startRedis();
  // Survives the restart below (reconnects on its own, queueing commands meanwhile).
  raw = new Redis(redis.url);
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Script calls Redis has executed so far (every lookup/take/debit is one EVALSHA, or EVAL the first time). */
async function evalshaCalls(): Promise<number> {
  const info = await raw.info('commandstats');
  let n = 0;
  for (const m of info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)) n += Number(m[1]);
  return n;
}

/** Poll until `f` holds (invalidations arrive asynchronously, within milliseconds). */
async function eventually(f: () => Promise<boolean>, ms = 2000): Promise<number> {
  const t = Date.now();
  while (!(await f())) {
    if (Date.now() - t > ms) throw new Error('condition not met in time');
    await sleep(2);
  }
  return Date.now() - t;
}

describe('redis store caches (real redis-server)', () => {
  it('cached lookups cost no round trip; writes by another process or any client arrive by invalidation', async () => {
    // 60 s TTL: anything seen sooner than that can only come from an invalidation.
    const a = await createRedisStore({ url: redis.url, prefix: 'inv:', verdictCacheMs: 60_000 });
    const b = await createRedisStore({ url: redis.url, prefix: 'inv:' });
    try {
      expect((await a.lookup('x')).verdict).toBeNull();
      const before = await evalshaCalls();
      for (let i = 0; i < 50; i++) expect((await a.lookup('x')).verdict).toBeNull();
      expect(await evalshaCalls()).toBe(before); // served from the cache

      await b.setVerdict('x', { verdict: 'attack', campaign: 'c1', score: 0.9 });
      const ms = await eventually(async () => (await a.lookup('x')).verdict?.verdict === 'attack');
      expect(ms).toBeLessThan(1000);
      await b.addAllowlist('x');
      await eventually(async () => (await a.lookup('x')).allowlisted);
      await b.removeAllowlist('x');
      await eventually(async () => !(await a.lookup('x')).allowlisted);
      // A write by a client that knows nothing of Moat (redis-cli, another tool) is seen too.
      await raw.hset('inv:v:x', 'verdict', 'suspect');
      await eventually(async () => (await a.lookup('x')).verdict?.verdict === 'suspect');
      await b.clearVerdict('x');
      await eventually(async () => (await a.lookup('x')).verdict === null);
      // FLUSHALL empties the cache.
      await b.setVerdict('y', { verdict: 'attack', campaign: null, score: 1 });
      await eventually(async () => (await a.lookup('y')).verdict !== null);
      await raw.flushall();
      await eventually(async () => (await a.lookup('y')).verdict === null);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a burst of lookups for one account shares one read', async () => {
    const a = await createRedisStore({ url: redis.url, prefix: 'burst:', verdictCacheMs: 60_000 });
    try {
      await a.setVerdict('z', { verdict: 'suspect', campaign: 'c9', score: 0.5 });
      const c0 = await evalshaCalls();
      const rs = await Promise.all(Array.from({ length: 50 }, () => a.lookup('z')));
      expect(await evalshaCalls()).toBe(c0 + 1);
      expect(rs.every((r) => r.verdict?.campaign === 'c9')).toBe(true);
    } finally {
      await a.close();
    }
  });

  it('a throttled account\'s retries are refused locally with the answers Redis gives', async () => {
    const policy = parsePolicy('limits:\n  account: {requests_per_second: 1, burst: 2}\n  campaign: {}\n');
    const cached = await createRedisStore({ url: redis.url, prefix: 'deny1:', verdictCacheMs: 60_000 });
    const plain = await createRedisStore({ url: redis.url, prefix: 'deny2:', denyCache: false });
    try {
      for (const s of [cached, plain]) await s.setVerdict('f', { verdict: 'suspect', campaign: null, score: 0.6 });
      const [e1, e2] = [cached, plain].map((store) => createEnforcer({ store, policy }));
      for (const e of [e1, e2]) await e.decide({ account: 'f', now: T0 }); // warms the verdict cache; same start for both
      const c0 = await evalshaCalls();
      const got = [];
      const want = [];
      // 200 requests over 4 s of event time: ~6 pass, the rest are refused.
      for (let i = 1; i <= 200; i++) {
        got.push(await e1.decide({ account: 'f', now: T0 + i * 20 }));
        want.push(await e2.decide({ account: 'f', now: T0 + i * 20 }));
      }
      const callsCached = (await evalshaCalls()) - c0 - 400; // e2: one lookup + one take each
      expect(got.map((d) => [d.code, d.retryAfterSeconds])).toEqual(want.map((d) => [d.code, d.retryAfterSeconds]));
      expect(got.filter((d) => d.action === 'allow').length).toBeLessThan(10);
      // Each pass and the first refusal after it go to Redis; the other ~190 retries do not.
      expect(callsCached).toBeLessThan(30);
    } finally {
      await cached.close();
      await plain.close();
    }
  });

  it('Redis down: the fail mode applies even to cached accounts; after a restart nothing stale is served', async () => {
    const store = await createRedisStore({ url: redis.url, prefix: 'cdown:', verdictCacheMs: 60_000, commandTimeoutMs: 200 });
    const open = createEnforcer({ store, policy: parsePolicy('fail_mode: open') });
    const closed = createEnforcer({ store, policy: parsePolicy('fail_mode: closed') });
    try {
      await store.setVerdict('bad', { verdict: 'attack', campaign: null, score: 0.9 });
      expect((await open.decide({ account: 'bad', now: T0 })).code).toBe('MOAT_BLOCK_ATTACK');
      expect((await open.decide({ account: 'bad', now: T0 })).code).toBe('MOAT_BLOCK_ATTACK'); // cached

      await redis.kill();
      await eventually(async () => (await open.decide({ account: 'bad', now: T0 })).code === 'MOAT_STORE_DOWN_OPEN');
      expect((await closed.decide({ account: 'bad', now: T0 })).code).toBe('MOAT_STORE_DOWN_CLOSED');

      await redis.restart(); // no persistence: the verdict is gone
      await eventually(async () => (await closed.decide({ account: 'bad', now: T0 })).code === 'MOAT_ALLOW', 10_000);
      // The invalidation feed re-subscribes on its own: lookups are cached again.
      await eventually(async () => {
        await store.lookup('bad');
        const c = await evalshaCalls();
        await store.lookup('bad');
        return (await evalshaCalls()) === c;
      }, 10_000);
      // …and still invalidated.
      await raw.hset('cdown:v:bad', 'verdict', 'attack');
      await eventually(async () => (await closed.decide({ account: 'bad', now: T0 })).code === 'MOAT_BLOCK_ATTACK');
    } finally {
      await store.close();
    }
  });
});
