/**
 * State stores for enforcement. Thin barrel: memory by default, Redis when given a URL.
 */
export type { BucketSpec, LookupResult, StateStore, StoredVerdict, TakeResult } from './store.js';
export { StoreUnavailableError } from './store.js';
export { createMemoryStore } from './memory.js';
export { createRedisStore } from './redis.js';
import { createMemoryStore } from './memory.js';
import { createRedisStore } from './redis.js';
import type { StateStore } from './store.js';

/**
 * @example const store = await createStore({ redis: process.env.REDIS_URL }); // memory when undefined
 */
export async function createStore(
  options: { redis?: string; verdictCacheMs?: number; onError?: (err: Error) => void } = {},
): Promise<StateStore> {
  return options.redis
    ? createRedisStore({ url: options.redis, verdictCacheMs: options.verdictCacheMs, onError: options.onError })
    : createMemoryStore();
}
