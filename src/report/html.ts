/**
 * Report → report.html: one self-contained file. Headline in server-rendered, escaped HTML;
 * all analyst detail built in the page from a JSON data block (escaped for <script>) by the
 * inlined client script with ECharts. A hash-based CSP allows only those inline blocks.
 */
import { CLIENT_JS } from './client.js';
import { STYLE, contentSecurityPolicy, cspHash, echartsSource } from './assets.js';
import { displayHtml, escapeHtml, jsonForScript } from './escape.js';
import { compact, percent, plural } from './format.js';
import { toPageData, type PageOptions } from './page-data.js';
import type { Report } from './report-schema.js';

export interface HtmlOptions extends Partial<PageOptions> {
  title?: string;
}

function stat(value: string, label: string, note = ''): string {
  return `<div class="stat"><div class="v">${escapeHtml(value)}</div><div class="l">${escapeHtml(label)}</div>${note ? `<div class="n">${escapeHtml(note)}</div>` : ''}</div>`;
}

/**
 * @example await writeFile('report.html', renderHtml(buildReport(scan)));
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const h = report.headline;
  const data = jsonForScript(toPageData(report, options));
  const lib = echartsSource();
  const style = STYLE;
  const csp = contentSecurityPolicy([cspHash(lib), cspHash(CLIENT_JS)], [cspHash(style)]);
  const title = options.title ?? 'Distillation campaign report';
  const period = h.first_ts && h.last_ts ? `${h.first_ts.slice(0, 10)} to ${h.last_ts.slice(0, 10)}` : 'period unknown';
  const share = h.exchanges_scanned > 0 ? `${((h.campaign_exchanges / h.exchanges_scanned) * 100).toFixed(1)}% of all traffic` : '';
  const cards = [
    stat(compact(h.campaigns), 'Campaigns'),
    stat(compact(h.campaign_accounts), 'Campaign accounts', `${compact(h.flagged_accounts)} flagged: ${compact(h.attack_accounts)} attack, ${compact(h.suspect_accounts)} suspect`),
    stat(compact(h.campaign_exchanges), 'Exchanges harvested', share),
    stat(compact(h.output_tokens_harvested), 'Output tokens harvested'),
    stat(compact(h.served_before_flag), 'Served before the flag', h.served_before_flag_estimated ? 'estimated from account timelines' : 'counted by scan'),
  ].join('');
  // A scan without account metadata misses whole link kinds: say so where the figures are read.
  const noAccounts =
    report.stats.account_records === 0
      ? '<p class="card caveat" id="no-accounts" role="note"><strong>Caveat:</strong> scanned without account records (no accounts file beside the log): no sign-up, payment, e-mail or verified-organisation links were available, so recall is lower and flags come later than with them, and declared customers are not recognised unless allowlisted.</p>'
      : '';
  // campaigns come first; a scan with suspected groups only names its largest group as such
  const top = report.campaigns[0];
  const mix = top?.capability_mix[0];
  const lede = top
    ? `${top.verdict === 'suspect' ? 'No campaign; largest suspected group' : 'Largest campaign'}: ${displayHtml(top.id)}, ${escapeHtml(plural(top.account_count, 'account'))} and ${escapeHtml(plural(top.exchanges, 'exchange'))}` +
      (mix ? `, mostly ${displayHtml(mix.capability)} (${escapeHtml(percent(mix.share))})` : '') +
      `, confidence ${escapeHtml(percent(top.confidence))}. ` +
      `${escapeHtml(compact(h.served_before_flag))} exchanges were served to flagged accounts before their flag${h.served_before_flag_estimated ? ' (estimated)' : ''}.`
    : 'No campaign was found in this scan.';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Moat report ${escapeHtml(report.schema_version)}">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header>
<div class="brand">Moat campaign report${report.producer === 'Moat' ? '' : ` · ${displayHtml(report.producer)}`}</div>
<h1 id="headline">${displayHtml(report.headline_text)}</h1>
<div class="sub">${escapeHtml(period)} · ${escapeHtml(plural(h.accounts_scanned, 'account'))} and ${escapeHtml(plural(h.exchanges_scanned, 'exchange'))} scanned · generated ${escapeHtml(report.generated_at)}</div>
</header>
<main>
<div class="cards">${cards}</div>
<p class="lede" id="lede">${lede}</p>${noAccounts}
<noscript><p class="card">The charts, account graph and account table need JavaScript; report.json holds the same content.</p></noscript>
<div id="app"></div>
</main>
<footer>Moat report schema ${escapeHtml(report.schema_version)} · self-contained: no network requests · charts by Apache ECharts (Apache-2.0)</footer>
<script type="application/json" id="moat-data">${data}</script>
<script>${lib}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
