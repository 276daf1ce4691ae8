/**
 * Detector → shared store, writing only what changed: the verdict (and campaign) last written is
 * remembered per account, so the usual exchange, whose account's verdict did not move, costs no
 * store round trip. The gateway's recorder and `moat detect` both write through it.
 */
import type { Detector } from '../core/detector.js';
import type { AccountVerdict } from '../core/verdict.js';
import type { StateStore } from '../store/store.js';

type Written = { verdict: string; campaign: string | null };

export interface VerdictWriter {
  /**
   * Store v when it differs from what was last written for its account (a first `clear` with no
   * campaign is only tracked). Undefined when there is nothing to wait for: the usual case, no
   * promise. An account is tracked as written only once its write succeeded, so a failed write is
   * tried again at the next change or resync.
   */
  write(v: Pick<AccountVerdict, 'account' | 'verdict' | 'campaign' | 'score'>): Promise<void> | undefined;
  /**
   * Re-read every tracked account from the detector and write those that changed (campaign
   * membership of accounts that have not sent a request since their campaign formed). Returns how
   * many were written.
   */
  resync(detector: Pick<Detector, 'verdictOf' | 'campaignOf'>, onError?: (err: unknown) => void): Promise<number>;
  readonly tracked: number;
}

const same = (a: Written | undefined, b: Written): boolean => a !== undefined && a.verdict === b.verdict && a.campaign === b.campaign;

/**
 * @example
 * const writer = createVerdictWriter(store);
 * await writer.write(detector.observe(ex));
 */
export function createVerdictWriter(store: StateStore, maxTracked = 1_000_000): VerdictWriter {
  const written = new Map<string, Written>();

  function track(account: string, v: Written): void {
    written.delete(account);
    written.set(account, v);
    if (written.size > maxTracked) written.delete(written.keys().next().value as string);
  }

  function write(v: Pick<AccountVerdict, 'account' | 'verdict' | 'campaign' | 'score'>): Promise<void> | undefined {
    const prev = written.get(v.account);
    const clear = v.verdict === 'clear' && v.campaign === null;
    if (same(prev, v) || (prev === undefined && clear)) {
      if (prev === undefined) track(v.account, { verdict: 'clear', campaign: null });
      return undefined;
    }
    const done = clear ? store.clearVerdict(v.account) : store.setVerdict(v.account, { verdict: v.verdict, campaign: v.campaign, score: v.score });
    return done.then(() => track(v.account, { verdict: v.verdict, campaign: v.campaign }));
  }

  return {
    write,
    async resync(detector, onError) {
      let changed = 0;
      for (const [account, prev] of [...written]) {
        const v = detector.verdictOf(account);
        const cur = { ...v, campaign: detector.campaignOf(account) ?? v.campaign };
        if (same(prev, cur)) continue;
        try {
          await write(cur);
          changed++;
        } catch (err) {
          onError?.(err);
        }
      }
      return changed;
    },
    get tracked() {
      return written.size;
    },
  };
}
