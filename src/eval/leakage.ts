/**
 * Streaming pass over the exchange log for evaluation: per account, how many exchanges, the first
 * one's time, and how many were served before the account was flagged. An exchange counts as
 * served when its account is never flagged or its ts ≤ flagged_at (the flagging exchange itself
 * was served). O(accounts) memory.
 */

export interface AccountTraffic {
  exchanges: number;
  /** Epoch ms of the first exchange. */
  first: number;
  /** Exchanges served before the flag (all of them when never flagged). */
  served: number;
}

/** Read side of the per-account traffic table. */
export interface TrafficView {
  get(account: string): AccountTraffic | undefined;
  accounts(): Iterable<[string, AccountTraffic]>;
}

/**
 * @example
 * const c = new TrafficCounter(new Map([['a', Date.parse('2026-01-01T00:00:10Z')]]));
 * c.add('a', Date.parse('2026-01-01T00:00:10Z')); // served (the flagging exchange)
 * c.add('a', Date.parse('2026-01-01T00:00:11Z')); // blocked
 * c.get('a') // { exchanges: 2, first: …, served: 1 }
 */
export class TrafficCounter implements TrafficView {
  private readonly flaggedAt: ReadonlyMap<string, number>;
  private readonly byAccount = new Map<string, AccountTraffic>();
  /** Exchanges whose ts could not be parsed (skipped). */
  badTimestamps = 0;

  /** flaggedAt: account → epoch ms of its flag, for accounts with verdict 'attack'. */
  constructor(flaggedAt: ReadonlyMap<string, number>) {
    this.flaggedAt = flaggedAt;
  }

  add(account: string, ts: number): void {
    if (!Number.isFinite(ts)) {
      this.badTimestamps++;
      return;
    }
    let a = this.byAccount.get(account);
    if (!a) {
      a = { exchanges: 0, first: ts, served: 0 };
      this.byAccount.set(account, a);
    }
    a.exchanges++;
    if (ts < a.first) a.first = ts;
    const flag = this.flaggedAt.get(account);
    if (flag === undefined || ts <= flag) a.served++;
  }

  get(account: string): AccountTraffic | undefined {
    return this.byAccount.get(account);
  }

  accounts(): IterableIterator<[string, AccountTraffic]> {
    return this.byAccount.entries();
  }
}
