/** Number formatting for leadership-readable headlines: 25,114 · 28.8 M · 4.1 B. */

/**
 * @example compact(28_812_000) // '28.8 M'
 * @example compact(25_114) // '25,114'
 */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${(n / 1e12).toFixed(1)} T`;
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)} B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return Math.round(n).toLocaleString('en-US');
}

/** @example plural(1, 'campaign') // '1 campaign' */
export function plural(n: number, word: string, formatted = compact(n)): string {
  return `${formatted} ${word}${n === 1 ? '' : 's'}`;
}

/** @example percent(0.4567) // '45.7%' */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
