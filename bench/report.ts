/**
 * Report benchmark: write time, file sizes and headless-Chromium load time of report.html for
 * the `medium` fixture (~1 M exchanges) and the `scale` fixture (25,000 flagged accounts),
 * optionally for real scan output too (--scan DIR). Figures are medians of --runs runs, each
 * set against a reference measured in the same run:
 *  - write time vs JSON.stringify of the same ScanResult (memory-bound floor);
 *  - load time vs a reference page that only inlines ECharts and draws one chart.
 *
 *   npm run bench -- report                      # both fixtures, 5 runs
 *   node --import tsx bench/report.ts --runs 3 --scan /tmp/med-scan --screenshots docs/img
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScanResult } from '../src/core/verdict.js';
import { echartsSource, cspHash } from '../src/report/assets.js';
import { writeReports } from '../src/report/index.js';
import { loadScanDir } from '../src/report/load.js';
import { drawAllCharts, launchChromium, openReport } from '../src/report/testdata/browser.js';
import { buildScanFixture, PRESETS } from '../src/report/testdata/fixture.js';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, scan: { type: 'string' }, screenshots: { type: 'string' }, only: { type: 'string' } },
});
const RUNS = Math.max(1, Number(args.runs));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'moat-bench-report-'));
const browser = await launchChromium();

/** Reference page: ECharts inline plus one small chart, same CSP style. */
async function referencePage(): Promise<string> {
  const lib = echartsSource();
  const js = "var c=echarts.init(document.getElementById('c'));c.setOption({xAxis:{type:'category',data:['a','b']},yAxis:{},series:[{type:'bar',data:[1,2]}]});window.__moatReady=true;";
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${cspHash(lib)} ${cspHash(js)}"></head><body><div id="c" style="width:600px;height:300px"></div><script>${lib}</script><script>${js}</script></body></html>`;
  const path = join(dir, 'reference.html');
  await writeFile(path, html);
  return path;
}

async function bench(name: string, scan: ScanResult) {
  const flagged = scan.accounts.filter((a) => a.verdict !== 'clear').length;
  const out = join(dir, name);
  const writeMs: number[] = [];
  const refMs: number[] = [];
  let files: { path: string; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    JSON.stringify(scan);
    refMs.push(performance.now() - t);
    t = performance.now();
    files = (await writeReports(scan, out)).files;
    writeMs.push(performance.now() - t);
  }
  const html = files.find((f) => f.path.endsWith('report.html'))!;
  const ref = await referencePage();
  const load: number[] = [];
  const allCharts: number[] = [];
  const loadRef: number[] = [];
  let errors = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await openReport(browser, ref);
    loadRef.push(r.readyMs);
    await r.page.close();
    const w = await openReport(browser, html.path);
    load.push(w.readyMs < 0 ? Number.POSITIVE_INFINITY : w.readyMs);
    const t = performance.now();
    await drawAllCharts(w.page);
    allCharts.push(w.readyMs + performance.now() - t);
    errors += w.consoleErrors.length + w.pageErrors.length;
    if (i === 0 && args.screenshots) {
      await mkdir(args.screenshots, { recursive: true });
      await w.page.waitForTimeout(4_000);
      await w.page.screenshot({ path: join(args.screenshots, `report-${name}-top.png`) });
      await w.page.locator('#graph').screenshot({ path: join(args.screenshots, `report-${name}-graph.png`) });
      await w.page.locator('#campaign-0').screenshot({ path: join(args.screenshots, `report-${name}-campaign.png`) });
      const box = await w.page.evaluate(() => {
        const r = document.getElementById('accounts')!.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
      });
      await w.page.screenshot({ path: join(args.screenshots, `report-${name}-accounts.png`), fullPage: true, clip: { ...box, height: Math.min(box.height, 1100) } });
    }
    await w.page.close();
  }
  const row = {
    case: name,
    flagged_accounts: flagged,
    exchanges: scan.stats.exchanges,
    'report.html': mb(html.bytes),
    'report.json': mb(files.find((f) => f.path.endsWith('report.json'))!.bytes),
    'stix.json': mb(files.find((f) => f.path.endsWith('stix.json'))!.bytes),
    html_bytes_per_flagged_account: Math.round(html.bytes / Math.max(1, flagged)),
    write_ms_median: Math.round(median(writeMs)),
    write_vs_json_stringify: `${(median(writeMs) / median(refMs)).toFixed(1)}x`,
    load_ms_median: Math.round(median(load)),
    load_ms_max: Math.round(Math.max(...load)),
    all_charts_drawn_ms_median: Math.round(median(allCharts)),
    reference_page_ms_median: Math.round(median(loadRef)),
    load_vs_reference_page: `${(median(load) / median(loadRef)).toFixed(2)}x`,
    console_or_page_errors: errors,
  };
  console.log(JSON.stringify(row));
  return row;
}

try {
  console.log(`# report bench: ${RUNS} runs per case, Chromium headless, node ${process.version}`);
  const rows = [];
  if (!args.only || args.only === 'medium') rows.push(await bench('medium', buildScanFixture(PRESETS.medium)));
  if (!args.only || args.only === 'scale') rows.push(await bench('scale', buildScanFixture(PRESETS.scale)));
  if (args.scan) {
    const loaded = await loadScanDir(args.scan);
    rows.push(await bench('real-scan', loaded.scan));
  }
  for (const r of rows) console.log(`${r.case}: report.html ready in ${r.load_ms_median} ms (median of ${RUNS}); under 3 s: ${r.load_ms_median < 3_000 ? 'yes' : 'NO'}; console/page errors: ${r.console_or_page_errors}`);
  console.table(rows.map((r) => ({ case: r.case, flagged: r.flagged_accounts, html: r['report.html'], json: r['report.json'], stix: r['stix.json'], 'write ms': r.write_ms_median, 'load ms': r.load_ms_median, 'all charts ms': r.all_charts_drawn_ms_median, 'load/ref': r.load_vs_reference_page, errors: r.console_or_page_errors })));
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
