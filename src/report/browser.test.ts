/**
 * Real-browser checks of report.html in headless Chromium: hostile log values render as text
 * and run nothing, the page makes no network request, charts and table render, and a
 * medium-size report renders without errors (its load time is in bench/report.ts).
 * Fails (never skips) when chromium is missing.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from './index.js';
import { drawAllCharts, launchChromium, openReport, type PageWatch } from './testdata/browser.js';
import { buildScanFixture, HOSTILE, PRESETS, writeScanDir } from './testdata/fixture.js';

const OUT = fileURLToPath(new URL('../../out/test/report/', import.meta.url));
let browser: Browser;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function noTrouble(w: PageWatch, file: string) {
  expect(w.pageErrors).toEqual([]);
  expect(w.consoleErrors).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(await w.cspViolations()).toEqual([]);
  expect(w.requests).toEqual([`file://${file}`]);
}

describe('hostile report in Chromium', () => {
  let w: PageWatch;
  let file: string;
  beforeAll(async () => {
    const scanDir = join(OUT, 'hostile-scan');
    await writeScanDir(buildScanFixture({ ...PRESETS.small, hostile: true }), scanDir);
    const res = await writeReports(scanDir, join(OUT, 'hostile'), { producer: `Evil ${HOSTILE.scriptTag}` });
    file = res.files.find((f) => f.path.endsWith('report.html'))!.path;
    w = await openReport(browser, file);
  }, 60_000);
  afterAll(async () => {
    await w?.page.close();
  });

  it('finishes rendering', () => {
    expect(w.readyMs).toBeGreaterThan(0);
  });
  it('runs no injected script, opens no dialog, violates no CSP and requests nothing', async () => {
    expect(await w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await noTrouble(w, file);
  });
  it('adds no element from log data: only our three scripts, no images or links', async () => {
    const counts = await w.page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img').length,
      links: document.querySelectorAll('a, link, iframe, object, embed').length,
      onAttrs: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(counts).toEqual({ scripts: 3, imgs: 0, links: 0, onAttrs: 0 });
  });
  it('shows hostile values as literal text, with bidi controls visible', async () => {
    const cells = await w.page.$$eval('#account-rows td.acct', (tds) => tds.map((t) => t.textContent));
    expect(cells).toContain(`${HOSTILE.scriptTag}-0`);
    expect(cells).toContain(`${HOSTILE.imgOnerror}-2`);
    expect(cells).toContain('admin<U+202E>gnp.exe-4');
    expect(cells.join('')).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(await w.page.textContent('#headline')).toContain('campaigns');
    expect(await w.page.textContent('header')).toContain(HOSTILE.scriptTag);
    const body = await w.page.textContent('body');
    expect(body).toContain(HOSTILE.closeScript);
  });
  it('renders the table and the charts', async () => {
    expect(await w.page.locator('#account-rows tr').count()).toBe(87);
    // graph + (timeline, mix) for each of 3 campaigns; ECharts draws each on a canvas when scrolled near.
    expect(await drawAllCharts(w.page)).toBe(7);
    expect(await w.page.locator('#app .chart canvas').count()).toBeGreaterThanOrEqual(7);
    await noTrouble(w, file);
    const size = await w.page.locator('#graph canvas').first().boundingBox();
    expect(size!.width).toBeGreaterThan(600);
    await w.page.screenshot({ path: join(OUT, 'hostile.png'), fullPage: false });
    const box = await w.page.evaluate(() => {
      const r = document.getElementById('accounts')!.getBoundingClientRect();
      return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: Math.min(r.height, 700) };
    });
    // Sorted by account name, the hostile names come first ('"' and '<' sort before letters).
    await w.page.click('#accounts th:text-is("Account")');
    expect(await w.page.textContent('#account-rows tr:first-child td.acct')).toBe(`${HOSTILE.imgOnerror}-2`);
    await w.page.screenshot({ path: join(OUT, 'hostile-accounts.png'), fullPage: true, clip: box });
    await w.page.click('#accounts th:text-is("Score")'); // back to score, highest first
  });
  it('filters and sorts without a server', async () => {
    // The fixture names one account of each of the 3 campaigns 'admin\u202Egnp.exe-4'.
    await w.page.fill('#filter', 'gnp.exe');
    await w.page.waitForFunction(() => document.querySelectorAll('#account-rows tr').length === 3, null, { timeout: 5_000 });
    expect(await w.page.textContent('#table-info')).toBe('Rows 1–3 of 3 · page 1 of 1');
    await w.page.fill('#filter', '');
    await w.page.selectOption('#verdict-filter', '1');
    await w.page.waitForFunction(() => document.querySelectorAll('#account-rows .badge.attack').length === 0);
    const suspects = await w.page.locator('#account-rows tr').count();
    expect(suspects).toBeGreaterThan(0);
    await w.page.selectOption('#verdict-filter', '');
    await w.page.click('th:has-text("Score")');
    const scores = (await w.page.$$eval('#account-rows td.num:nth-child(4)', (t) => t.map((x) => Number(x.textContent)))).slice(0, 20);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });
});

describe('medium-size report in Chromium', () => {
  it('renders with no console errors, paginated, graph sampling stated', async () => {
    const scanDir = join(OUT, 'medium-scan');
    await writeScanDir(buildScanFixture(PRESETS.medium), scanDir);
    const res = await writeReports(scanDir, join(OUT, 'medium'));
    const file = res.files.find((f) => f.path.endsWith('report.html'))!.path;
    const w = await openReport(browser, file);
    try {
      // Load time is measured in bench/report.ts (median of runs), not asserted here.
      expect(w.readyMs).toBeGreaterThan(0);
      await noTrouble(w, file);
      expect(await w.page.locator('#account-rows tr').count()).toBe(100);
      expect(await w.page.textContent('#table-info')).toMatch(/^Rows 1–100 of 2,300 · page 1 of 23$/);
      await w.page.click('#next');
      expect(await w.page.textContent('#table-info')).toMatch(/^Rows 101–200 of 2,300/);
      expect(await w.page.textContent('#graph .note')).toMatch(/campaign accounts/);
      expect(await drawAllCharts(w.page)).toBe(1 + 2 * 4);
      await noTrouble(w, file);
      await w.page.screenshot({ path: join(OUT, 'medium-top.png') });
      await w.page.locator('#graph').screenshot({ path: join(OUT, 'medium-graph.png') });
      expect((await readFile(join(OUT, 'medium-graph.png'))).length).toBeGreaterThan(10_000);
    } finally {
      await w.page.close();
    }
  });
});

describe('a suspected group in Chromium', () => {
  it('titles it "Suspected group", after the campaigns, with no errors', async () => {
    const scan = buildScanFixture(PRESETS.small);
    const c = scan.campaigns[0]!;
    scan.campaigns.push({ ...c, id: 'S0001', verdict: 'suspect', summary: 'Suspected, not attack: rotating through proxy exits' });
    const scanDir = join(OUT, 'suspected-scan');
    await writeScanDir(scan, scanDir);
    const res = await writeReports(scanDir, join(OUT, 'suspected'));
    const file = res.files.find((f) => f.path.endsWith('report.html'))!.path;
    const w = await openReport(browser, file);
    try {
      await noTrouble(w, file);
      const titles = await w.page.$$eval('section h2', (hs) => hs.map((h) => h.textContent ?? ''));
      const detail = titles.filter((t) => /^(Campaign|Suspected group) /.test(t));
      expect(detail.at(-1)).toBe('Suspected group S0001');
      expect(detail.slice(0, -1).every((t) => t.startsWith('Campaign '))).toBe(true);
      expect(await w.page.textContent('#overview')).toContain('suspected group S0001');
      expect(await w.page.textContent('#headline')).toMatch(/1 suspected group of \d+ accounts? \(coordinated evasion, suspect, not attack\)/);
    } finally {
      await w.page.close();
    }
  });
});
