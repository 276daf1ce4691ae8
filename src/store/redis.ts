/**
 * Redis state store: verdicts, allowlist and token buckets shared by every gateway/serve process
 * pointed at the same Redis. Each bucket decision is ONE EVALSHA (ioredis defineCommand falls
 * back to EVAL on NOSCRIPT) that checks and consumes the account and campaign buckets together.
 *
 * Fails fast: no offline queue and no per-command retries, so a dead Redis surfaces as a
 * StoreUnavailableError within `commandTimeoutMs` and the enforcer applies the fail mode;
 * ioredis keeps reconnecting in the background and the store recovers on its own.
 */
import { Redis } from 'ioredis';
import { idleTtlMs } from './bucket.js';
import { DEBIT_LUA, LOOKUP_LUA, TAKE_LUA } from './lua.js';
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
   * Keep each account's verdict/allowlist lookup in process for this long (ms). 0 (default) =
   * every decision reads Redis. With N > 0 a verdict written by another process is seen up to
   * N ms late, and cached accounts keep being decided from the cache while Redis is down.
   * Buckets are never cached.
   */
  verdictCacheMs?: number;
  /** Most cached lookups (oldest dropped). Default 100,000. */
  verdictCacheSize?: number;
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
    // Commands issued in the same event-loop turn (many concurrent decisions) share one write.
    enableAutoPipelining: true,
  }) as Scripted;
  redis.on('error', (err: Error) => options.onError?.(err));
  redis.defineCommand('moatTake', { lua: TAKE_LUA });
  redis.defineCommand('moatDebit', { lua: DEBIT_LUA });
  redis.defineCommand('moatLookup', { lua: LOOKUP_LUA, numberOfKeys: 2 });

  await new Promise<void>((resolve) => {
    if (redis.status === 'ready') return resolve();
    const timer = setTimeout(resolve, options.connectWaitMs ?? 2000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });

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

  const cacheMs = options.verdictCacheMs ?? 0;
  const cacheSize = options.verdictCacheSize ?? 100_000;
  const cache = new Map<string, { value: LookupResult; expires: number }>();
  const forget = (account: string) => cache.delete(account);

  const vkey = (account: string) => prefix + 'v:' + account;
  const allowKey = prefix + 'allow';

  return {
    kind: 'redis',
    lookup(account: string): Promise<LookupResult> {
      if (cacheMs > 0) {
        const hit = cache.get(account);
        if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value);
      }
      return guard('lookup', async () => {
        const [verdict, campaign, score, allowed] = await redis.moatLookup(vkey(account), allowKey, account);
        const known = verdict !== null && VERDICTS.has(verdict);
        const value: LookupResult = {
          verdict: known
            ? {
                verdict: verdict as StoredVerdict['verdict'],
                campaign: campaign ? campaign : null,
                score: Number(score ?? 0),
              }
            : null,
          allowlisted: allowed === 1,
        };
        if (cacheMs > 0) {
          cache.delete(account);
          cache.set(account, { value, expires: Date.now() + cacheMs });
          if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
        }
        return value;
      });
    },
    setVerdict(account, v) {
      forget(account);
      return guard('setVerdict', async () => {
        await redis.hset(vkey(account), 'verdict', v.verdict, 'campaign', v.campaign ?? '', 'score', String(v.score));
      });
    },
    clearVerdict(account) {
      forget(account);
      return guard('clearVerdict', async () => {
        await redis.del(vkey(account));
      });
    },
    addAllowlist(account) {
      forget(account);
      return guard('addAllowlist', async () => {
        await redis.sadd(allowKey, account);
      });
    },
    removeAllowlist(account) {
      forget(account);
      return guard('removeAllowlist', async () => {
        await redis.srem(allowKey, account);
      });
    },
    take(specs: BucketSpec[], now: number): Promise<TakeResult> {
      if (specs.length === 0) return Promise.resolve({ ok: true, failed: -1, retryAfterMs: 0 });
      return guard('take', async () => {
        const [failed, wait] = await redis.moatTake(...(bucketArgs(specs, now, prefix) as [number, ...string[]]));
        return failed === 0
          ? { ok: true, failed: -1, retryAfterMs: 0 }
          : { ok: false, failed: failed - 1, retryAfterMs: Number(wait) };
      });
    },
    debit(specs: BucketSpec[], now: number): Promise<void> {
      if (specs.length === 0) return Promise.resolve();
      return guard('debit', async () => {
        await redis.moatDebit(...(bucketArgs(specs, now, prefix) as [number, ...string[]]));
      });
    },
    async close() {
      redis.disconnect();
    },
  };
}
