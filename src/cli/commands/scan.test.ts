import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../../verdict/testdata/fixture.js';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { register } from './scan.js';

const created: string[] = [];
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

/** A log directory from the verdict fixture, with or without its accounts side file. */
function logDir(withAccounts: boolean): string {
  const f = buildFixture({ days: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'moat-scan-cli-'));
  created.push(dir);
  writeFileSync(join(dir, 'exchanges.jsonl'), f.exchanges.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (withAccounts) writeFileSync(join(dir, 'accounts.jsonl'), f.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return dir;
}

const moat = (...args: string[]): Promise<CliRun> => runInProcess([register], ['scan', ...args]);

describe('moat scan (CLI)', () => {
  it('says on stderr, even with --quiet, when no account records were read: detection then used the log alone', async () => {
    const dir = logDir(false);
    const r = await moat(dir, '--out', join(dir, 'out'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^scanned \d+ exchanges/);
    expect(r.err).toMatch(/no account records \(accounts side file\) were read/);
    expect(r.err).toMatch(/--accounts FILE/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'stats.json'), 'utf8')).account_records).toBe(0);
  });

  it('says nothing of the kind when the side file beside the log was read', async () => {
    const dir = logDir(true);
    const r = await moat(dir, '--out', join(dir, 'out'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/no account records/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'stats.json'), 'utf8')).account_records).toBeGreaterThan(0);
  });

  it('rejects a blank or non-integer --seed before reading anything (Number("") is 0, a silent seed 0)', async () => {
    const dir = logDir(false);
    for (const bad of ['', ' ', 'one', '-1', '1.5', '0x10', '1e3']) {
      const r = await moat(dir, '--out', join(dir, 'out'), '--quiet', '--seed', bad);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --seed must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got "${bad}"\n`);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });
});
