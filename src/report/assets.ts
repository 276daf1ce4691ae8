/**
 * What report.html inlines: the ECharts bundle from node_modules (read once, cached), the
 * page script and style, and the CSP hashes that allow exactly those inline blocks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let echartsCache: string | undefined;

/**
 * Minified ECharts (Apache-2.0), inlined so the report opens with no network.
 * @example `<script>${echartsSource()}</script>`
 */
export function echartsSource(): string {
  if (echartsCache === undefined) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    const src = readFileSync(path, 'utf8');
    if (/<\/script|<!--/i.test(src)) throw new Error(`${path}: contains '</script' or '<!--' and cannot be inlined`);
    echartsCache = src;
  }
  return echartsCache;
}

/**
 * CSP source expression for an inline block: 'sha256-<base64>'.
 * @example cspHash('alert(1)') // "'sha256-…'"
 */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * Strict policy: nothing loads from anywhere; only the hashed inline scripts and style run.
 * @example contentSecurityPolicy([cspHash(js)], [cspHash(css)])
 */
export function contentSecurityPolicy(scriptHashes: string[], styleHashes: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.join(' ')}`,
    `style-src ${styleHashes.join(' ')}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export const STYLE = `
:root { --ink:#1f2933; --muted:#52606d; --line:#e4e7eb; --bg:#f5f7fa; --accent:#2f5bea; --attack:#c92a2a; --suspect:#e67700; --clear:#2b8a3e; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color:var(--ink); background:var(--bg); }
header { background:#10213d; color:#fff; padding:20px 32px 24px; }
header .brand { font-size:12px; letter-spacing:.12em; text-transform:uppercase; opacity:.75; }
header h1 { margin:6px 0 4px; font-size:26px; font-weight:650; }
header .sub { opacity:.8; font-size:13px; }
main { max-width:1320px; margin:0 auto; padding:20px 24px 48px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(180px,1fr)); gap:12px; margin:-36px 0 20px; }
.stat { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px 16px; box-shadow:0 1px 3px rgba(16,33,61,.08); }
.stat .v { font-size:26px; font-weight:650; }
.stat .l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.05em; }
.stat .n { color:var(--muted); font-size:12px; }
.lede { font-size:15px; margin:0 0 18px; color:var(--ink); }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:16px 20px; margin:0 0 18px; }
.card.caveat { background:#fff8e6; border-color:#e3b341; border-left:5px solid #b7791f; }
h2 { margin:0 0 10px; font-size:18px; } h3 { margin:14px 0 6px; font-size:14px; color:var(--muted); font-weight:600; }
.note { color:var(--muted); font-size:13px; margin:4px 0 10px; } .warn { color:var(--attack); }
.summary { font-size:15px; margin:4px 0; } .facts { color:var(--muted); margin:0 0 8px; }
.row { display:flex; gap:18px; flex-wrap:wrap; } .cell { flex:1 1 320px; min-width:0; } .cell.wide { flex:2 1 520px; }
.chart { width:100%; height:260px; } .chart.graph { height:620px; } .chart.mix { height:220px; }
table.grid { width:100%; border-collapse:collapse; font-size:13px; }
table.grid th { text-align:left; color:var(--muted); font-weight:600; border-bottom:2px solid var(--line); padding:6px 8px; white-space:nowrap; }
table.grid td.nw { white-space:nowrap; }
table.grid td { border-bottom:1px solid var(--line); padding:6px 8px; vertical-align:top; overflow-wrap:anywhere; }
th.sortable { cursor:pointer; user-select:none; } th[aria-sort=ascending]::after { content:" ▲"; } th[aria-sort=descending]::after { content:" ▼"; }
td.num { text-align:right; font-variant-numeric:tabular-nums; } td.acct { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; min-width:150px; }
td.reasons div { margin:0 0 2px; } td.reasons b { font-weight:600; } td.reasons .more { color:var(--muted); font-size:12px; }
.badge { display:inline-block; white-space:nowrap; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; color:#fff; }
.badge.attack { background:var(--attack); } .badge.suspect { background:var(--suspect); } .badge.clear { background:var(--clear); }
.controls { display:flex; gap:8px; align-items:center; flex-wrap:wrap; margin:0 0 10px; }
.controls input { flex:1 1 280px; padding:7px 10px; border:1px solid #cbd2d9; border-radius:6px; font:inherit; }
.controls select, .controls button { padding:6px 10px; border:1px solid #cbd2d9; border-radius:6px; background:#fff; font:inherit; }
.controls button:disabled { opacity:.4; } .info { color:var(--muted); font-size:13px; }
.key { display:flex; gap:14px; flex-wrap:wrap; font-size:12px; color:var(--muted); margin:0 0 6px; }
.swatch { display:inline-block; width:14px; height:3px; margin:0 5px 3px 0; vertical-align:middle; background:#adb5bd; }
.k-payment { background:#c92a2a; } .k-template { background:#1971c2; } .k-user_agent { background:#5f3dc4; } .k-asn { background:#2b8a3e; }
.k-subnet { background:#087f5b; } .k-ip { background:#0b7285; } .k-email_pattern { background:#e67700; } .k-creation_wave { background:#a61e4d; }
.k-lockstep { background:#495057; } .k-system_prompt { background:#74c0fc; } .k-campaign { background:#adb5bd; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:0 0 24px; }
`;
