import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createQuarantine } from './quarantine.js';

const created: string[] = [];
const track = (dir: string): string => (created.push(dir), dir);
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});


describe('createQuarantine', () => {
  it('writes one JSON line per entry with file, line, field, reason, detail and scrubbed raw; counts by reason', () => {
    const dir = track(mkdtempSync(join(tmpdir(), 'moat-q-')));
    const q = createQuarantine(dir);
    q.add({ file: 'a.jsonl', line: 3, field: 'ts', reason: 'wrong_type', detail: 'expected string', raw: '{"ts":1,"key":"sk-abcdefghijk"}' });
    q.add({ file: 'a.jsonl', line: 9, field: '', reason: 'invalid_json', detail: 'bad', raw: Buffer.from('x'.repeat(5000)) });
    q.add({ file: 'a.jsonl', line: 11, field: 'id', reason: 'wrong_type', detail: 'expected string', raw: '{}' });
    q.close();
    const lines = readFileSync(join(dir, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ file: 'a.jsonl', line: 3, field: 'ts', reason: 'wrong_type', detail: 'expected string', raw: '{"ts":1,"key":"[redacted]"}' });
    expect(lines[1].raw).toHaveLength(1024);
    expect(q.counts()).toEqual({ wrong_type: 2, invalid_json: 1 });
    expect(q.total).toBe(3);
  });

  it('counts without writing when outDir is null', () => {
    const q = createQuarantine(null);
    q.add({ file: '-', line: 1, field: '', reason: 'not_object', detail: 'x', raw: '1' });
    expect(q.path).toBeNull();
    expect(q.counts()).toEqual({ not_object: 1 });
    expect(q.sample[0].file).toBe('-');
  });

  it('truncates by default, and with append keeps what an earlier run wrote', () => {
    const d = mkdtempSync(join(tmpdir(), 'moat-q-append-'));
    const entry = (line: number) => ({ file: 'redis:s', line, field: '', reason: 'invalid_json' as const, detail: 'x', raw: 'x' });
    const first = createQuarantine(d);
    first.add(entry(1));
    first.close();
    const again = createQuarantine(d, { append: true });
    again.add(entry(2));
    again.close();
    expect(readFileSync(join(d, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([1, 2]);
    createQuarantine(d).close();
    expect(readFileSync(join(d, 'quarantine.jsonl'), 'utf8')).toBe('');
    rmSync(d, { recursive: true, force: true });
  });
});

