/**
 * Headless Chromium for report tests and the report benchmark: Debian's /usr/bin/chromium
 * driven by playwright-core. Collects everything that would show a report misbehaving:
 * console errors, page errors, dialogs (alert), CSP violations and every network request.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.MOAT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch, or fail with a line that says how to get chromium. */
export async function launchChromium(timeoutMs = 30_000): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: run \`bash scripts/ensure-deps.sh --servers\` (installs Debian's chromium) or set MOAT_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: timeoutMs });
}

export interface PageWatch {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
  /** Milliseconds from navigation start until the report set window.__moatReady. */
  readyMs: number;
  cspViolations(): Promise<string[]>;
}

/**
 * Open a report file and wait until its script finished rendering. A page that never gets
 * ready does not throw: readyMs stays -1 so the caller can assert it and still inspect the page.
 */
export async function openReport(browser: Browser, file: string, viewport = { width: 1400, height: 900 }, readyTimeoutMs = 15_000): Promise<PageWatch> {
  const page = await browser.newPage({ viewport });
  const w = { page, consoleErrors: [] as string[], pageErrors: [] as string[], dialogs: [] as string[], requests: [] as string[], readyMs: -1 };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => w.requests.push(r.url()));
  await page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = list;
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const t0 = Date.now();
  await page.goto(`file://${file}`, { waitUntil: 'load', timeout: 30_000 });
  try {
    await page.waitForFunction(() => (window as unknown as { __moatReady?: boolean }).__moatReady === true, null, { timeout: readyTimeoutMs });
    w.readyMs = Date.now() - t0;
  } catch {
    w.readyMs = -1;
  }
  return { ...w, cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()) };
}

/** Scroll every chart box into view so the page draws them all (they draw lazily), then wait. */
export async function drawAllCharts(page: Page, timeoutMs = 15_000): Promise<number> {
  const total = await page.locator('.chart').count();
  for (let i = 0; i < total; i++) await page.locator('.chart').nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => document.querySelectorAll('.chart[data-drawn]').length === n, total, { timeout: timeoutMs });
  await page.evaluate(() => window.scrollTo(0, 0));
  return total;
}
