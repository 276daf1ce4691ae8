/**
 * Human-readable eval report: fixed-width tables. Campaign and persona names come from the truth
 * file and predicted ids from the verdicts: both are outside input, so control characters are
 * replaced before printing.
 */
import type { EvalResult } from './metrics.js';

function clean(s: string, max = 32): string {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

function pct(x: number | null): string {
  return x === null ? '-' : (100 * x).toFixed(1) + '%';
}

function hours(x: number | null): string {
  return x === null ? '-' : x < 1 ? `${(x * 60).toFixed(0)}m` : `${x.toFixed(1)}h`;
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * @example process.stdout.write(formatEval(result))
 */
export function formatEval(r: EvalResult): string {
  const o = r.overall;
  const out: string[] = [];
  out.push(
    `Accounts scored: ${o.campaign_accounts} campaign, ${o.legit_accounts} legit (${r.notes.silent_accounts} silent accounts not scored)`,
    `Flagged (verdict attack): ${o.flagged}  →  recall ${pct(o.recall)}, precision ${pct(o.precision)}, false-positive rate ${pct(o.false_positive_rate)} (${o.false_positives} legit accounts)`,
    `Suspect (not counted as flagged): ${o.suspect_campaign} campaign, ${o.suspect_legit} legit`,
    `Leakage: ${o.served_before_flag} of ${o.campaign_exchanges} campaign exchanges served before their account's flag (${pct(o.leakage)})`,
    `Detection delay from first exchange: median ${hours(o.median_h)}, p90 ${hours(o.p90_h)}`,
    `Campaign purity (weighted): ${pct(o.purity)}`,
  );
  if (o.flags_before_first_exchange > 0) out.push(`WARNING: ${o.flags_before_first_exchange} accounts flagged before their first exchange (look-ahead?)`);
  out.push('', 'Per campaign (truth)');
  out.push(
    table(
      ['campaign', 'strategy', 'accounts', 'flagged', 'suspect', 'recall', 'exchanges', 'leakage', 'served by flag p50/p90 (sent p50)', 'delay p50', 'delay p90', 'mostly in'],
      r.campaigns.map((c) => [
        clean(c.campaign),
        clean(c.strategy, 16),
        String(c.accounts),
        String(c.flagged),
        String(c.suspect),
        pct(c.recall),
        String(c.exchanges),
        pct(c.leakage),
        c.served_each_p50 === null ? '-' : `${c.served_each_p50}/${c.served_each_p90} (${c.exchanges_each_p50})`,
        hours(c.median_h),
        hours(c.p90_h),
        c.main_prediction ? `${clean(c.main_prediction, 24)} (${c.main_prediction_accounts})` : '-',
      ]),
    ),
  );
  out.push('', 'False positives per legit persona (* = hard negative)');
  out.push(
    table(
      ['persona', 'accounts', 'flagged', 'suspect', 'FP rate'],
      r.personas.map((p) => [clean(p.persona) + (p.hard_negative ? ' *' : ''), String(p.accounts), String(p.flagged), String(p.suspect), pct(p.false_positive_rate)]),
    ),
  );
  if (r.predicted.length > 0) {
    const top = r.predicted.slice(0, 15);
    out.push('', `Predicted campaigns (${r.predicted.length}${r.predicted.length > top.length ? `, largest ${top.length} shown` : ''})`);
    out.push(table(['predicted', 'accounts', 'majority (truth)', 'purity'], top.map((p) => [clean(p.id), String(p.accounts), clean(p.majority), pct(p.purity)])));
  }
  if (r.notes.unknown_verdicts > 0 || r.notes.unknown_exchanges > 0) {
    out.push('', `Note: ${r.notes.unknown_verdicts} verdicts and ${r.notes.unknown_exchanges} exchanges for accounts missing from truth.jsonl (ignored).`);
  }
  return out.join('\n') + '\n';
}
