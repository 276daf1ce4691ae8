import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../ingest/errors.js';
import { buildFixture } from './testdata/fixture.js';
import { runScan } from './run-scan.js';

function writeLog(): string {
  const f = buildFixture({ days: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'moat-pipe-'));
  const lines = f.exchanges.map((e, k) => JSON.stringify(k % 7 === 0 ? { ...e, key: `sk-live-${e.account}`, note: { k } } : e));
  lines.splice(25, 0, '{"id": "broken"', '', '{"id":"x2","ts":"2026-03-02T00:00:00Z","account":"a","messages":"nope","key":"sk-secret-123"}');
  writeFileSync(join(dir, 'exchanges.jsonl'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'accounts.jsonl'), f.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return dir;
}

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

describe('two-thread scan (scan-worker + scan-pipe)', () => {
  it('writes byte-identical outputs and quarantine to the one-thread scan, progress included', async () => {
    const dir = writeLog();
    const events: string[][] = [[], []];
    const sink = (e: string[]) => ({ start: (n?: number) => e.push(`start ${n}`), update: (n: number) => e.push(`update ${n}`), stop: () => e.push('stop') });
    const one = await runScan(dir, { out: join(dir, 'one'), worker: false, progress: sink(events[0]) });
    const two = await runScan(dir, { out: join(dir, 'two'), worker: true, progress: sink(events[1]) });
    for (const f of ['accounts.jsonl', 'campaigns.json', 'stats.json', 'quarantine.jsonl']) expect(read(join(dir, 'two'), f)).toBe(read(join(dir, 'one'), f));
    expect(two.result.stats.quarantined).toBe(2);
    expect(one.result.campaigns.length).toBeGreaterThan(0);
    expect(events[1]).toEqual(events[0]);
    expect(read(join(dir, 'two'), 'quarantine.jsonl')).not.toContain('sk-secret-123');
  });

  it('a file that is not JSON Lines fails with the same IngestError as the one-thread scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moat-pipe-bad-'));
    writeFileSync(join(dir, 'exchanges.jsonl'), Array.from({ length: 150 }, (_, k) => `not json ${k}`).join('\n') + '\n');
    const one = await runScan(dir, { out: join(dir, 'one'), worker: false }).catch((e: unknown) => e);
    const two = await runScan(dir, { out: join(dir, 'two'), worker: true }).catch((e: unknown) => e);
    expect(two).toBeInstanceOf(IngestError);
    expect((two as Error).message).toBe((one as Error).message);
    expect(read(join(dir, 'two'), 'quarantine.jsonl')).toBe(read(join(dir, 'one'), 'quarantine.jsonl'));
  });
});
