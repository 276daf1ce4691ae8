import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.js';
import { loadAllowlistFile, loadVerdictsFile } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startup loaders', () => {
  it('loads verdicts, quarantining bad lines with file:line and reason', async () => {
    const f = join(dir, 'accounts.jsonl');
    writeFileSync(
      f,
      [
        JSON.stringify({ account: 'a1', verdict: 'attack', campaign: 'c1', score: 0.9, reasons: [] }),
        '{not json',
        JSON.stringify({ account: 'a2', verdict: 'suspect', campaign: null, score: 0.5 }),
        JSON.stringify({ account: 'a3', verdict: 'clear', campaign: null, score: 0 }),
        JSON.stringify({ account: 'a4', verdict: 'attack', score: 7 }),
        '',
      ].join('\n'),
    );
    const store = createMemoryStore();
    await store.setVerdict('a3', { verdict: 'suspect', campaign: null, score: 0.4 });
    const seen: number[] = [];
    const r = await loadVerdictsFile(store, f, { start: (t) => seen.push(t ?? -1), update: (d) => seen.push(d), stop: () => seen.push(-2) });
    expect(seen[0]).toBeGreaterThan(100); // file size
    expect(seen.at(-1)).toBe(-2);
    expect(r.loaded).toBe(3);
    expect(r.quarantined.map((q) => q.where)).toEqual([`${f}:2`, `${f}:5`]);
    expect(r.quarantined[0].reason).toMatch(/^not JSON/);
    expect(r.quarantined[1].reason).toMatch(/^score: /);
    expect((await store.lookup('a1')).verdict).toEqual({ verdict: 'attack', campaign: 'c1', score: 0.9 });
    expect((await store.lookup('a3')).verdict).toBeNull(); // a clear verdict removes an old one
  });

  it('loads an allowlist with comments', async () => {
    const f = join(dir, 'allow.txt');
    writeFileSync(f, '# eval harness\nacct_eval  # benchmarks\n\nbad account id\nacct_uni\n');
    const store = createMemoryStore();
    const r = await loadAllowlistFile(store, f);
    expect(r.loaded).toBe(2);
    expect(r.quarantined).toHaveLength(1);
    expect((await store.lookup('acct_uni')).allowlisted).toBe(true);
  });
});
