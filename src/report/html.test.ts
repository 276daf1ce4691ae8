import { describe, expect, it } from 'vitest';
import { cspHash, echartsSource } from './assets.js';
import { CLIENT_JS } from './client.js';
import { renderHtml } from './html.js';
import { buildReport } from './model.js';
import { toPageData } from './page-data.js';
import { buildScanFixture, HOSTILE, PRESETS } from './testdata/fixture.js';

const report = buildReport(buildScanFixture({ ...PRESETS.small, hostile: true }));
const html = renderHtml(report);
const lib = echartsSource();
// The page without the third-party bundle (which only holds XML namespace ids and licence text).
const own = html.replace(lib, '');
// Markup only: script contents (code and the inert JSON data block) removed.
const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');

describe('report.html is self-contained', () => {
  const first = (text: string, re: RegExp) => text.match(re)?.[0] ?? null;
  it('has no external URL, link, import or resource reference', () => {
    expect(first(own, /https?:\/\//i)).toBeNull();
    expect(first(markup, /\s(src|href|srcset|action|poster|data|on[a-z]+)\s*=/i)).toBeNull();
    expect(first(markup, /<(link|iframe|object|embed|img|base|form|svg|math)\b/i)).toBeNull();
    expect(first(own, /@import|url\(/i)).toBeNull();
    expect(first(own, /fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/)).toBeNull();
    expect(markup.match(/<script\b/g)).toHaveLength(3);
  });
  it('inlines ECharts', () => {
    expect(html.includes(lib)).toBe(true);
    expect(lib.length).toBeGreaterThan(500_000);
  });
});

describe('Content-Security-Policy', () => {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
  it('allows exactly the two inline scripts and the style by hash, nothing else', () => {
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain(`script-src ${cspHash(lib)} ${cspHash(CLIENT_JS)};`);
    expect(csp).not.toMatch(/unsafe-|\*|https?:|data:/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${cspHash(style)};`);
  });
  it('the hashes match the script blocks actually in the page', () => {
    const blocks = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(blocks.map(cspHash)).toEqual([cspHash(lib), cspHash(CLIENT_JS)]);
  });
});

describe('hostile log values', () => {
  it('the data block parses back to the page data and cannot close its element', () => {
    const m = /<script type="application\/json" id="moat-data">([\s\S]*?)<\/script>/.exec(html)!;
    expect(m[1]).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(m[1]!)).toEqual(JSON.parse(JSON.stringify(toPageData(report))));
  });
  it('no payload appears raw anywhere in the page', () => {
    for (const p of [HOSTILE.scriptTag, HOSTILE.closeScript, '<img src=x', HOSTILE.comment]) expect(html.includes(p)).toBe(false);
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
  it('bidi controls are shown as visible escapes in the data', () => {
    const data = toPageData(report);
    expect(data.accounts.some((a) => a[0] === 'admin<U+202E>gnp.exe-4')).toBe(true);
  });
  it('the lede names the largest campaign, escaped', () => {
    const lede = /<p class="lede" id="lede">([\s\S]*?)<\/p>/.exec(html)![1]!;
    expect(lede).toContain(`Largest campaign: ${report.campaigns[0]!.id}, ${report.campaigns[0]!.account_count} accounts`);
    expect(lede).not.toContain('<');
  });
  it('the lede calls a suspected group that, when the scan found no campaign', () => {
    const scan = buildScanFixture({ ...PRESETS.small });
    scan.campaigns = [{ ...scan.campaigns[0]!, id: 'S0001', verdict: 'suspect' }];
    const lede = /<p class="lede" id="lede">([\s\S]*?)<\/p>/.exec(renderHtml(buildReport(scan)))![1]!;
    expect(lede).toMatch(/^No campaign; largest suspected group: S0001, /);
  });
  it('the headline is server-rendered and escaped', () => {
    const evil = buildReport(buildScanFixture(PRESETS.small), { producer: '<b onmouseover=x>Evil</b>' });
    const h = renderHtml(evil);
    expect(h).toContain('&lt;b onmouseover=x&gt;Evil&lt;/b&gt;');
    expect(h).not.toContain('<b onmouseover');
  });
});

describe('scan without account records', () => {
  const scan = buildScanFixture(PRESETS.small);
  const withStats = (account_records: number | undefined) => renderHtml(buildReport({ ...scan, stats: { ...scan.stats, account_records } }));
  it('says so under the headline when the scan read no account record', () => {
    const page = withStats(0);
    expect(page).toContain('id="no-accounts"');
    expect(page).toMatch(/scanned without account records/);
    // styled as a caveat, not as an ordinary card
    expect(page).toMatch(/<p class="card caveat" id="no-accounts" role="note">/);
    expect(page).toMatch(/\.card\.caveat \{[^}]*border-left/);
  });
  it('says nothing when account records were read, or when the scan did not record the count', () => {
    expect(withStats(120)).not.toContain('id="no-accounts"');
    expect(withStats(undefined)).not.toContain('id="no-accounts"');
  });
});
