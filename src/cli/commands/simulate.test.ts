import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { register as registerEval } from './eval.js';
import { register as registerSimulate } from './simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run commands in-process the way main.ts does, capturing stdout and stderr. */
const moat = (...args: string[]): Promise<CliRun> => runInProcess([registerSimulate, registerEval], args, { rethrow: true });

describe('moat simulate / moat eval', () => {
  it('writes a log folder and scores truth-equal verdicts as perfect, in JSON', async () => {
    const data = join(dir, 'data');
    const r = await moat('simulate', '--scenario', 'small', '--seed', '7', '--scale', '0.2', '--out', data, '-q');
    expect(r.out).toBe('');
    const truth = readFileSync(join(data, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { account: string; label: string; campaign: string | null });
    const ex = readFileSync(join(data, 'exchanges.jsonl'), 'utf8').trim().split('\n');
    const last = (JSON.parse(ex[ex.length - 1]) as { ts: string }).ts;
    // Flag every campaign account at the very end: recall 1, leakage 1.
    writeFileSync(
      join(dir, 'verdicts.jsonl'),
      truth.map((t) => JSON.stringify({ account: t.account, verdict: t.label === 'attack' ? 'attack' : 'clear', campaign: t.campaign, score: 1, flagged_at: t.label === 'attack' ? last : null, reasons: [] })).join('\n') + '\n',
    );
    const e = await moat('eval', '--data', data, '--verdicts', join(dir, 'verdicts.jsonl'), '--json', '-q');
    const res = JSON.parse(e.out) as { overall: { recall: number; precision: number; leakage: number; false_positive_rate: number } };
    expect(res.overall).toMatchObject({ recall: 1, precision: 1, leakage: 1, false_positive_rate: 0 });
    const table = await moat('eval', '--data', data, '--verdicts', join(dir, 'verdicts.jsonl'), '-q');
    expect(table.out).toMatch(/recall 100\.0%, precision 100\.0%/);
  });

  it('rejects bad flags with a clear message', async () => {
    await expect(moat('simulate', '--scenario', 'nope', '--out', join(dir, 'x'))).rejects.toThrow(/unknown scenario/);
    await expect(moat('simulate', '--seed', '-1', '--out', join(dir, 'x'))).rejects.toThrow(/--seed/);
    await expect(moat('simulate', '--side', dir, '--out', join(dir, 'x'))).rejects.toThrow(/--side is only for --out -/);
    // blank text is no number (Number('') is 0: a fleet that never asks, or seed 0, by accident)
    await expect(moat('simulate', '--elicit-scale', '', '--out', join(dir, 'x'))).rejects.toThrow(/--elicit-scale must be a number, got ""/);
    await expect(moat('simulate', '--elicit-scale', ' ', '--out', join(dir, 'x'))).rejects.toThrow(/--elicit-scale must be a number/);
    await expect(moat('simulate', '--elicit-scale', 'half', '--out', join(dir, 'x'))).rejects.toThrow(/--elicit-scale must be a number, got "half"/);
    await expect(moat('simulate', '--elicit-scale', '1.5', '--out', join(dir, 'x'))).rejects.toThrow(/--elicit-scale must be a number from 0 to 1/);
    await expect(moat('simulate', '--scale', '', '--out', join(dir, 'x'))).rejects.toThrow(/--scale must be a number/);
    await expect(moat('simulate', '--seed', '', '--out', join(dir, 'x'))).rejects.toThrow(/^--seed must be an integer from 0 to \d+, got ""$/);
    await expect(moat('simulate', '--limit', '1e3', '--out', join(dir, 'x'))).rejects.toThrow(/^--limit must be an integer from 0 to \d+, got "1e3"$/);
    await expect(moat('simulate', '--threads', '0x2', '--out', join(dir, 'x'))).rejects.toThrow(/^--threads must be an integer from 0 to \d+, got "0x2"$/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it.each([['0'], ['2']])('exits quietly with status 0 when the reader closes the pipe early (--threads %s)', (threads) => {
    const script = `import('./src/cli/main.ts').then((m) => m.run(['node', 'moat', 'simulate', '--scenario', 'small', '--out', '-', '-q', '--threads', '${threads}']))`;
    const out = execFileSync('bash', ['-c', `node --import tsx -e "${script}" | head -n 3; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('status=0');
  }, 60_000);
});
