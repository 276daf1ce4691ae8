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
  // the fleet sends a system prompt longer than the 80 characters an indicator shows
  const system = 'You are an expert problem solver. Always give exhaustive, step-by-step solutions with complete reasoning.';
  const withSystem = f.exchanges.map((e) => (f.fleet.has(e.account) ? { ...e, system } : e));
  const lines = withSystem.map((e, k) => JSON.stringify(k % 7 === 0 ? { ...e, key: `sk-live-${e.account}`, note: { k } } : e));
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
    expect(read(join(dir, 'two'), 'campaigns.json')).toContain('"kind": "system_prompt"');
    // shown cut at 77 characters + '…' on both paths (the worker carries 81 characters)
    expect(read(join(dir, 'two'), 'accounts.jsonl')).toContain('You are an expert problem solver. Always give exhaustive, step-by-step soluti…');
    expect(events[1]).toEqual(events[0]);
    expect(read(join(dir, 'two'), 'quarantine.jsonl')).not.toContain('sk-secret-123');
  });

  it('a pool of readers (pieces down to a few lines) writes byte-identical outputs and quarantine, bad lines and all', async () => {
    const dir = writeLog();
    // BOM, CRLF, invalid UTF-8, blank lines, a line longer than several pieces, no final newline
    const log = readFileSync(join(dir, 'exchanges.jsonl'));
    const lines = log.toString('utf8').trimEnd().split('\n');
    lines[3] = lines[3] + '\r';
    lines.splice(60, 0, '', '   ', `{"id":"long","pad":"${'y'.repeat(5000)}"}`);
    const bad = Buffer.from('{"id":"bad-utf8","x":"\xff\xfe"}', 'latin1');
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.slice(0, 90).join('\n') + '\n'), bad, Buffer.from('\n' + lines.slice(90).join('\n'))]);
    writeFileSync(join(dir, 'exchanges.jsonl'), body);
    const one = await runScan(dir, { out: join(dir, 'one'), worker: false });
    expect(one.result.stats.quarantined).toBe(4);
    for (const [readers, pieceBytes] of [[2, 700], [3, 64], [2, 4096]]) {
      const events: string[] = [];
      const sink = { start: (n?: number) => events.push(`start ${n}`), update: (n: number) => events.push(`update ${n}`), stop: () => events.push('stop') };
      const out = join(dir, `pool-${readers}-${pieceBytes}`);
      await runScan(dir, { out, worker: true, readers, pieceBytes, progress: sink });
      for (const f of ['accounts.jsonl', 'campaigns.json', 'stats.json', 'quarantine.jsonl']) expect(read(out, f), `${f} with ${readers} readers, ${pieceBytes}-byte pieces`).toBe(read(join(dir, 'one'), f));
      expect(events[0]).toBe(`start ${body.length}`);
      expect(events.at(-2)).toBe(`update ${body.length}`);
      expect(events.at(-1)).toBe('stop');
    }
  });

  it('a pool of readers gives up on a file that is not JSON Lines exactly as the one-thread scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moat-pool-bad-'));
    writeFileSync(join(dir, 'exchanges.jsonl'), Array.from({ length: 150 }, (_, k) => `not json ${k}`).join('\n') + '\n');
    const one = await runScan(dir, { out: join(dir, 'one'), worker: false }).catch((e: unknown) => e);
    const pool = await runScan(dir, { out: join(dir, 'pool'), worker: true, readers: 2, pieceBytes: 50 }).catch((e: unknown) => e);
    expect(pool).toBeInstanceOf(IngestError);
    expect((pool as Error).message).toBe((one as Error).message);
    expect((pool as Error).message).toMatch(/none of the first 100 lines parsed \(line 1:/);
    expect(read(join(dir, 'pool'), 'quarantine.jsonl')).toBe(read(join(dir, 'one'), 'quarantine.jsonl'));
    // fewer bad lines than the limit, then nothing good: the end-of-file verdict, also over the whole file
    writeFileSync(join(dir, 'exchanges.jsonl'), Array.from({ length: 30 }, (_, k) => `{"id":"x${k}"}`).join('\n') + '\n');
    const one2 = await runScan(dir, { out: join(dir, 'one2'), worker: false }).catch((e: unknown) => e);
    const pool2 = await runScan(dir, { out: join(dir, 'pool2'), worker: true, readers: 3, pieceBytes: 40 }).catch((e: unknown) => e);
    expect((pool2 as Error).message).toBe((one2 as Error).message);
    expect((pool2 as Error).message).toMatch(/none of the first 30 records/);
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
