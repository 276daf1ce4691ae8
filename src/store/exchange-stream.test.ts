/**
 * The exchange stream on a real redis-server (started here on a free port): bounded by MAXLEN,
 * read from the start or from now, and an append while Redis is down fails at once, counted,
 * without throwing or queueing in the gateway's memory.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangePublisher, createStreamReader } from './exchange-stream.js';
import { startRedis, type RedisHarness } from './redis-harness.js';

let redis: RedisHarness;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const settle = async (cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Collect what a reader yields until `n` chunks arrived. */
async function take(reader: ReturnType<typeof createStreamReader>, n: number): Promise<string[]> {
  const got: string[] = [];
  for await (const chunk of reader.chunks) {
    got.push(chunk.toString('utf8'));
    if (got.length >= n) break;
  }
  await reader.stop();
  return got;
}

describe('exchange stream', () => {
  it('keeps the stream near MAXLEN however much is appended', async () => {
    const pub = await createExchangePublisher({ url: redis.url, key: 's:bounded', maxLen: 10 });
    for (let i = 0; i < 1000; i++) pub.publish(`{"n":${i}}\n`);
    await settle(() => pub.stats.entries === 1000);
    const raw = new Redis(redis.url);
    const len = await raw.xlen('s:bounded');
    raw.disconnect();
    await pub.close();
    // approximate trimming drops whole nodes (100 entries each by default): near 10, never 1000
    expect(len).toBeGreaterThanOrEqual(10);
    expect(len).toBeLessThanOrEqual(200);
  });

  it('reads from 0 everything kept, from $ only what comes after, each entry ending a line', async () => {
    const pub = await createExchangePublisher({ url: redis.url, key: 's:read' });
    pub.publish('{"old":1}\n');
    pub.publish('{"old":2}'); // no final newline
    await settle(() => pub.stats.entries === 2);
    const fromStart = take(createStreamReader({ url: redis.url, key: 's:read', from: '0', blockMs: 50 }), 2);
    expect(await fromStart).toEqual(['{"old":1}\n', '{"old":2}\n']);
    const fresh = createStreamReader({ url: redis.url, key: 's:read', from: '$', blockMs: 50 });
    const fromNow = take(fresh, 1);
    await new Promise((r) => setTimeout(r, 100)); // the reader has resolved '$' to the newest id
    pub.publish('{"new":1}\n');
    expect(await fromNow).toEqual(['{"new":1}\n']);
    await pub.close();
  });

  it('counts an append while Redis is down as failed, without throwing, and appends again once it is back', async () => {
    const errors: boolean[] = [];
    const pub = await createExchangePublisher({ url: redis.url, key: 's:down', onError: (_err, append) => errors.push(append) });
    await redis.kill();
    await settle(async () => {
      pub.publish('{"lost":1}\n');
      await new Promise((r) => setTimeout(r, 20));
      return pub.stats.failed > 0;
    });
    expect(errors).toContain(true);
    await redis.restart();
    await settle(async () => {
      pub.publish('{"back":1}\n');
      await new Promise((r) => setTimeout(r, 20));
      return pub.stats.entries > 0;
    });
    await pub.close();
  });

  it('reports its lag behind the newest entry by the entries\' timestamps, 0 once caught up', async () => {
    const pub = await createExchangePublisher({ url: redis.url, key: 's:lag' });
    pub.publish('{"a":1}\n');
    await settle(() => pub.stats.entries === 1);
    await new Promise((r) => setTimeout(r, 150));
    pub.publish('{"a":2}\n');
    await settle(() => pub.stats.entries === 2);
    const reader = createStreamReader({ url: redis.url, key: 's:lag', from: '0', blockMs: 50 });
    expect(await reader.lag()).toBeGreaterThanOrEqual(0.15);
    const it = reader.chunks[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    expect(await reader.lag()).toBe(0);
    await reader.stop();
    await pub.close();
  });

  it('counts the entries trimmed before it read them, from the gaps in each publisher\'s sequence', async () => {
    const pub = await createExchangePublisher({ url: redis.url, key: 's:missed', maxLen: 10 });
    pub.publish('{"n":0}\n');
    await settle(() => pub.stats.entries === 1);
    const reader = createStreamReader({ url: redis.url, key: 's:missed', from: '0', blockMs: 50 });
    const it = reader.chunks[Symbol.asyncIterator]();
    await it.next(); // read the first entry, then fall behind by 500
    for (let i = 1; i <= 500; i++) pub.publish(`{"n":${i}}\n`);
    await settle(() => pub.stats.entries === 501);
    let read = 1;
    for (;;) {
      const r = await it.next();
      read++;
      if (r.value?.toString() === '{"n":500}\n') break;
    }
    // every entry was read or counted as missed, and trimming did drop most of them
    expect(read + reader.missed).toBe(501);
    expect(reader.missed).toBeGreaterThan(250);
    await reader.stop();
    await pub.close();
  });
});

