/** Report → report.json text: validated against the schema before it is written. */
import { ReportSchema, type Report } from './report-schema.js';

/**
 * @example await writeFile('report.json', renderJson(report));
 */
export function renderJson(report: Report): string {
  const checked = ReportSchema.safeParse(report);
  if (!checked.success) throw new Error(`report.json failed its own schema: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
  return JSON.stringify(report) + "\n";
}
