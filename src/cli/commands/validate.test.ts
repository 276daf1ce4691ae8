import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { goodExchange } from '../../ingest/testdata/records.js';
import { register as registerConvert } from './convert.js';
import { register as registerValidate } from './validate.js';

const created: string[] = [];
const track = (dir: string): string => (created.push(dir), dir);
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});


/** Run a command in-process the way main.ts does, capturing stdout/stderr and the exit code. */
const moat = (...args: string[]): Promise<CliRun> => runInProcess([registerValidate, registerConvert], args);

const tmp = (): string => track(mkdtempSync(join(tmpdir(), 'moat-cli-')));

describe('moat validate', () => {
  it('prints counts by reason and writes both files', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), [JSON.stringify(goodExchange(1)), '{"id":1}', 'nope', JSON.stringify(goodExchange(2))].join('\n'));
    const r = await moat('validate', join(dir, 'in.jsonl'), '--out', join(dir, 'o'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 2 ok, 2 quarantined \(4 lines, 0 blank\)/);
    expect(r.out).toMatch(/invalid_json\s+1/);
    expect(r.out).toMatch(/wrong_type\s+1/);
    expect(readFileSync(join(dir, 'o', 'quarantine.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('--strict exits 1 when something was quarantined', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), [JSON.stringify(goodExchange(1)), 'nope'].join('\n'));
    expect((await moat('validate', join(dir, 'in.jsonl'), '-o', join(dir, 'o'), '--strict', '-q')).code).toBe(1);
  });

  it('unreadable input: exit 2 and exactly one line', async () => {
    const dir = tmp();
    const missing = await moat('validate', join(dir, 'missing.jsonl'), '-o', join(dir, 'o'), '-q');
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    writeFileSync(join(dir, 'bin'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)));
    const binary = await moat('validate', join(dir, 'bin'), '-o', join(dir, 'o'), '-q');
    expect(binary.code).toBe(2);
    expect(binary.err.trim().split('\n')).toEqual([expect.stringMatching(/^moat: .* is not JSON Lines/)]);
    expect(binary.out).toBe('');
  });

  it('rejects a blank, zero or non-numeric --max-line-bytes with one line naming the option', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), JSON.stringify(goodExchange(1)) + '\n');
    for (const bad of ['', ' ', '0', 'lots', '0x400', '1e6']) {
      const r = await moat('validate', join(dir, 'in.jsonl'), '-o', join(dir, 'o'), '-q', '--max-line-bytes', bad);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --max-line-bytes must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}, got "${bad}"\n`);
    }
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('--help shows examples', async () => {
    const r = await moat('validate', '--help');
    expect(r.out).toMatch(/Examples:[\s\S]*moat validate logs\//);
  });
});

describe('moat convert', () => {
  it('unknown --from: exit 2, one line listing formats', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), '{}\n');
    const r = await moat('convert', '--from', 'nope', join(dir, 'in.jsonl'), join(dir, 'o'), '-q');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([expect.stringMatching(/^moat: unknown format "nope"; valid formats: /)]);
  });

  it('wrong --from (a contract log read as anthropic): exit 2, one line naming the first failure', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), Array.from({ length: 150 }, (_, i) => JSON.stringify(goodExchange(i))).join('\n'));
    const r = await moat('convert', '--from', 'anthropic', join(dir, 'in.jsonl'), join(dir, 'o'), '-q');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([expect.stringMatching(/^moat: .*in\.jsonl does not look like anthropic records: none of the first 100 records were accepted \(line 1: /)]);
    expect(r.out).toBe('');
  });

  it('--help shows examples', async () => {
    const r = await moat('convert', '--help');
    expect(r.out).toMatch(/Examples:[\s\S]*moat convert --from/);
  });
});
