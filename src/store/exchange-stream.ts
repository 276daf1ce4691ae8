/**
 * The exchange stream: several gateways append the exchanges they record to one Redis stream and
 * one `moat detect` process reads it, so a fleet whose requests reach several gateways meets one
 * detector: one set of campaign ids, hence one budget per campaign in the shared store. Without
 * it each gateway's detector sees only its own share of the traffic and names its own `C0001`.
 *
 * An entry is `l <JSONL text> p <publisher id> s <sequence>`: one or more contract exchanges, each
 * line ending in `\n`, as the recorder hands them to its log sink (one XADD a recording slice, not
 * one a request). The stream is capped (`MAXLEN ~`), so a detector that falls behind loses the
 * oldest entries, never the gateways' memory; the reader counts what it lost from the gaps in each
 * publisher's sequence numbers.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const DEFAULT_EXCHANGE_STREAM = 'moat:exchanges';
/**
 * Entries kept (each one recording slice: one exchange at light load, up to 64 at heavy load).
 * The stream is a transport the detector reads as it is written, not an archive: Redis holds
 * about MAXLEN × entry size (an exchange is its prompt and output, 1–100 KB), so keep it modest.
 */
export const DEFAULT_STREAM_MAXLEN = 10_000;
/** Largest entry the reader accepts; a bigger one is skipped and reported (bounded memory). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export interface ExchangePublisher {
  /** Append JSONL text (one or more lines, each ending in `\n`). Never throws, never waits: failures are counted. */
  publish(text: string): void;
  readonly stats: { entries: number; failed: number };
  close(): Promise<void>;
}

export interface PublisherOptions {
  url: string;
  key?: string;
  maxLen?: number;
  /** Connection errors, and appends that failed (`append` true: that entry is not in the stream). */
  onError?: (err: Error, append: boolean) => void;
  /** How long to wait for the first connection before returning anyway (appends fail, counted, until it is up). Default 2000 ms. */
  connectWaitMs?: number;
}

/**
 * @example
 * const pub = await createExchangePublisher({ url: 'redis://127.0.0.1:6379' });
 * pub.publish(JSON.stringify(exchange) + '\n');
 */
