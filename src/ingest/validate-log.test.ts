import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateLog } from './validate-log.js';
import { RAW_KEY, badLines, goodExchange } from './testdata/records.js';

const created: string[] = [];
const track = (dir: string): string => (created.push(dir), dir);
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});


const tmp = (): string => track(mkdtempSync(join(tmpdir(), 'moat-validate-')));

/** 1,000 good and 50 bad lines interleaved; good ids encode their line number. */
function mixedLog(): { body: Buffer; badAt: Map<number, string> } {
  const kinds = badLines(0);
  const tooLong = { text: Buffer.from(JSON.stringify({ ...goodExchange(0), output: 'z'.repeat(9 << 20) })), reason: 'line_too_long' };
  const pool = [...kinds, tooLong];
  const parts: Buffer[] = [];
  const badAt = new Map<number, string>();
  let good = 0;
  let bad = 0;
  for (let line = 1; good + bad < 1050; line++) {
    if (bad < 50 && line % 21 === 5) {
      const b = pool[bad % pool.length];
      parts.push(b.text);
      badAt.set(line, b.reason);
      bad++;
    } else {
      parts.push(Buffer.from(JSON.stringify({ ...goodExchange(good), id: `line-${line}` })));
      good++;
    }
    parts.push(Buffer.from(line % 2 === 0 ? '\r\n' : '\n'));
  }
  return { body: Buffer.concat(parts), badAt };
}

describe('validateLog', () => {
  it('1,000 good + 50 bad: 1,000 ok, 50 quarantined with reasons, each input line exactly once in the outputs', async () => {
    const dir = tmp();
    const { body, badAt } = mixedLog();
    writeFileSync(join(dir, 'in.jsonl'), body);
    const r = await validateLog(join(dir, 'in.jsonl'), join(dir, 'out'), { keySecret: 'k' });
    expect(r.error).toBeUndefined();
    expect(r.stats.records).toBe(1000);
    expect(r.stats.quarantined).toBe(50);

    const ok = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const q = readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const okLines = ok.map((e: { id: string }) => Number(e.id.replace('line-', '')));
    const qLines = q.map((e: { line: number }) => e.line);
    const seen = [...okLines, ...qLines].sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1));
    for (const e of q) expect(e.reason).toBe(badAt.get(e.line));
    expect(Object.keys(r.byReason).sort()).toEqual([...new Set(badAt.values())].sort());

    const all = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8') + readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8');
    expect(all).not.toContain('RAWKEY');
    expect(all).not.toContain('\r');
    expect(ok.every((e: { key: string }) => /^kh_[0-9a-f]{32}$/.test(e.key))).toBe(true);
  });

  it('copies records without a key byte for byte and rewrites those with one', async () => {
    const dir = tmp();
    const noKey = { ...goodExchange(1), key: undefined, extra_vendor: { z: 1, a: 2 } };
    const text = JSON.stringify(noKey).replace(/,/g, ', ');
    writeFileSync(join(dir, 'in.jsonl'), `${text}\n${JSON.stringify(goodExchange(2))}\n`);
    await validateLog(join(dir, 'in.jsonl'), join(dir, 'out'), { keySecret: 'k' });
    const out = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8').split('\n');
    expect(out[0]).toBe(text);
    expect(out[1]).not.toContain(RAW_KEY);
  });

  it('a directory input also validates accounts.jsonl into OUT, sharing one quarantine', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'exchanges.jsonl'), [JSON.stringify(goodExchange(1)), '{"id":5}'].join('\n') + '\n');
    writeFileSync(join(dir, 'accounts.jsonl'), [JSON.stringify({ account: 'acct-1', payment_fingerprint: 'pf' }), '{"account":""}'].join('\n') + '\n');
    const r = await validateLog(dir, join(dir, 'out'));
    expect(r.stats).toMatchObject({ records: 1, quarantined: 1 });
    expect(r.accounts?.stats).toMatchObject({ records: 1, quarantined: 1 });
    expect(JSON.parse(readFileSync(join(dir, 'out', 'accounts.jsonl'), 'utf8'))).toEqual({ account: 'acct-1', payment_fingerprint: 'pf' });
    const q = readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(q.map((e) => [e.file.endsWith('accounts.jsonl'), e.line, e.reason])).toEqual([
      [false, 2, 'wrong_type'],
      [true, 2, 'invalid_value'],
    ]);
    expect(r.byReason).toEqual({ wrong_type: 1, invalid_value: 1 });
  });

  it('an empty input writes empty outputs and reports zero', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), '');
    const r = await validateLog(join(dir, 'in.jsonl'), join(dir, 'out'));
    expect(r.stats).toMatchObject({ lines: 0, records: 0, quarantined: 0 });
    expect(readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8')).toBe('');
  });
});
