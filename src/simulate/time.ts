/**
 * Simulated clock helpers: fast ISO-8601 formatting (the output's hottest string), local-time
 * diurnal weights and weekends. All times are epoch milliseconds; nothing reads the wall clock.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let cachedMinute = -1;
let cachedPrefix = '';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * ISO-8601 UTC with milliseconds, same text as Date#toISOString for years 1970–9999, but caches
 * the text up to the minute, so most calls (time-ordered output) only format seconds and millis.
 * @example isoUtc(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoUtc(ms: number): string {
  const t = Math.floor(ms);
  const minute = Math.floor(t / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
  }
  const rem = t - minute * 60_000;
  const s = Math.floor(rem / 1000);
  const milli = rem - s * 1000;
  return cachedPrefix + pad2(s) + '.' + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}

const SECONDS = Array.from({ length: 60 }, (_, s) => pad2(s) + '.');
const MILLIS = Array.from({ length: 1000 }, (_, m) => String(m).padStart(3, '0') + 'Z');

/**
 * Push isoUtc(ms) as three cached pieces (no allocation): the text up to the minute, "SS." and
 * "mmmZ". Joining them gives exactly isoUtc(ms).
 * @example const out: string[] = []; isoParts(0, out); out.join('') // '1970-01-01T00:00:00.000Z'
 */
export function isoParts(ms: number, out: string[]): void {
  const t = Math.floor(ms);
  const minute = Math.floor(t / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
  }
  const rem = t - minute * 60_000;
  const s = Math.floor(rem / 1000);
  out.push(cachedPrefix, SECONDS[s], MILLIS[rem - s * 1000]);
}

/** Hour-of-day activity weights for people (local time): quiet nights, working-day peak, evening tail. */
export const HUMAN_DIURNAL: readonly number[] = [
  0.12, 0.08, 0.05, 0.04, 0.04, 0.07, 0.18, 0.4, 0.7, 0.9, 1.0, 1.0, 0.85, 0.95, 1.0, 1.0, 0.95, 0.85, 0.7, 0.62,
  0.58, 0.5, 0.36, 0.22,
];

/** Services that follow their own users: a mild daily swing. */
export const SERVICE_DIURNAL: readonly number[] = [
  0.55, 0.5, 0.48, 0.46, 0.46, 0.5, 0.6, 0.72, 0.85, 0.95, 1.0, 1.0, 0.98, 0.98, 1.0, 1.0, 0.98, 0.95, 0.9, 0.85,
  0.8, 0.75, 0.68, 0.6,
];

/** Unattended automation: flat. */
export const FLAT_DIURNAL: readonly number[] = new Array(24).fill(1);

/** Local hour (0–23) and whether it is Saturday/Sunday, for a UTC offset in hours. */
export function localHour(ms: number, utcOffsetHours: number): number {
  const h = Math.floor((ms + utcOffsetHours * HOUR) / HOUR) % 24;
  return h < 0 ? h + 24 : h;
}

export function isWeekend(ms: number, utcOffsetHours: number): boolean {
  // 1970-01-01 was a Thursday (day 0 → 4 = Thursday with Sunday = 0).
  const d = Math.floor((ms + utcOffsetHours * HOUR) / DAY);
  const dow = (((d + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}
