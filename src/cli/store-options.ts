/**
 * The `--redis` / `--verdict-cache-ms` options that `moat serve` and `moat gateway` share, so both
 * processes of one deployment read verdicts through the same coherent cache.
 */
import type { Command } from 'commander';
import { DEFAULT_EXCHANGE_STREAM, DEFAULT_STREAM_MAXLEN, createExchangePublisher, type ExchangePublisher } from '../store/exchange-stream.js';
import { integerOption } from './number-option.js';

export const VERDICT_CACHE_MAX_MS = 60_000;

/** Add `--redis` and `--verdict-cache-ms` to a command. */
export function addStoreOptions(command: Command, redisHelp: string): Command {
  return command
    .option('--redis <url>', redisHelp)
    .option(
      '--verdict-cache-ms <ms>',
      'with --redis: cache verdict lookups in process, kept current by Redis keyspace invalidations, at most this long (0 = off)',
      String(VERDICT_CACHE_MAX_MS),
    );
}

/**
 * Validate `--verdict-cache-ms`: whole milliseconds 0..60000 (`integerOption`), the bound when unset.
 * @throws Error `--verdict-cache-ms must be an integer from 0 to 60000, got "1e3"`
 * @example parseVerdictCacheMs('1000') // 1000
 */
export function parseVerdictCacheMs(value: string | undefined): number {
  return value === undefined ? VERDICT_CACHE_MAX_MS : integerOption('--verdict-cache-ms', value, { min: 0, max: VERDICT_CACHE_MAX_MS });
}

/**
 * Validate a Redis stream key option (`--exchange-stream`, `--stream`): 1–200 printable characters, no spaces.
 * @throws Error `--stream must be 1 to 200 printable characters without spaces, got ""`
 * @example parseStreamKey('--stream', 'moat:exchanges') // 'moat:exchanges'
 */
export function parseStreamKey(option: string, value: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) throw new Error(`${option} must be 1 to 200 printable characters without spaces, got ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

/** The `--exchange-stream [key]` / `--exchange-stream-maxlen` pair that `moat gateway` and `moat serve` share. */
export interface ExchangeStreamChoice {
  key: string;
  maxLen: number;
}

/**
 * Add `--exchange-stream [key]` and `--exchange-stream-maxlen <n>` to a command.
 * @example addExchangeStreamOptions(program.command('gateway'), 'append every recorded exchange')
 */
export function addExchangeStreamOptions(command: Command, what: string): Command {
  return command
    .option('--exchange-stream [key]', `with --redis: ${what} to this Redis stream (default ${DEFAULT_EXCHANGE_STREAM}) for one \`moat detect\` serving every process; no detector runs here`)
    .option('--exchange-stream-maxlen <n>', 'entries the stream keeps (XADD MAXLEN ~; one entry a recording slice of 1–64 exchanges)', String(DEFAULT_STREAM_MAXLEN));
}

/**
 * Validate the pair; undefined without `--exchange-stream`. It needs `--redis`.
 * @throws Error `--exchange-stream needs --redis (…)`
 * @example parseExchangeStream({ exchangeStream: true, exchangeStreamMaxlen: '10000', redis: 'redis://r:6379' }) // { key: 'moat:exchanges', maxLen: 10000 }
 */
export function parseExchangeStream(opts: { exchangeStream?: string | boolean; exchangeStreamMaxlen: string; redis?: string }): ExchangeStreamChoice | undefined {
  const maxLen = integerOption('--exchange-stream-maxlen', opts.exchangeStreamMaxlen, { min: 1 });
  if (opts.exchangeStream === undefined || opts.exchangeStream === false) return undefined;
  const key = opts.exchangeStream === true ? DEFAULT_EXCHANGE_STREAM : parseStreamKey('--exchange-stream', opts.exchangeStream);
  if (!opts.redis) throw new Error('--exchange-stream needs --redis (the stream and the verdicts moat detect writes live there)');
  return { key, maxLen };
}

/**
 * Open the publisher; `warn` gets at most one line every 5 s, `appendFailed` every failed append.
 * @example const pub = await openExchangeStream('redis://r:6379', choice, (m) => console.error(m));
 */
export async function openExchangeStream(url: string, choice: ExchangeStreamChoice, warn: (message: string) => void, appendFailed?: () => void): Promise<ExchangePublisher> {
  let last = 0;
  return createExchangePublisher({
    url,
    key: choice.key,
    maxLen: choice.maxLen,
    onError: (err, append) => {
      if (append) appendFailed?.();
      if (Date.now() - last < 5000) return;
      last = Date.now();
      warn(append ? `exchange stream: append failed (${err.message}); the exchange is only in a local log, if one is kept` : `exchange stream: ${err.message}`);
    },
  });
}