export async function createExchangePublisher(o: PublisherOptions): Promise<ExchangePublisher> {
  const key = o.key ?? DEFAULT_EXCHANGE_STREAM;
  const maxLen = String(o.maxLen ?? DEFAULT_STREAM_MAXLEN);
  // No offline queue: while Redis is down an append fails at once (counted) instead of piling up
  // in the gateway's memory; the gateway's own --log-exchanges file still has every exchange.
  const redis = new Redis(o.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: (n: number) => Math.min(50 * n, 1000) });
  redis.on('error', (err: Error) => o.onError?.(err, false));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise<void>((resolve) => redis.once('ready', () => resolve())),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, o.connectWaitMs ?? 2000))),
  ]);
  clearTimeout(timer);
  const stats = { entries: 0, failed: 0 };
  // each entry carries this publisher's id and its sequence number, so the reader can count the
  // entries it never saw (trimmed past MAXLEN before it read them, or appends that failed)
  const id = randomBytes(6).toString('hex');
  let seq = 0;
  return {
    publish(text) {
      if (text.length === 0) return;
      seq++;
      redis.call('XADD', [key, 'MAXLEN', '~', maxLen, '*', 'l', text, 'p', id, 's', String(seq)]).then(
        () => void stats.entries++,
        (err: Error) => {
          stats.failed++;
          o.onError?.(err, true);
        },
      );
    },
    stats,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export interface StreamReader {
  /** Entry texts in stream order, each ending in `\n`; ends after stop(). */
  chunks: AsyncIterable<Buffer>;
  /** Id of the last entry read ('0-0' before any). */
  readonly lastId: string;
  /** Bytes read so far. */
  bytesRead(): number;
  /** Entries skipped: over MAX_ENTRY_BYTES, or without an `l` field. */
  readonly skipped: number;
  /**
   * Entries of a publisher never read, counted from the gaps in its sequence numbers once the
   * reader has seen it: trimmed past MAXLEN before they were read, or appends that failed.
   */
  readonly missed: number;
  /**
   * Seconds between the newest entry and the last one read, by their ids' timestamps (0 when
   * caught up or empty); null when Redis cannot be asked. Asked on a connection of its own.
   */
  lag(): Promise<number | null>;
  stop(): Promise<void>;
}

/** The millisecond part of a stream id ('1700000000000-3' → 1700000000000). */
const idMs = (id: string): number => Number(id.split('-')[0]);

export interface ReaderOptions {
  url: string;
  key?: string;
  /** '0': everything the stream holds (a restarted detector rebuilds its state); '$': only new entries; or an entry id. */
  from?: string;
  /** Longest wait of one XREAD (ms). */
  blockMs?: number;
  /** Entries one XREAD returns at most. */
  count?: number;
  onError?: (err: Error) => void;
}

type Entries = [Buffer, Buffer[]][];
/** RESP2: [[key, entries]]; RESP3 (ioredis 6's default): the map flattened, [key, entries]. */
type XreadReply = [Buffer, Entries][] | [Buffer, Entries] | null;

function entriesOf(reply: XreadReply): Entries {
  if (reply === null || reply.length === 0) return [];
  return Buffer.isBuffer(reply[0]) ? (reply as [Buffer, Entries])[1] : (reply as [Buffer, Entries][])[0][1];
}

/**
 * Read the stream with XREAD BLOCK on a connection of its own (a blocking read holds it).
 * Connection errors are reported and retried every second; stop() ends the iteration.
 * @example
 * const r = createStreamReader({ url, from: '0' });
 * for await (const text of r.chunks) …
 */
export function createStreamReader(o: ReaderOptions): StreamReader {
  const key = o.key ?? DEFAULT_EXCHANGE_STREAM;
  const blockMs = o.blockMs ?? 1000;
  const count = o.count ?? 256;
  const redis = new Redis(o.url, { maxRetriesPerRequest: null, connectTimeout: 1000, retryStrategy: (n: number) => Math.min(50 * n, 1000) });
  redis.on('error', (err: Error) => o.onError?.(err));
  let lastId = o.from ?? '0';
  let stopped = false;
  let bytes = 0;
  let skipped = 0;
  let missed = 0;
  /** Last sequence number read, per publisher id (bounded: publishers come and go with restarts). */
  const lastSeq = new Map<string, number>();
  let wake: (() => void) | null = null;

  async function startId(): Promise<string> {
    if (lastId !== '$') return lastId;
    // '$' once, resolved to the newest id: XREAD with '$' on every call would miss entries added between calls
    const last = (await redis.call('XREVRANGE', [key, '+', '-', 'COUNT', '1'])) as [string, string[]][];
    return last.length ? last[0][0] : '0-0';
  }

  const xread = (from: string): Promise<XreadReply> => redis.callBuffer('XREAD', ['COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, from]) as Promise<XreadReply>;

  async function* read(): AsyncGenerator<Buffer> {
    let from = await startId();
    lastId = from;
    /** The next XREAD, sent before the current reply's entries are processed. */
    let ahead: Promise<XreadReply> | null = null;
    while (!stopped) {
      let reply: XreadReply;
      try {
        reply = await (ahead ?? xread(from));
      } catch (err) {
        ahead = null;
        if (stopped) break;
        o.onError?.(err as Error);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 1000).unref();
        });
        continue;
      }
      ahead = null;
      const entries = entriesOf(reply);
      if (entries.length > 0 && !stopped) {
        // read ahead: Redis assembles the next reply while these entries are detected on
        from = entries[entries.length - 1][0].toString('latin1');
        ahead = xread(from);
        ahead.catch(() => undefined); // awaited above on the next turn; a stop() rejects it unobserved
      }
      for (const [id, fields] of entries) {
        lastId = id.toString('latin1');
        let text: Buffer | null = null;
        let publisher: string | null = null, seq = NaN;
        for (let k = 0; k + 1 < fields.length; k += 2) {
          const name = fields[k].toString('latin1');
          if (name === 'l') text = fields[k + 1];
          else if (name === 'p') publisher = fields[k + 1].toString('latin1');
          else if (name === 's') seq = Number(fields[k + 1].toString('latin1'));
        }
        if (publisher !== null && Number.isSafeInteger(seq)) {
          const last = lastSeq.get(publisher);
          if (last !== undefined && seq > last + 1) missed += seq - last - 1;
          lastSeq.delete(publisher);
          lastSeq.set(publisher, last === undefined ? seq : Math.max(last, seq));
          if (lastSeq.size > 10_000) lastSeq.delete(lastSeq.keys().next().value as string);
        }
        if (text === null || text.length > MAX_ENTRY_BYTES) {
          skipped++;
          o.onError?.(new Error(`stream ${key}: entry ${lastId} skipped (${text === null ? 'no l field' : `${text.length} bytes, over ${MAX_ENTRY_BYTES}`})`));
          continue;
        }
        bytes += text.length;
        // every entry ends a line, so one entry's bad tail never runs into the next entry's head
        yield text[text.length - 1] === 0x0a ? text : Buffer.concat([text, Buffer.from('\n')]);
      }
    }
  }

  let probe: Redis | null = null;

  return {
    chunks: read(),
    get lastId() {
      return lastId;
    },
    async lag() {
      if (probe === null) {
        probe = new Redis(o.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000 });
        probe.on('error', () => undefined); // the reader's connection reports errors
        await new Promise<void>((resolve) => {
          probe!.once('ready', () => resolve());
          setTimeout(resolve, 1000).unref();
        });
      }
      try {
        const newest = (await probe.call('XREVRANGE', [key, '+', '-', 'COUNT', '1'])) as [string, string[]][];
        if (newest.length === 0 || newest[0][0] === lastId) return 0;
        let from = idMs(lastId);
        if (from === 0) {
          const oldest = (await probe.call('XRANGE', [key, '-', '+', 'COUNT', '1'])) as [string, string[]][];
          from = oldest.length ? idMs(oldest[0][0]) : 0;
        }
        return Math.max(0, (idMs(newest[0][0]) - from) / 1000);
      } catch {
        return null;
      }
    },
    bytesRead: () => bytes,
    get skipped() {
      return skipped;
    },
    get missed() {
      return missed;
    },
    async stop() {
      stopped = true;
      wake?.();
      probe?.disconnect();
      // a blocked XREAD returns only when the connection goes
      redis.disconnect();
    },
  };
}
