/**
 * Scoring verdicts against simulator truth (pure). Only accounts that sent at least one exchange
 * are scored; 'attack' counts as flagged, 'suspect' is reported on its own. Definitions:
 * - recall: flagged campaign accounts / campaign accounts; precision: flagged campaign accounts /
 *   flagged accounts; false-positive rate: flagged legit accounts / legit accounts.
 * - leakage: campaign exchanges served before their account's flag (ts ≤ flagged_at, or never
 *   flagged) / campaign exchanges.
 * - delay: flagged_at − first exchange of the account, over flagged campaign accounts.
 * - purity: for each predicted campaign (the campaign of flagged accounts; suspected groups are not
 *   campaigns), the share of its accounts from its majority true campaign
 *   (legit counts as one class), weighted by predicted campaign size.
 */
import type { TruthRecord } from '../core/exchange.js';
import type { TrafficView } from './leakage.js';
import type { VerdictLine } from './verdicts.js';

export interface Rates {
  accounts: number;
  flagged: number;
  suspect: number;
}

export interface DelayStats {
  /** Hours, null when nothing was flagged. */
  median_h: number | null;
  p90_h: number | null;
}

export interface CampaignScore extends Rates, DelayStats {
  campaign: string;
  strategy: string;
  recall: number;
  exchanges: number;
  served_before_flag: number;
  leakage: number;
  /**
   * Exchanges each flagged account had been served by its flag (flagging exchange included),
   * median and p90 over the campaign's flagged accounts; null when none was flagged. Set beside
   * the median exchanges an account sends, it shows how much of leakage is the evidence an
   * account must show before any verdict (e.g. 3 exchanges before account rules apply).
   */
  served_each_p50: number | null;
  served_each_p90: number | null;
  /** Median exchanges an account of the campaign sent in all. */
  exchanges_each_p50: number | null;
  /** Predicted campaign holding most of this campaign's flagged accounts, and how many. */
  main_prediction: string | null;
  main_prediction_accounts: number;
}

export interface PersonaScore extends Rates {
  persona: string;
  hard_negative: boolean;
  false_positive_rate: number;
}

export interface PredictedCampaign {
  id: string;
  accounts: number;
  majority: string;
  purity: number;
}

export interface EvalResult {
  overall: DelayStats & {
    campaign_accounts: number;
    legit_accounts: number;
    flagged: number;
    true_positives: number;
    false_positives: number;
    recall: number;
    precision: number | null;
    false_positive_rate: number;
    suspect_campaign: number;
    suspect_legit: number;
    campaign_exchanges: number;
    served_before_flag: number;
    leakage: number;
    /** Weighted purity over predicted campaigns; null when no account was put in a campaign. */
    purity: number | null;
    /** Flags before the account's first exchange: impossible without look-ahead. */
    flags_before_first_exchange: number;
  };
  campaigns: CampaignScore[];
  personas: PersonaScore[];
  predicted: PredictedCampaign[];
  notes: {
    /** Truth accounts that sent no exchange (not scored). */
    silent_accounts: number;
    /** Verdict lines for accounts missing from truth. */
    unknown_verdicts: number;
    /** Exchanges from accounts missing from truth. */
    unknown_exchanges: number;
  };
}

/** Quantile by nearest rank on a sorted copy. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[idx];
}

const HOUR = 3_600_000;

function delays(hours: number[]): DelayStats {
  return { median_h: quantile(hours, 0.5), p90_h: quantile(hours, 0.9) };
}

/**
 * @example computeEval(truth, verdicts, traffic, ['university']).overall.recall
 */
