/**
 * Numbers from the environment for the benches. `Number(process.env.X ?? default)` reads a set but
 * empty variable (`BENCH_RUNS= npm run bench`) as 0 and text as NaN, and the bench then runs with
 * it; here unset or blank is the default, and anything else must be a number in range or the bench
 * stops with an error that names the variable.
 */
import { toNumber } from '../src/cli/number-option.js';

/** What a variable's value may be: all bounds are optional. */
export interface EnvRange {
  /** Whole numbers only. */
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be greater than this. */
  greaterThan?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
}

function describe(r: EnvRange): string {
  const bounds = [r.greaterThan !== undefined ? `> ${r.greaterThan}` : '', r.min !== undefined ? `≥ ${r.min}` : '', r.max !== undefined ? `≤ ${r.max}` : ''].filter(Boolean);
  return `${r.integer ? 'an integer' : 'a number'}${bounds.length > 0 ? ' ' + bounds.join(' and ') : ''}`;
}

/** `text` as a number within `r`, or an error naming `name` (`what` says where the text came from). */
function parse(name: string, text: string, r: EnvRange, what: string): number {
  const n = toNumber(text);
  const ok = Number.isFinite(n) && (!r.integer || Number.isInteger(n)) && (r.min === undefined || n >= r.min) && (r.greaterThan === undefined || n > r.greaterThan) && (r.max === undefined || n <= r.max);
  if (!ok) throw new Error(`${name} must be ${describe(r)}${what}, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * The number in environment variable `name`: `fallback` when it is unset, empty or blank; an
 * error naming the variable when it is not a finite number within `range`. With `fallback`
 * undefined, an unset or blank variable gives undefined (the caller's own default applies).
 * @example
 * envNumber('BENCH_RUNS', 7, { integer: true, min: 1 }, { BENCH_RUNS: '' }); // 7
 * envNumber('BENCH_RUNS', 7, { integer: true, min: 1 }, { BENCH_RUNS: '3' }); // 3
 * envNumber('BENCH_RUNS', 7, { integer: true, min: 1 }, { BENCH_RUNS: '0' }); // throws: BENCH_RUNS must be an integer ≥ 1, got "0"
 * envNumber('BENCH_BATCH_MS', undefined, { min: 0 }, {}); // undefined
 */
export function envNumber(name: string, fallback: number, range?: EnvRange, env?: NodeJS.ProcessEnv): number;
export function envNumber(name: string, fallback: number | undefined, range?: EnvRange, env?: NodeJS.ProcessEnv): number | undefined;
export function envNumber(name: string, fallback: number | undefined, range: EnvRange = {}, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  return parse(name, text, range, '');
}

/**
 * A comma-separated list of numbers in environment variable `name` (e.g. BENCH_SIM_THREADS=0,1,2):
 * `fallback` when it is unset, empty or blank; an error naming the variable when any item (an
 * empty one included) is not a number within `range`.
 * @example
 * envNumbers('READERS', [1], { integer: true, min: 1 }, { READERS: '1,4' }); // [1, 4]
 * envNumbers('READERS', [1], { integer: true, min: 1 }, { READERS: '1,,4' }); // throws: READERS must be an integer ≥ 1 in each item of "1,,4", got ""
 */
export function envNumbers(name: string, fallback: number[], range: EnvRange = {}, env: NodeJS.ProcessEnv = process.env): number[] {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  return text.split(',').map((item) => parse(name, item, range, ` in each item of ${JSON.stringify(text)}`));
}
