/**
 * Writing detector output into the shared store, so every process sees the same verdicts and
 * campaign membership. Used by `moat serve --verdicts`, the gateway and the admin API.
 */
import type { AccountVerdict } from '../core/verdict.js';
import type { StateStore } from '../store/store.js';

/**
 * Store each verdict (clear verdicts without a campaign delete any stored one). Returns how many were written.
 * @example await syncVerdicts(store, scan.accounts)
 */
export async function syncVerdicts(store: StateStore, verdicts: Iterable<Pick<AccountVerdict, 'account' | 'verdict' | 'campaign' | 'score'>>): Promise<number> {
  let n = 0;
  for (const v of verdicts) {
    if (v.verdict === 'clear' && v.campaign === null) await store.clearVerdict(v.account);
    else await store.setVerdict(v.account, { verdict: v.verdict, campaign: v.campaign, score: v.score });
    n++;
  }
  return n;
}
