/**
 * Campaign reports: `writeReports(scanDirOrResult, outDir)` writes report.html, report.json
 * and stix.json. `moat report` and `moat scan --report` both call it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanResult } from '../core/verdict.js';
import { renderHtml, type HtmlOptions } from './html.js';
import { renderJson } from './json.js';
import { loadScanDir, type InputProblem } from './load.js';
import { buildReport, type ModelOptions } from './model.js';
import { toStixBundle, type StixOptions } from './stix.js';

export { buildReport } from './model.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { toStixBundle } from './stix.js';
export { loadScanDir, ReportInputError } from './load.js';
export { reportJsonSchema, REPORT_SCHEMA_VERSION, ReportSchema, type Report } from './report-schema.js';

export const REPORT_FILES = { html: 'report.html', json: 'report.json', stix: 'stix.json' } as const;

export interface WriteReportsOptions extends Omit<ModelOptions, 'problems'> {
  html?: HtmlOptions;
  stix?: Omit<StixOptions, 'producer'>;
  /** Called as each step starts: load, model, html, json, stix. */
  onStep?: (step: 'load' | 'model' | 'html' | 'json' | 'stix', index: number, total: number) => void;
}

export interface WriteReportsResult {
  files: { path: string; bytes: number }[];
  headline: string;
  problemCount: number;
  problems: InputProblem[];
}

/**
 * @example await writeReports('/tmp/med-scan', '/tmp/med-report');
 * @example await writeReports(scanResult, 'out/', { producer: 'Example AI' });
 */
export async function writeReports(scan: string | ScanResult, outDir: string, options: WriteReportsOptions = {}): Promise<WriteReportsResult> {
  const step = options.onStep ?? (() => {});
  step('load', 0, 5);
  let result: ScanResult;
  let problems: InputProblem[] = [];
  let problemCount = 0;
  if (typeof scan === 'string') {
    const loaded = await loadScanDir(scan);
    result = loaded.scan;
    problems = loaded.problems;
    problemCount = loaded.problemCount;
  } else {
    result = scan;
  }
  step('model', 1, 5);
  const report = buildReport(result, { ...options, problems: { count: problemCount, listed: problems } });
  await mkdir(outDir, { recursive: true });
  const files: WriteReportsResult['files'] = [];
  const put = async (name: string, text: string) => {
    const path = join(outDir, name);
    await writeFile(path, text);
    files.push({ path, bytes: Buffer.byteLength(text) });
  };
  step('html', 2, 5);
  await put(REPORT_FILES.html, renderHtml(report, options.html));
  step('json', 3, 5);
  await put(REPORT_FILES.json, renderJson(report));
  step('stix', 4, 5);
  await put(REPORT_FILES.stix, JSON.stringify(toStixBundle(report, { ...options.stix, producer: report.producer }), null, 2) + '\n');
  return { files, headline: report.headline_text, problemCount, problems };
}
