/**
 * Redis state store: verdicts, allowlist and token buckets shared by every gateway/serve process
 * pointed at the same Redis. Each bucket decision is ONE EVALSHA (ioredis defineCommand falls
 * back to EVAL on NOSCRIPT) that checks and consumes the account and campaign buckets together.
 *
 * Fails fast: no offline queue and no per-command retries, so a dead Redis surfaces as a
 * StoreUnavailableError within `commandTimeoutMs` and the enforcer applies the fail mode;
 * ioredis keeps reconnecting in the background and the store recovers on its own.
 *
 * Round trips saved where correctness allows (both only while the connection is up, so a dead
 * Redis still gets the fail mode at once):
 * - verdict/allowlist lookups cached in process (./verdict-cache.ts), kept coherent by Redis
 *   keyspace invalidations (./invalidation.ts); `verdictCacheMs` bounds an entry's age;
 * - bucket refusals remembered until the refill could cover them (./deny-cache.ts): exact,
 *   a throttled fleet's retries cost no round trip. Admissions always go to Redis.
 */
import { Redis } from 'ioredis';
import { idleTtlMs } from './bucket.js';
import { createDenyCache } from './deny-cache.js';
import { subscribeInvalidations, type InvalidationFeed } from './invalidation.js';
import { DEBIT_LUA, LOOKUP_LUA, TAKE_LUA } from './lua.js';
import { createVerdictCache, type PendingRead } from './verdict-cache.js';
import {
  StoreUnavailableError,
  type BucketSpec,
  type LookupResult,
  type StateStore,
  type StoredVerdict,
  type TakeResult,
} from './store.js';

export interface RedisStoreOptions {
  /** redis://host:port/db */
  url: string;
  /** Key prefix, so several deployments can share one Redis. Default `moat:`. */
  prefix?: string;
  /** Per-command timeout. Default 250 ms. */
  commandTimeoutMs?: number;
  /** How long createRedisStore waits for the first connection before returning anyway. Default 2000 ms. */
  connectWaitMs?: number;
  /**
   * Keep each account's verdict/allowlist lookup in process for at most this long (ms). 0
   * (default) = every decision reads Redis. With `verdictCacheInvalidation` (the default) a
   * write by any client reaches the cache as a keyspace invalidation right after it executes,
   * and nothing is cached while that feed is down; without it a write by another process is
   * seen up to N ms late. Either way the cache is bypassed while the connection is down.
   */
  verdictCacheMs?: number;
  /** Keep the verdict cache coherent with CLIENT TRACKING invalidations (Redis ≥ 6). Default true. */
  verdictCacheInvalidation?: boolean;
  /** Most cached lookups (oldest dropped). Default 100,000. */
  verdictCacheSize?: number;
  /** Remember bucket refusals locally until the refill could cover them (exact). Default true. */
  denyCache?: boolean;
  /**
   * ioredis auto-pipelining (commands issued in one event-loop turn share one write). Default
   * false: measured (bench/decide.ts, 50 concurrent decisions) it cost the calling process
   * 1.06–2.1× more CPU a decision than plain writes without the caches, and about the same with them.
   */
  autoPipelining?: boolean;
  /** Called on connection errors (rate-limited by the caller if needed). */
  onError?: (err: Error) => void;
}

type Scripted = Redis & {
  moatTake(numKeys: number, ...args: (string | number)[]): Promise<[number, string]>;
  moatDebit(numKeys: number, ...args: (string | number)[]): Promise<number>;
  moatLookup(k1: string, k2: string, account: string): Promise<[string | null, string | null, string | null, number]>;
};

const VERDICTS = new Set(['attack', 'suspect', 'clear']);

function bucketArgs(specs: BucketSpec[], now: number, prefix: string): (string | number)[] {
  const keys = specs.map((s) => prefix + 'b:' + s.key);
  const argv: (string | number)[] = [now];
  for (const s of specs) argv.push(s.capacity, s.refillPerMs, s.cost, s.consume ? 1 : 0, idleTtlMs(s));
  return [specs.length, ...keys, ...argv];
}

