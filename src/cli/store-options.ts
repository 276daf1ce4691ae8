/**
 * The `--redis` / `--verdict-cache-ms` options that `moat serve` and `moat gateway` share, so both
 * processes of one deployment read verdicts through the same coherent cache.
 */
import type { Command } from 'commander';
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
