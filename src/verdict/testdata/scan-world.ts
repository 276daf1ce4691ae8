/**
 * Run the online detector over a hand-made world: sign-up records first, then the exchanges in
 * event-time order (tests build them per account and need not sort them).
 * @example scanWorld({ records: [{ account: 'a', created_at: '2026-03-01T00:00:00Z' }], exchanges }).accounts
 */
import type { AccountRecord, Exchange } from '../../core/exchange.js';
import { createDetector } from '../detector.js';

export function scanWorld(w: { exchanges: Exchange[]; records: AccountRecord[] }): ReturnType<ReturnType<typeof createDetector>['result']> {
  const d = createDetector();
  for (const rec of w.records) d.addAccount(rec);
  for (const e of [...w.exchanges].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))) d.observe(e);
  return d.result();
}
