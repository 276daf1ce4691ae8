/**
 * The online detector as the rest of Moat sees it. `moat scan` feeds it a log in event-time
 * order; the gateway feeds it live exchanges. Implemented in src/verdict/detector.ts.
 */
import type { AccountRecord, Exchange } from './exchange.js';
import type { AccountVerdict, ScanResult } from './verdict.js';

export interface Detector {
  /** Side-file knowledge about accounts (may arrive before or during the stream). */
  addAccount(record: AccountRecord): void;
  /**
   * Observe one exchange (non-decreasing `ts`). Returns the account's verdict after it; the
   * verdict depends only on exchanges observed so far (no look-ahead).
   */
  observe(exchange: Exchange): AccountVerdict;
  /** Current verdict for an account (clear if unknown). */
  verdictOf(account: string): AccountVerdict;
  /** Campaign id the account currently belongs to, if any (used for per-campaign limits). */
  campaignOf(account: string): string | null;
  /** Final verdicts and campaigns. */
  result(): ScanResult;
}