/**
 * @example
 * const store = await createRedisStore({ url: 'redis://127.0.0.1:6379' });
 * await store.take([{ key: 'acct:req:a', capacity: 5, refillPerMs: 0.001, cost: 1, consume: true }], Date.now());
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<StateStore> {
  const prefix = options.prefix ?? 'moat:';
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 1000,
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
    lazyConnect: false,
    enableAutoPipelining: options.autoPipelining === true,
  }) as Scripted;
  redis.on('error', (err: Error) => options.onError?.(err));
  redis.defineCommand('moatTake', { lua: TAKE_LUA });
  redis.defineCommand('moatDebit', { lua: DEBIT_LUA });
  redis.defineCommand('moatLookup', { lua: LOOKUP_LUA, numberOfKeys: 2 });


  async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Error && /NOSCRIPT|WRONGTYPE|ERR /.test(err.message) && redis.status === 'ready') throw err;
      throw new StoreUnavailableError(`redis ${what} failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }

  const vkey = (account: string) => prefix + 'v:' + account;
  const allowKey = prefix + 'allow';

  const cacheMs = options.verdictCacheMs ?? 0;
  const cache = createVerdictCache({ maxAgeMs: cacheMs, maxEntries: options.verdictCacheSize ?? 100_000 });
  const deny = options.denyCache === false ? null : createDenyCache();
  let feed: InvalidationFeed | null = null;
  if (cacheMs > 0 && options.verdictCacheInvalidation !== false) {
    feed = subscribeInvalidations({
      url: options.url,
      prefixes: [prefix + 'v:', allowKey],
      onKeys: (keys) => {
        for (const k of keys) {
          if (k.startsWith(prefix + 'v:')) cache.invalidate(k.slice(prefix.length + 2));
          else cache.flush(); // the allowlist set changed
        }
      },
      onReset: () => {
        cache.flush();
        deny?.clear(); // a FLUSHALL or restart also reset the buckets
      },
      onError: options.onError,
    });
  }
  // Redis restarted (state lost) or the link was down: forget what was known.
  redis.on('ready', () => {
    cache.flush();
    deny?.clear();
  });
  const up = () => redis.status === 'ready';

  // Wait (bounded) for the connection and, when caching, the invalidation feed.
  const waitMs = options.connectWaitMs ?? 2000;
  const connected = new Promise<void>((resolve) => (up() ? resolve() : redis.once('ready', () => resolve())));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([connected, feed?.started]),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  const caching = () => cacheMs > 0 && up() && (feed === null || feed.live);
  const forget = (account: string) => cache.invalidate(account);
  const inflight = new Map<string, { read: PendingRead; promise: Promise<LookupResult> }>();

  async function lookupRedis(account: string): Promise<LookupResult> {
    const [verdict, campaign, score, allowed] = await redis.moatLookup(vkey(account), allowKey, account);
    const known = verdict !== null && VERDICTS.has(verdict);
    return {
      verdict: known
        ? { verdict: verdict as StoredVerdict['verdict'], campaign: campaign ? campaign : null, score: Number(score ?? 0) }
        : null,
      allowlisted: allowed === 1,
    };
  }

  /** A write about one account: its cache entry is dropped before and after (own writes are seen at once). */
  async function write(what: string, account: string, fn: () => Promise<unknown>): Promise<void> {
    forget(account);
    try {
      await guard(what, fn);
    } finally {
      forget(account);
    }
  }

  return {
    kind: 'redis',
    lookup(account: string): Promise<LookupResult> {
      const cached = caching();
      if (cached) {
        const hit = cache.get(account);
        if (hit) return Promise.resolve(hit);
        // A burst for one account (many connections at once) shares one read, unless that read
        // was invalidated since it began.
        const f = inflight.get(account);
        if (f && cache.current(f.read)) return f.promise;
      }
      const read = cached ? cache.begin(account) : null;
      const promise = guard('lookup', async () => {
        let value: LookupResult | undefined;
        try {
          value = await lookupRedis(account);
          return value;
        } finally {
          if (read) cache.end(read, value);
        }
      });
      if (read) {
        inflight.set(account, { read, promise });
        const done = () => {
          if (inflight.get(account)?.read === read) inflight.delete(account);
        };
        promise.then(done, done);
      }
      return promise;
    },
    setVerdict(account, v) {
      return write('setVerdict', account, () =>
        redis.hset(vkey(account), 'verdict', v.verdict, 'campaign', v.campaign ?? '', 'score', String(v.score)),
      );
    },
    clearVerdict(account) {
      return write('clearVerdict', account, () => redis.del(vkey(account)));
    },
    addAllowlist(account) {
      return write('addAllowlist', account, () => redis.sadd(allowKey, account));
    },
    removeAllowlist(account) {
      return write('removeAllowlist', account, () => redis.srem(allowKey, account));
    },
    take(specs: BucketSpec[], now: number): Promise<TakeResult> {
      if (specs.length === 0) return Promise.resolve({ ok: true, failed: -1, retryAfterMs: 0 });
      if (deny && up()) {
        const known = deny.check(specs, now);
        if (known) return Promise.resolve(known);
      }
      return guard('take', async () => {
        const [failed, wait] = await redis.moatTake(...(bucketArgs(specs, now, prefix) as [number, ...string[]]));
        if (failed === 0) return { ok: true, failed: -1, retryAfterMs: 0 };
        const r = { ok: false, failed: failed - 1, retryAfterMs: Number(wait) };
        deny?.record(specs, now, r);
        return r;
      });
    },
    debit(specs: BucketSpec[], now: number): Promise<void> {
      if (specs.length === 0) return Promise.resolve();
      deny?.forget(specs);
      return guard('debit', async () => {
        await redis.moatDebit(...(bucketArgs(specs, now, prefix) as [number, ...string[]]));
      });
    },
    async close() {
      feed?.close();
      redis.disconnect();
    },
  };
}
