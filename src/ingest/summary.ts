/**
 * The end-of-run summary shared by `moat validate` and `moat convert`: counts on stdout, the
 * one-line error (if the input could not be read to the end) thrown for main.ts to print.
 */
import type { IngestResult } from './validate-log.js';
import { summarize } from './read-log.js';

/**
 * @example summaryLines(result) // ['ok 1000, quarantined 50 (of 1050 lines, 0 blank)', '  wrong_type 20', …]
 */
export function summaryLines(r: IngestResult, verb: string): string[] {
  const s = r.stats;
  const lines = [`${verb} ${r.file}: ${s.records} ok, ${s.quarantined} quarantined (${s.lines} lines, ${s.blank} blank)`];
  const by = Object.entries(r.byReason).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]));
  for (const [reason, n] of by) lines.push(`  ${reason.padEnd(16)} ${n}`);
  for (const e of r.examples) lines.push(`  e.g. ${printable(e.file)}:${e.line} ${e.reason}${e.field ? ` ${printable(e.field)}` : ''}: ${printable(e.detail)}`);
  if (r.accounts) {
    const a = r.accounts.stats;
    lines.push(`accounts ${r.accounts.file}: ${a.records} ok, ${a.quarantined} quarantined (${a.lines} lines, ${a.blank} blank) → ${r.accounts.path}`);
  }
  lines.push(`wrote ${r.recordsPath} and ${r.quarantinePath}`);
  return lines;
}

/**
 * Print the summary, then fail (one line) when the input was unreadable or --strict found bad lines.
 * @example finish(await validateLog('logs/', 'out'), 'validated', { strict: true })
 */
export function finish(r: IngestResult, verb: string, opts: { strict?: boolean; out?: NodeJS.WritableStream }): void {
  const out = opts.out ?? process.stdout;
  if (r.error && r.stats.okLines === 0) throw r.error;
  out.write(summaryLines(r, verb).join('\n') + '\n');
  if (r.error) throw r.error;
  if (opts.strict && r.stats.quarantined > 0) {
    throw Object.assign(new Error(`${r.stats.quarantined} line(s) quarantined (${summarize(r.byReason)}) and --strict was given`), { exitCode: 1 });
  }
}

/**
 * Text from logs made safe for a terminal: control characters shown as \\uXXXX, cut to 200 chars.
 * @example printable('a\u001b[2Jb') // 'a\\u001b[2Jb'
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const out = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return out.length > 200 ? `${out.slice(0, 199)}…` : out;
}
