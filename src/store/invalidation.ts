/**
 * Keyspace invalidations from Redis (server-assisted client-side caching, Redis ≥ 6): one
 * connection runs `CLIENT TRACKING ON REDIRECT <its own id> BCAST PREFIX …` and subscribes to
 * `__redis__:invalidate`, so Redis tells it the name of every key under those prefixes that any
 * client changes (or that expires), right after the change. RESP2 on this connection: ioredis
 * ignores RESP3 `invalidate` pushes, while on RESP2 they arrive as ordinary pub/sub messages.
 *
 * `live` is true only while tracking is on and the subscription confirmed; every time it turns
 * on or off, `onReset` fires (invalidations may have been missed: a cache must drop everything).
 */
import { Redis } from 'ioredis';

export interface InvalidationOptions {
  url: string;
  /** Key prefixes to be told about. */
  prefixes: string[];
  /** Keys that changed. */
  onKeys: (keys: string[]) => void;
  /** Anything may have changed (FLUSHALL/FLUSHDB, feed lost or re-established). */
  onReset: () => void;
  onError?: (err: Error) => void;
}

export interface InvalidationFeed {
  /** true while invalidations are being received. */
  readonly live: boolean;
  /** Resolves the first time the feed goes live (never rejects; may never resolve). */
  readonly started: Promise<void>;
  close(): void;
}

const CHANNEL = '__redis__:invalidate';

/**
 * @example
 * const feed = subscribeInvalidations({ url, prefixes: ['moat:v:'], onKeys: (ks) => ks.forEach(forget), onReset: flush });
 * if (feed.live) { … trust the cache … }
 */
export function subscribeInvalidations(o: InvalidationOptions): InvalidationFeed {
  let live = false;
  let closed = false;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const sub = new Redis(o.url, {
    protocol: 2,
    autoResubscribe: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  });
  const down = () => {
    if (!live) return;
    live = false;
    o.onReset();
  };
  sub.on('error', (err: Error) => o.onError?.(err));
  sub.on('close', down);
  sub.on('end', down);
  sub.on('ready', () => {
    void (async () => {
      try {
        const id = await sub.client('ID');
        const args = ['TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST'];
        for (const p of o.prefixes) args.push('PREFIX', p);
        await sub.call('CLIENT', ...args);
        await sub.subscribe(CHANNEL);
        if (closed) return;
        live = true;
        o.onReset(); // whatever happened before now was not seen
        markStarted();
      } catch (err) {
        // e.g. Redis < 6 or an ACL without CLIENT: no invalidations, so the caller never caches.
        o.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    })();
  });
  sub.on('messageBuffer', (channel: Buffer, message: unknown) => {
    if (String(channel) !== CHANNEL) return;
    if (Array.isArray(message)) o.onKeys(message.map((k) => String(k)));
    else o.onReset(); // null: FLUSHALL / FLUSHDB
  });
  return {
    get live() {
      return live && sub.status === 'ready';
    },
    started,
    close() {
      closed = true;
      live = false;
      sub.disconnect();
    },
  };
}
