import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../core/exchange.js';
import { watchAccounts } from './accounts-watch.js';
import { createQuarantine } from './quarantine.js';

const line = (r: AccountRecord) => JSON.stringify(r) + '\n';

describe('accounts file watch (moat detect --accounts)', () => {
  it('hands on new and changed records as the file grows, each bad line quarantined once, nothing when unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moat-accounts-'));
    const file = join(dir, 'accounts.jsonl');
    writeFileSync(file, line({ account: 'a', email_domain: 'x.example' }) + '{"account": 5}\n');
    const q = createQuarantine(dir);
    const added: string[] = [];
    const w = watchAccounts(file, (r) => added.push(`${r.account}:${r.payment_fingerprint ?? ''}`), q, 0);
    expect(await w.check()).toBe(1);
    expect(await w.check()).toBe(0); // unchanged file: not read again
    appendFileSync(file, line({ account: 'b', payment_fingerprint: 'pm_1' }) + line({ account: 'a', email_domain: 'x.example', payment_fingerprint: 'pm_2' }) + 'not json\n');
    expect(await w.check()).toBe(2);
    expect(added).toEqual(['a:', 'b:pm_1', 'a:pm_2']);
    expect(w.records).toBe(3);
    q.close();
    const entries = readFileSync(join(dir, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    // line 2 (wrong type) once, though read twice; line 5 (not JSON) once
    expect(entries.map((e) => [e.line, e.reason])).toEqual([[2, 'wrong_type'], [5, 'invalid_json']]);
    w.stop();
  });

  it('names a missing file plainly', async () => {
    const w = watchAccounts(join(tmpdir(), 'moat-no-such-accounts.jsonl'), () => undefined, createQuarantine(null), 0);
    await expect(w.check()).rejects.toThrow(/^cannot read .*moat-no-such-accounts\.jsonl: no such file or directory$/);
  });
});