export function computeEval(
  truth: readonly TruthRecord[],
  verdicts: readonly VerdictLine[],
  traffic: TrafficView,
  hardNegatives: readonly string[] = [],
): EvalResult {
  const verdictOf = new Map(verdicts.map((v) => [v.account, v]));
  const truthOf = new Map(truth.map((t) => [t.account, t]));
  const campaigns = new Map<string, { rec: CampaignScore; delays: number[]; servedEach: number[]; exchangesEach: number[]; preds: Map<string, number> }>();
  const personas = new Map<string, PersonaScore>();
  const predicted = new Map<string, Map<string, number>>();
  const allDelays: number[] = [];
  let silent = 0;
  let tp = 0;
  let fp = 0;
  let nCampaign = 0;
  let nLegit = 0;
  let suspectCampaign = 0;
  let suspectLegit = 0;
  let campaignExchanges = 0;
  let served = 0;
  let before = 0;

  for (const t of truth) {
    const tr = traffic.get(t.account);
    if (!tr || tr.exchanges === 0) {
      silent++;
      continue;
    }
    const v = verdictOf.get(t.account);
    const flagged = v?.verdict === 'attack';
    const suspect = v?.verdict === 'suspect';
    const trueClass = t.label === 'attack' && t.campaign ? t.campaign : 'legit';
    // purity is of the campaigns (attack); a suspected group's accounts (suspect, ids S…) are not in it
    if (flagged && v.campaign) {
      const m = predicted.get(v.campaign) ?? new Map<string, number>();
      m.set(trueClass, (m.get(trueClass) ?? 0) + 1);
      predicted.set(v.campaign, m);
    }
    if (t.label === 'attack') {
      nCampaign++;
      const id = t.campaign ?? '(none)';
      let c = campaigns.get(id);
      if (!c) {
        const strategy = typeof (t as Record<string, unknown>).strategy === 'string' ? String((t as Record<string, unknown>).strategy) : t.persona;
        c = {
          rec: { campaign: id, strategy, accounts: 0, flagged: 0, suspect: 0, recall: 0, exchanges: 0, served_before_flag: 0, leakage: 0, served_each_p50: null, served_each_p90: null, exchanges_each_p50: null, median_h: null, p90_h: null, main_prediction: null, main_prediction_accounts: 0 },
          delays: [],
          servedEach: [],
          exchangesEach: [],
          preds: new Map(),
        };
        campaigns.set(id, c);
      }
      c.rec.accounts++;
      c.rec.exchanges += tr.exchanges;
      c.rec.served_before_flag += tr.served;
      c.exchangesEach.push(tr.exchanges);
      campaignExchanges += tr.exchanges;
      served += tr.served;
      if (suspect) {
        c.rec.suspect++;
        suspectCampaign++;
      }
      if (flagged) {
        tp++;
        c.rec.flagged++;
        const d = (Date.parse(v!.flagged_at!) - tr.first) / HOUR;
        if (d < 0) before++;
        c.delays.push(d);
        c.servedEach.push(tr.served);
        allDelays.push(d);
        if (v!.campaign) c.preds.set(v!.campaign, (c.preds.get(v!.campaign) ?? 0) + 1);
      }
    } else {
      nLegit++;
      let p = personas.get(t.persona);
      if (!p) {
        p = { persona: t.persona, hard_negative: hardNegatives.includes(t.persona), accounts: 0, flagged: 0, suspect: 0, false_positive_rate: 0 };
        personas.set(t.persona, p);
      }
      p.accounts++;
      if (flagged) {
        fp++;
        p.flagged++;
      }
      if (suspect) {
        p.suspect++;
        suspectLegit++;
      }
    }
  }

  for (const c of campaigns.values()) {
    c.rec.recall = c.rec.accounts > 0 ? c.rec.flagged / c.rec.accounts : 0;
    c.rec.leakage = c.rec.exchanges > 0 ? c.rec.served_before_flag / c.rec.exchanges : 0;
    Object.assign(c.rec, delays(c.delays));
    c.rec.served_each_p50 = quantile(c.servedEach, 0.5);
    c.rec.served_each_p90 = quantile(c.servedEach, 0.9);
    c.rec.exchanges_each_p50 = quantile(c.exchangesEach, 0.5);
    let best: [string, number] | null = null;
    for (const e of c.preds) if (!best || e[1] > best[1] || (e[1] === best[1] && e[0] < best[0])) best = e;
    c.rec.main_prediction = best ? best[0] : null;
    c.rec.main_prediction_accounts = best ? best[1] : 0;
  }
  for (const p of personas.values()) p.false_positive_rate = p.accounts > 0 ? p.flagged / p.accounts : 0;

  const preds: PredictedCampaign[] = [];
  let purityNum = 0;
  let purityDen = 0;
  for (const [id, m] of predicted) {
    let size = 0;
    let major: [string, number] = ['', -1];
    for (const e of m) {
      size += e[1];
      if (e[1] > major[1] || (e[1] === major[1] && e[0] < major[0])) major = e;
    }
    preds.push({ id, accounts: size, majority: major[0], purity: major[1] / size });
    purityNum += major[1];
    purityDen += size;
  }
  preds.sort((a, b) => b.accounts - a.accounts || a.id.localeCompare(b.id));

  let unknownExchanges = 0;
  for (const [a, tr] of traffic.accounts()) if (!truthOf.has(a)) unknownExchanges += tr.exchanges;

  return {
    overall: {
      campaign_accounts: nCampaign,
      legit_accounts: nLegit,
      flagged: tp + fp,
      true_positives: tp,
      false_positives: fp,
      recall: nCampaign > 0 ? tp / nCampaign : 0,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      false_positive_rate: nLegit > 0 ? fp / nLegit : 0,
      suspect_campaign: suspectCampaign,
      suspect_legit: suspectLegit,
      campaign_exchanges: campaignExchanges,
      served_before_flag: served,
      leakage: campaignExchanges > 0 ? served / campaignExchanges : 0,
      purity: purityDen > 0 ? purityNum / purityDen : null,
      flags_before_first_exchange: before,
      ...delays(allDelays),
    },
    campaigns: [...campaigns.values()].map((c) => c.rec).sort((a, b) => a.campaign.localeCompare(b.campaign)),
    personas: [...personas.values()].sort((a, b) => a.persona.localeCompare(b.persona)),
    predicted: preds,
    notes: {
      silent_accounts: silent,
      unknown_verdicts: verdicts.filter((v) => !truthOf.has(v.account)).length,
      unknown_exchanges: unknownExchanges,
    },
  };
}
