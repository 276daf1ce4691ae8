/**
 * The `--redis` / `--verdict-cache-ms` options that `moat serve` and `moat gateway` share, so both
 * processes of one deployment read verdicts through the same coherent cache.
 */
import type { Command } from 'commander';
import { toNumber } from './number-option.js';

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
 * Validate `--verdict-cache-ms`.
 * @example parseVerdictCacheMs('1000') // 1000
 */
export function parseVerdictCacheMs(value: string | undefined): number {
  const ms = value === undefined ? VERDICT_CACHE_MAX_MS : toNumber(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > VERDICT_CACHE_MAX_MS) {
    throw new Error(`--verdict-cache-ms: expected a whole number 0..${VERDICT_CACHE_MAX_MS}, got ${value}`);
  }
  return ms;
}
