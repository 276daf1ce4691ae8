/**
 * Hand-made worlds for detector tests: account records and exchanges built in code, put in
 * event-time order and scanned in process.
 */
import type { AccountRecord, Exchange } from '../../core/exchange.js';
import type { ScanResult } from '../../core/verdict.js';
import { createDetector, type DetectorOptions } from '../detector.js';

export interface World {
  records: AccountRecord[];
  exchanges: Exchange[];
}

/** Event-time order of two exchanges (ISO timestamps compare as strings). */
export function byTime(a: { ts: string }, b: { ts: string }): number {
  return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0;
}

/**
 * Sort exchanges by time (then account) and number their ids `${prefix}-0…`: the order a log has.
 * @example const w = inOrder({ records, exchanges }, 'ev');
 */
export function inOrder(w: World, prefix: string): World {
  w.exchanges.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.account < b.account ? -1 : 1));
  w.exchanges.forEach((e, i) => (e.id = `${prefix}-${i}`));
  return w;
}

/**
 * Scan a world with a fresh detector: records first, then every exchange.
 * @example scanWorld(w).accounts.find((a) => a.account === 'fleet_0')?.verdict
 */
export function scanWorld(w: World, opts: DetectorOptions = {}): ScanResult {
  const d = createDetector(opts);
  for (const r of w.records) d.addAccount(r);
  for (const e of w.exchanges) d.observe(e);
  return d.result();
}
