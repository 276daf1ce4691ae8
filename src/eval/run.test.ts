import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateToDir } from '../simulate/index.js';
import { formatEval } from './format.js';
import { runEval } from './index.js';

describe('runEval on a simulated log', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moat-eval-'));
    await simulateToDir({ scenario: 'small', seed: 4, scale: 0.3 }, join(dir, 'data'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores perfect verdicts (built from truth, flagged at each account’s first exchange) as recall 1, precision 1, FPR 0', async () => {
    const truth = readFileSync(join(dir, 'data', 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { account: string; label: string; campaign: string | null });
    const first = new Map<string, string>();
    for (const l of readFileSync(join(dir, 'data', 'exchanges.jsonl'), 'utf8').trim().split('\n')) {
      const e = JSON.parse(l) as { account: string; ts: string };
      if (!first.has(e.account)) first.set(e.account, e.ts);
    }
    const lines = truth
      .filter((t) => first.has(t.account))
      .map((t) =>
        JSON.stringify(
          t.label === 'attack'
            ? { account: t.account, verdict: 'attack', campaign: t.campaign, score: 1, flagged_at: first.get(t.account), reasons: [] }
            : { account: t.account, verdict: 'clear', campaign: null, score: 0, flagged_at: null, reasons: [] },
        ),
      );
    writeFileSync(join(dir, 'perfect.jsonl'), lines.join('\n') + '\nbroken line\n');
    const run = await runEval({ data: join(dir, 'data'), verdicts: join(dir, 'perfect.jsonl') });
    const o = run.result.overall;
    expect(o.recall).toBe(1);
    expect(o.precision).toBe(1);
    expect(o.false_positive_rate).toBe(0);
    expect(o.purity).toBe(1);
    expect(o.median_h).toBe(0);
    // Only the flagging exchange of each campaign account was served.
    expect(o.served_before_flag).toBe(o.campaign_accounts);
    expect(run.badVerdictLines).toEqual([{ line: lines.length + 1, reason: 'invalid_json' }]);
    const text = formatEval(run.result);
    expect(text).toContain('recall 100.0%');
    expect(text).toContain('university *');
  });

  it('refuses a data folder without truth', async () => {
    await expect(runEval({ data: dir, verdicts: join(dir, 'perfect.jsonl') })).rejects.toThrow(/truth.jsonl/);
  });
});
