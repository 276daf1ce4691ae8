/**
 * `moat eval`: score a scan's verdicts against the simulator's truth. The only code in Moat that
 * reads truth.jsonl (through readTruth). Streams the exchange log once for leakage and delay.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILES } from '../core/exchange.js';
import { readExchanges, readTruth } from '../ingest/read-log.js';
import { emptyStats } from '../ingest/scan.js';
import type { ProgressSink } from '../cli/progress.js';
import { HARD_NEGATIVES } from '../simulate/personas.js';
import { TrafficCounter } from './leakage.js';
import { computeEval, type EvalResult } from './metrics.js';
import { readVerdicts, type BadLine } from './verdicts.js';

export { computeEval, quantile, type EvalResult } from './metrics.js';
export { TrafficCounter } from './leakage.js';
export { parseVerdictLines, readVerdicts } from './verdicts.js';
export { formatEval } from './format.js';

export interface EvalOptions {
  /** Log folder written by `moat simulate` (exchanges.jsonl, truth.jsonl). */
  data: string;
  /** accounts.jsonl written by `moat scan --out DIR`. */
  verdicts: string;
  progress?: ProgressSink;
}

export interface EvalRun {
  result: EvalResult;
  badVerdictLines: BadLine[];
  quarantinedExchanges: number;
  badTimestamps: number;
}

/**
 * @example const { result } = await runEval({ data: 'sim/', verdicts: 'out/scan/accounts.jsonl' });
 */
export async function runEval(opts: EvalOptions): Promise<EvalRun> {
  if (!existsSync(opts.data) || !statSync(opts.data).isDirectory()) throw new Error(`--data: not a directory: ${opts.data}`);
  if (!existsSync(join(opts.data, LOG_FILES.truth))) throw new Error(`--data: no ${LOG_FILES.truth} in ${opts.data} (eval needs simulator truth)`);
  if (!existsSync(opts.verdicts)) throw new Error(`--verdicts: no such file: ${opts.verdicts}`);
  const truth = await readTruth(opts.data);
  const { verdicts, bad } = await readVerdicts(opts.verdicts);
  const flaggedAt = new Map<string, number>();
  for (const v of verdicts) if (v.verdict === 'attack' && v.flagged_at) flaggedAt.set(v.account, Date.parse(v.flagged_at));
  const counter = new TrafficCounter(flaggedAt);
  const stats = emptyStats();
  let n = 0;
  opts.progress?.start();
  for await (const batch of readExchanges(opts.data, { stats })) {
    for (const e of batch) counter.add(e.account, Date.parse(e.ts));
    n += batch.length;
    opts.progress?.update(n);
  }
  opts.progress?.stop();
  return {
    result: computeEval(truth, verdicts, counter, HARD_NEGATIVES),
    badVerdictLines: bad,
    quarantinedExchanges: stats.quarantined,
    badTimestamps: counter.badTimestamps,
  };
}
