import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScanDir, ReportInputError } from './load.js';
import { buildScanFixture, PRESETS, writeScanDir } from './testdata/fixture.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'moat-report-load-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('loadScanDir', () => {
  it('round-trips a written fixture', async () => {
    const d = await tmp();
    const scan = buildScanFixture(PRESETS.small);
    await writeScanDir(scan, d);
    const loaded = await loadScanDir(d);
    expect(loaded.problemCount).toBe(0);
    expect(loaded.scan).toEqual(scan);
  });
  it('skips bad account lines and campaigns, naming file:line and the reason', async () => {
    const d = await tmp();
    const scan = buildScanFixture(PRESETS.small);
    await writeScanDir(scan, d);
    const good = JSON.stringify(scan.accounts[0]);
    await writeFile(
      join(d, 'accounts.jsonl'),
      [good, '{not json', JSON.stringify({ ...scan.accounts[1], score: 7 }), '', JSON.stringify({ ...scan.accounts[2], verdict: 'evil' }), good].join('\n'),
    );
    await writeFile(join(d, 'campaigns.json'), JSON.stringify([scan.campaigns[0], { id: 'x' }]));
    const loaded = await loadScanDir(d);
    expect(loaded.scan.accounts).toHaveLength(2);
    expect(loaded.scan.campaigns).toHaveLength(1);
    expect(loaded.problemCount).toBe(4);
    expect(loaded.problems.map((p) => p.where)).toEqual(['campaigns.json#1', 'accounts.jsonl:2', 'accounts.jsonl:3', 'accounts.jsonl:5']);
    expect(loaded.problems[1]!.reason).toBe('not valid JSON');
    expect(loaded.problems[2]!.reason).toMatch(/^score: /);
    expect(loaded.problems[3]!.reason).toMatch(/^verdict: /);
  });
  it('keeps a suspected group and skips a campaign whose verdict is neither attack nor suspect, naming it', async () => {
    const d = await tmp();
    const scan = buildScanFixture(PRESETS.small);
    const c = scan.campaigns[0]!;
    scan.campaigns = [c, { ...c, id: 'S0001', verdict: 'suspect' }, { ...c, id: 'S0002', verdict: 'banned' as 'suspect' }];
    await writeScanDir(scan, d);
    const loaded = await loadScanDir(d);
    expect(loaded.scan.campaigns.map((x) => [x.id, x.verdict])).toEqual([[c.id, undefined], ['S0001', 'suspect']]);
    expect(loaded.problems.map((p) => p.where)).toEqual(['campaigns.json#2']);
    expect(loaded.problems[0]!.reason).toMatch(/^verdict: /);
  });
  it('fails with one clear line when a file is missing or not JSON', async () => {
    const d = await tmp();
    await expect(loadScanDir(d)).rejects.toThrow(/campaigns\.json: missing/);
    await writeFile(join(d, 'campaigns.json'), '{"oops"');
    await expect(loadScanDir(d)).rejects.toBeInstanceOf(ReportInputError);
    await expect(loadScanDir(d)).rejects.toThrow(/campaigns\.json: not valid JSON/);
    await writeFile(join(d, 'campaigns.json'), '{}');
    await expect(loadScanDir(d)).rejects.toThrow(/expected a JSON array/);
    await writeFile(join(d, 'campaigns.json'), '[]');
    await expect(loadScanDir(d)).rejects.toThrow(/accounts\.jsonl: missing/);
  });
  it('reads stats from summary.json and sums exchanges when there is none', async () => {
    const d = await tmp();
    const scan = buildScanFixture(PRESETS.small);
    await writeScanDir(scan, d);
    await rm(join(d, 'summary.json'));
    const loaded = await loadScanDir(d);
    expect(loaded.scan.stats.exchanges).toBe(scan.accounts.reduce((s, a) => s + (a.exchanges ?? 0), 0));
    expect(loaded.scan.stats.served_before_flag).toBeUndefined();
  });
  it('reports a stats file whose account_records is not a count, and keeps its own defaults instead', async () => {
    const d = await tmp();
    const scan = buildScanFixture(PRESETS.small);
    await writeScanDir(scan, d);
    await rm(join(d, 'summary.json'));
    await writeFile(join(d, 'stats.json'), JSON.stringify({ ...scan.stats, account_records: -3 }));
    const loaded = await loadScanDir(d);
    expect(loaded.problemCount).toBe(1);
    expect(loaded.problems[0]!.where).toBe('stats.json');
    expect(loaded.problems[0]!.reason).toMatch(/^account_records: /);
    expect(loaded.scan.stats.account_records).toBeUndefined();
    expect(loaded.scan.accounts).toHaveLength(scan.accounts.length);
  });
});
