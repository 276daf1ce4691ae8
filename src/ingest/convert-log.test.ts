import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdapterError } from '../core/adapter.js';
import type { Adapter } from '../core/adapter.js';
import type { Exchange } from '../core/exchange.js';
import { convertLog, findAdapter } from './convert-log.js';

const created: string[] = [];
const track = (dir: string): string => (created.push(dir), dir);
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});


/** A tiny test format: {who, when, q, a, secret} → one exchange. */
const toy: Adapter = {
  name: 'toy',
  description: 'test format',
  convert(record: unknown): Exchange[] {
    const r = record as Record<string, unknown>;
    if (typeof r.who !== 'string') throw new AdapterError('who', 'expected a string');
    if (r.explode) throw new Error('adapter bug');
    return [{ id: String(r.n), ts: String(r.when), account: r.who, key: r.secret as string, messages: [{ role: 'user', content: String(r.q) }], output: String(r.a) }];
  },
};

describe('convertLog', () => {
  it('converts, quarantines adapter rejections and invalid adapter output, and hashes keys', async () => {
    const dir = tmp();
    const lines = [
      { n: 1, who: 'a', when: '2025-01-01T00:00:00Z', q: 'hi', a: 'yo', secret: 'sk-toy-SECRETKEY123' },
      { n: 2, who: 7, when: '2025-01-01T00:00:00Z' },
      { n: 3, who: 'b', when: 'yesterday', q: 'x', a: 'y' },
      { n: 4, who: 'c', explode: true },
      { n: 5, who: 'd', when: '2025-01-01T00:01:00Z', q: 'q', a: 'a' },
    ];
    writeFileSync(join(dir, 'in.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = await convertLog('toy', join(dir, 'in.jsonl'), join(dir, 'out'), { adapters: [toy], keySecret: 's' });
    expect(r.stats.records).toBe(2);
    const q = readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(q.map((e) => [e.line, e.reason, e.field])).toEqual([
      [2, 'adapter_error', 'who'],
      [3, 'invalid_value', 'ts'],
      [4, 'adapter_error', ''],
    ]);
    expect(q[1].detail).toMatch(/toy produced an invalid exchange/);
    const out = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8');
    expect(out).not.toContain('SECRETKEY');
    expect(out).toContain('"key":"kh_');
  });

  it('an unknown format is one line listing the valid ones', () => {
    expect(() => findAdapter('nope', [toy])).toThrow('unknown format "nope"; valid formats: toy');
  });

  it('a file of another format is refused after 100 rejections, not quarantined forever', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: `x${i}` })).join('\n'));
    await expect(convertLog('toy', join(dir, 'in.jsonl'), join(dir, 'out'), { adapters: [toy] })).resolves.toMatchObject({
      error: expect.objectContaining({ message: expect.stringMatching(/does not look like toy records: none of the first 100/) }),
    });
  });
});

function tmp(): string {
  return track(mkdtempSync(join(tmpdir(), 'moat-convert-')));
}

describe('convertLog with the real adapter registry', () => {
  it('openai-chat fixture → contract exchanges with the key hashed; a non-object line is quarantined', async () => {
    const dir = tmp();
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'adapters', 'openai-chat', 'fixtures', 'tool-call.json'), 'utf8'));
    const rawKey = String(fixture.metadata.key);
    const lines = [JSON.stringify(fixture), '[1,2]', JSON.stringify({ ...fixture, metadata: { ...fixture.metadata, account: 'acct_other' } })];
    writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
    const r = await convertLog('openai-chat', join(dir, 'in.jsonl'), join(dir, 'out'), { keySecret: 's' });
    expect(r.error).toBeUndefined();
    expect(r.stats.okLines).toBe(2);
    expect(r.stats.quarantined).toBe(1);
    const out = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((e) => e.account)).toEqual(['acct_7f3a', 'acct_other']);
    expect(out[0].key).toMatch(/^kh_[0-9a-f]{32}$/);
    const all = readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8') + readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8');
    expect(all).not.toContain(rawKey);
  });

  it('--account-from picks the account from another path', async () => {
    const dir = tmp();
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'adapters', 'openai-chat', 'fixtures', 'tool-call.json'), 'utf8'));
    writeFileSync(join(dir, 'in.jsonl'), JSON.stringify({ ...fixture, metadata: { ...fixture.metadata, team: 'team-9' } }) + '\n');
    await convertLog('openai-chat', join(dir, 'in.jsonl'), join(dir, 'out'), { accountFrom: ['metadata.team'] });
    const out = JSON.parse(readFileSync(join(dir, 'out', 'exchanges.jsonl'), 'utf8'));
    expect(out.account).toBe('team-9');
  });
});
