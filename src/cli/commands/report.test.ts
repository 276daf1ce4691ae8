import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { buildScanFixture, PRESETS, writeScanDir } from '../../report/testdata/fixture.js';
import { register } from './report.js';

const created: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'moat-report-cli-'));
  created.push(d);
  return d;
};
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

/** Run `moat report …` in-process, capturing stdout/stderr and the exit code. */
const moat = (...args: string[]): Promise<CliRun> => runInProcess([register], ['report', ...args]);

describe('moat report', () => {
  it('writes the three files and names them', async () => {
    const scan = tmp();
    const out = join(tmp(), 'r');
    await writeScanDir(buildScanFixture(PRESETS.small), scan);
    const r = await moat(scan, '--out', out, '--producer', 'Example AI', '--tlp', 'green');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^moat report: 3 campaigns, 77 accounts, /);
    for (const f of ['report.html', 'report.json', 'stix.json']) expect(existsSync(join(out, f))).toBe(true);
    const stix = JSON.parse(readFileSync(join(out, 'stix.json'), 'utf8'));
    expect(stix.objects.find((o: { type: string }) => o.type === 'identity').name).toBe('Example AI');
    expect(stix.objects.find((o: { type: string }) => o.type === 'marking-definition').name).toBe('TLP:GREEN');
  });
  it('lists skipped records with file:line and still writes the report', async () => {
    const scan = tmp();
    await writeScanDir(buildScanFixture(PRESETS.small), scan);
    writeFileSync(join(scan, 'accounts.jsonl'), readFileSync(join(scan, 'accounts.jsonl'), 'utf8') + '{"account":""}\n');
    const r = await moat(scan, '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/skipped accounts\.jsonl:118: account: /);
    expect(JSON.parse(readFileSync(join(scan, 'report.json'), 'utf8')).input_problems.count).toBe(1);
  });
  it('fails with one line on a missing scan directory or a bad option', async () => {
    expect((await moat(join(tmp(), 'nope'))).err).toMatch(/campaigns\.json: missing/);
    const scan = tmp();
    await writeScanDir(buildScanFixture(PRESETS.small), scan);
    const bad = await moat(scan, '--tlp', 'purple');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--tlp: expected one of white, green, amber, red/);
    for (const n of ['0', '20001', '', ' ', '0x50', '1e3', '1.5']) {
      const r = await moat(scan, '--max-graph-nodes', n);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --max-graph-nodes must be an integer from 1 to 20000, got ${JSON.stringify(n)}\n`);
    }
    expect((await moat()).err).toMatch(/missing scan directory/);
  });
  it('--print-schema prints the report JSON Schema', async () => {
    const r = await moat('--print-schema');
    const schema = JSON.parse(r.out);
    expect(schema.title).toBe('Moat report v1.2.0');
    expect(schema.properties.schema_version.const).toBe('1.2.0');
  });
});
