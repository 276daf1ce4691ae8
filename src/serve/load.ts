/**
 * Startup files for `moat serve`: verdicts from `moat scan --out DIR` (accounts.jsonl) and an
 * allowlist (one account a line). Bad lines are quarantined with file:line and reason, counted,
 * and never stop the load.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { StateStore } from '../store/store.js';
import { syncVerdicts } from '../enforce/sync.js';

const MAX_LINE = 1024 * 1024;

const VerdictLine = z.looseObject({
  account: z.string().min(1).max(256),
  verdict: z.enum(['attack', 'suspect', 'clear']),
  campaign: z.string().min(1).max(256).nullable().default(null),
  score: z.number().min(0).max(1).default(0),
});

/** Progress reporting in bytes (structurally src/cli/progress.ts's ProgressSink). */
export interface LoadProgress {
  start(total?: number): void;
  update(done: number): void;
  stop(): void;
}

export interface LoadReport {
  loaded: number;
  quarantined: { where: string; reason: string }[];
}

async function* lines(file: string): AsyncGenerator<[number, string]> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) yield [++n, line];
}

/**
 * Load accounts.jsonl into the store.
 * @example const { loaded, quarantined } = await loadVerdictsFile(store, 'out/accounts.jsonl');
 */
export async function loadVerdictsFile(store: StateStore, file: string, progress?: LoadProgress): Promise<LoadReport> {
  const report: LoadReport = { loaded: 0, quarantined: [] };
  let batch: z.infer<typeof VerdictLine>[] = [];
  let bytes = 0;
  progress?.start(statSync(file).size);
  for await (const [n, line] of lines(file)) {
    bytes += Buffer.byteLength(line) + 1;
    if (n % 1000 === 0) progress?.update(bytes);
    if (line.trim() === '') continue;
    const where = `${file}:${n}`;
    if (line.length > MAX_LINE) {
      report.quarantined.push({ where, reason: `line longer than ${MAX_LINE} bytes` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      report.quarantined.push({ where, reason: `not JSON: ${(err as Error).message}` });
      continue;
    }
    const p = VerdictLine.safeParse(json);
    if (!p.success) {
      const i = p.error.issues[0];
      report.quarantined.push({ where, reason: `${i.path.join('.') || '(line)'}: ${i.message}` });
      continue;
    }
    batch.push(p.data);
    if (batch.length >= 1000) {
      report.loaded += await syncVerdicts(store, batch);
      batch = [];
    }
  }
  report.loaded += await syncVerdicts(store, batch);
  progress?.update(bytes);
  progress?.stop();
  return report;
}

/**
 * Load an allowlist: one account id a line; `#` starts a comment.
 * @example await loadAllowlistFile(store, 'allow.txt');
 */
export async function loadAllowlistFile(store: StateStore, file: string): Promise<LoadReport> {
  const report: LoadReport = { loaded: 0, quarantined: [] };
  for await (const [n, line] of lines(file)) {
    const account = line.replace(/#.*/, '').trim();
    if (account === '') continue;
    if (account.length > 256 || /\s/.test(account)) {
      report.quarantined.push({ where: `${file}:${n}`, reason: 'not an account id (whitespace or longer than 256)' });
      continue;
    }
    await store.addAllowlist(account);
    report.loaded++;
  }
  return report;
}
