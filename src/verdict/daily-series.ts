/**
 * Per-campaign daily series for reports (exchanges a day, new accounts a day). Kept beside the
 * detector, not in it: it never influences a verdict, and it is filled once at the end from the
 * final campaign membership, so each campaign's timeline covers its accounts' whole history.
 * Memory: one (day, count) pair per account per active day.
 */
import type { Campaign } from '../core/verdict.js';

const DAY_MS = 86_400_000;

interface AccountDays {
  days: number[];
  counts: number[];
}

export interface DailyCounter {
  /** Count one exchange of account number `account` (the engine's index) at ISO time `ts` (log order; earlier days are still counted). */
  add(account: number, ts: string): void;
  /** Set `daily` on every campaign from its member accounts; `indexOf` gives an account id's number. */
  fill(campaigns: Campaign[], indexOf: (account: string) => number | undefined): void;
}

/** Value of the `n` ASCII digits of `s` from `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function dayOf(ts: string): number {
  // Fast path for UTC stamps; anything with an offset goes through Date.parse.
  if (ts.length >= 10 && ts.charCodeAt(ts.length - 1) === 90 /* Z */) {
    // plain digits (no slices, no Number()): the same day as below, which stays for anything else
    const y = digits(ts, 0, 4), m = digits(ts, 5, 2), dd = digits(ts, 8, 2);
    if (y >= 0 && m >= 0 && dd >= 0) return Date.UTC(y, m - 1, dd) / DAY_MS;
    const d = Date.UTC(Number(ts.slice(0, 4)), Number(ts.slice(5, 7)) - 1, Number(ts.slice(8, 10)));
    if (!Number.isNaN(d)) return d / DAY_MS;
  }
  return Math.floor(Date.parse(ts) / DAY_MS);
}

/**
 * @example const daily = createDailyCounter(); daily.add(0, ex.ts); daily.fill(result.campaigns, (id) => (id === 'acct-1' ? 0 : undefined));
 */
export function createDailyCounter(): DailyCounter {
  // by account number: an array slot, not a Map lookup by id string for every exchange
  const byAccount: (AccountDays | undefined)[] = [];
  return {
    add(account, ts) {
      const day = dayOf(ts);
      if (Number.isNaN(day)) return;
      let a = byAccount[account];
      if (!a) byAccount[account] = a = { days: [], counts: [] };
      const last = a.days.length - 1;
      if (last >= 0 && a.days[last] === day) a.counts[last]++;
      else {
        const i = a.days.indexOf(day);
        if (i >= 0) a.counts[i]++;
        else {
          a.days.push(day);
          a.counts.push(1);
        }
      }
    },
    fill(campaigns, indexOf) {
      for (const c of campaigns) {
        const exchanges = new Map<number, number>();
        const newAccounts = new Map<number, number>();
        for (const account of c.accounts) {
          const index = indexOf(account);
          const a = index === undefined ? undefined : byAccount[index];
          if (!a) continue;
          let first = Infinity;
          for (let i = 0; i < a.days.length; i++) {
            exchanges.set(a.days[i], (exchanges.get(a.days[i]) ?? 0) + a.counts[i]);
            if (a.days[i] < first) first = a.days[i];
          }
          if (first !== Infinity) newAccounts.set(first, (newAccounts.get(first) ?? 0) + 1);
        }
        if (exchanges.size === 0) continue;
        const days = [...exchanges.keys()];
        const lo = Math.min(...days);
        const hi = Math.max(...days);
        const series: NonNullable<Campaign['daily']> = [];
        for (let d = lo; d <= hi; d++) {
          series.push({ day: new Date(d * DAY_MS).toISOString().slice(0, 10), exchanges: exchanges.get(d) ?? 0, new_accounts: newAccounts.get(d) ?? 0 });
        }
        c.daily = series;
      }
    },
  };
}
