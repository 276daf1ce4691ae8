import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { hashKey } from '../core/key-hash.js';
import { IngestError } from './errors.js';
import { createQuarantine } from './quarantine.js';
import { readAccounts, readExchanges, readTruth } from './read-log.js';
import { emptyStats } from './scan.js';
import { RAW_KEY, badLines, goodExchange } from './testdata/records.js';

const created: string[] = [];
const track = (dir: string): string => (created.push(dir), dir);
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});


const tmp = (): string => track(mkdtempSync(join(tmpdir(), 'moat-read-')));
const jsonl = (recs: unknown[]): string => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function readAll(input: string, opts: Parameters<typeof readExchanges>[1] = {}): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for await (const b of readExchanges(input, { quarantine: createQuarantine(null), ...opts })) out.push(...b);
  return out;
}

describe('readExchanges', () => {
  it('reads a file in order, in batches, with keys hashed by the given secret', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.jsonl'), jsonl(Array.from({ length: 2500 }, (_, i) => goodExchange(i))));
    const batches: number[] = [];
    const all: Exchange[] = [];
    for await (const b of readExchanges(join(dir, 'x.jsonl'), { keySecret: 's1', batchSize: 500, quarantine: createQuarantine(null) })) {
      batches.push(b.length);
      all.push(...b);
    }
    expect(all.map((e) => e.id)).toEqual(Array.from({ length: 2500 }, (_, i) => `ex-${i}`));
    expect(batches.length).toBeGreaterThan(1);
    expect(all[3].key).toBe(hashKey(`${RAW_KEY}-3`, 's1'));
  });

  it('decodes ASCII and UTF-8 lines alike wherever they fall in the ASCII-checked blocks, and quarantines invalid UTF-8', async () => {
    const lines: Buffer[] = [];
    const want: string[] = [];
    for (let i = 0; i < 400; i++) {
      const ex = goodExchange(i);
      if (i % 37 === 5) ex.id = `ex-ünï-${i}-😀`;
      if (i % 53 === 7) {
        lines.push(Buffer.concat([Buffer.from(`{"id":"bad-${i}-`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
        continue;
      }
      if (i % 41 === 3) lines.push(Buffer.from('  '));
      want.push(ex.id as string);
      lines.push(Buffer.from(JSON.stringify(ex) + (i % 29 === 2 ? '\r' : '')));
    }
    const body = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    const dir = tmp();
    writeFileSync(join(dir, 'x.jsonl'), body);
    for (const input of ['file', 'stdin'] as const) {
      const quarantine = createQuarantine(null);
      // stdin in uneven chunks: lines split across chunks, blocks starting mid-chunk
      const chunks = Array.from({ length: Math.ceil(body.length / 777) }, (_, k) => body.subarray(k * 777, (k + 1) * 777));
      const got = input === 'file' ? await readAll(join(dir, 'x.jsonl'), { quarantine }) : await readAll('-', { quarantine, stdin: Readable.from(chunks) });
      expect(got.map((e) => e.id)).toEqual(want);
      expect(quarantine.counts()).toEqual({ invalid_utf8: 8 });
    }
  });

  it('takes a directory holding exchanges.jsonl, a gzip file by magic bytes (any name), and stdin', async () => {
    const dir = tmp();
    const body = jsonl([goodExchange(1), goodExchange(2)]);
    writeFileSync(join(dir, 'exchanges.jsonl'), body);
    writeFileSync(join(dir, 'plain-name.log'), gzipSync(body));
    expect((await readAll(dir)).map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
    expect((await readAll(join(dir, 'plain-name.log'))).map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
    expect((await readAll('-', { stdin: Readable.from([Buffer.from(body)]) })).length).toBe(2);
    expect((await readAll('-', { stdin: Readable.from([gzipSync(body)]) })).length).toBe(2);
  });

  it('takes a named pipe (FIFO), plain and gzip, which cannot be peeked at a position', async () => {
    const dir = tmp();
    const body = jsonl([goodExchange(1), goodExchange(2), goodExchange(3)]);
    for (const [name, bytes] of [['plain.fifo', Buffer.from(body)], ['gz.fifo', gzipSync(body)]] as const) {
      const fifo = join(dir, name);
      execFileSync('mkfifo', [fifo]);
      // Opening either end of a FIFO blocks (on libuv's thread pool) until the other end opens.
      const writer = createWriteStream(fifo);
      const written = new Promise<void>((resolve, reject) => writer.end(bytes, (err?: Error | null) => (err ? reject(err) : resolve())));
      const got = await readAll(fifo);
      await written;
      expect(got.map((e) => e.id)).toEqual([goodExchange(1).id, goodExchange(2).id, goodExchange(3).id]);
    }
  });

  it('through a FIFO, bad lines (invalid UTF-8, a wrong type, one over maxLineBytes) are quarantined with their line and the rest kept', async () => {
    const dir = tmp();
    const fifo = join(dir, 'bad.fifo');
    execFileSync('mkfifo', [fifo]);
    const wrongType = JSON.stringify({ ...goodExchange(9), ts: 12 });
    const bytes = Buffer.concat([
      Buffer.from(jsonl([goodExchange(1)])),
      Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d, 0x0a]),
      Buffer.from(wrongType + '\n'),
      Buffer.from('{"id":"' + 'x'.repeat(5000) + '"}\n'),
      Buffer.from(jsonl([goodExchange(2)])),
    ]);
    const writer = createWriteStream(fifo);
    const written = new Promise<void>((resolve, reject) => writer.end(bytes, (err?: Error | null) => (err ? reject(err) : resolve())));
    const q = createQuarantine(null);
    const got = await readAll(fifo, { quarantine: q, maxLineBytes: 2000 });
    await written;
    expect(got.map((e) => e.id)).toEqual([goodExchange(1).id, goodExchange(2).id]);
    expect(q.counts()).toEqual({ invalid_utf8: 1, wrong_type: 1, line_too_long: 1 });
    expect(q.sample.map((e) => [e.line, e.reason])).toEqual([[2, 'invalid_utf8'], [3, 'wrong_type'], [4, 'line_too_long']]);
  });

  it('a consumer may stop early (plain and gzip) without hanging', async () => {
    const dir = tmp();
    const body = jsonl(Array.from({ length: 5000 }, (_, i) => goodExchange(i)));
    writeFileSync(join(dir, 'a.jsonl'), body);
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(body));
    for (const f of ['a.jsonl', 'a.jsonl.gz']) {
      let first: Exchange[] = [];
      for await (const b of readExchanges(join(dir, f), { batchSize: 100, quarantine: createQuarantine(null) })) {
        first = b;
        break;
      }
      expect(first.map((e) => e.id)[99]).toBe('ex-99');
    }
  });

  it('reports progress in source bytes: start(total), rising updates, stop', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.jsonl'), jsonl(Array.from({ length: 3000 }, (_, i) => goodExchange(i))));
    const calls: Array<[string, number | undefined]> = [];
    const sink = { start: (t?: number) => calls.push(['start', t]), update: (d: number) => calls.push(['update', d]), stop: () => calls.push(['stop', undefined]) };
    await readAll(join(dir, 'x.jsonl'), { progress: sink });
    const size = statSync(join(dir, 'x.jsonl')).size;
    expect(calls[0]).toEqual(['start', size]);
    expect(calls.at(-1)).toEqual(['stop', undefined]);
    const ups = calls.filter((c) => c[0] === 'update').map((c) => c[1] as number);
    expect(ups.at(-1)).toBe(size);
    expect(ups.every((v, i) => i === 0 || v >= ups[i - 1])).toBe(true);
  });

  it('handles CRLF line ends and a BOM', async () => {
    const dir = tmp();
    const body = '\uFEFF' + [goodExchange(1), goodExchange(2)].map((r) => JSON.stringify(r)).join('\r\n') + '\r\n';
    writeFileSync(join(dir, 'x.jsonl'), body);
    const stats = emptyStats();
    expect((await readAll(join(dir, 'x.jsonl'), { stats })).map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
    expect(stats.quarantined).toBe(0);
  });

  it('an empty file yields nothing and is not an error', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.jsonl'), '');
    expect(await readAll(join(dir, 'x.jsonl'))).toEqual([]);
  });

  it('quarantines each bad kind with its field and reason, and keeps reading', async () => {
    const dir = tmp();
    const bad = badLines(3);
    const lines: Buffer[] = [Buffer.from(JSON.stringify(goodExchange(0)))];
    for (const b of bad) lines.push(b.text);
    lines.push(Buffer.from(JSON.stringify(goodExchange(1))));
    writeFileSync(join(dir, 'x.jsonl'), Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const q = createQuarantine(null);
    const got = await readAll(join(dir, 'x.jsonl'), { quarantine: q });
    expect(got.map((e) => e.id)).toEqual(['ex-0', 'ex-1']);
    expect(q.sample.map((e) => [e.line, e.reason, e.field])).toEqual(bad.map((b, i) => [i + 2, b.reason, b.field ?? '']));
  });

  it('quarantines a line over maxLineBytes as line_too_long', async () => {
    const dir = tmp();
    const big = { ...goodExchange(9), output: 'y'.repeat(5000) };
    writeFileSync(join(dir, 'x.jsonl'), jsonl([goodExchange(1), big, goodExchange(2)]));
    const q = createQuarantine(null);
    const got = await readAll(join(dir, 'x.jsonl'), { quarantine: q, maxLineBytes: 2000 });
    expect(got.map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
    expect(q.sample[0]).toMatchObject({ line: 2, reason: 'line_too_long' });
    expect(q.sample[0].raw).not.toContain(RAW_KEY);
  });

  it('a 50 MB line under the default 8 MiB limit: quarantined as line_too_long, never held whole', async () => {
    const dir = tmp();
    const path = join(dir, 'x.jsonl');
    const big = Buffer.alloc(50 << 20, 0x61);
    big.write(`{"id":"big","key":"${RAW_KEY}","output":"`);
    writeFileSync(path, Buffer.concat([Buffer.from(JSON.stringify(goodExchange(1)) + '\n'), big, Buffer.from('"}\n' + JSON.stringify(goodExchange(2)) + '\n')]));
    const q = createQuarantine(null);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const got: Exchange[] = [];
    for await (const b of readExchanges(path, { quarantine: q })) {
      got.push(...b);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    expect(got.map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
    expect(q.sample).toHaveLength(1);
    expect(q.sample[0]).toMatchObject({ line: 2, reason: 'line_too_long' });
    expect(q.sample[0].raw).not.toContain('RAWKEY');
    expect(peak).toBeLessThan(30 << 20);
  });

  it('a truncated gzip yields what was read, quarantines the cut line, then fails with one line', async () => {
    const dir = tmp();
    const gz = gzipSync(jsonl(Array.from({ length: 3000 }, (_, i) => goodExchange(i))));
    writeFileSync(join(dir, 'x.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const q = createQuarantine(null);
    const got: Exchange[] = [];
    let error: unknown;
    try {
      for await (const b of readExchanges(join(dir, 'x.jsonl.gz'), { quarantine: q })) got.push(...b);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as Error).message).toMatch(/gzip stream is truncated/);
    expect(got.length).toBeGreaterThan(100);
    expect(got.map((e) => e.id)).toEqual(Array.from({ length: got.length }, (_, i) => `ex-${i}`));
    expect(q.sample.at(-1)).toMatchObject({ line: got.length + 1, reason: 'truncated_input' });
  });

  it('unreadable input fails with one IngestError line: missing file, directory without log, binary, wrong shape', async () => {
    const dir = tmp();
    await expect(readAll(join(dir, 'nope.jsonl'))).rejects.toThrow(/^cannot read .*nope\.jsonl: no such file/);
    await expect(readAll(dir)).rejects.toThrow(/is a directory without exchanges\.jsonl/);
    writeFileSync(join(dir, 'bin'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131) % 256)));
    await expect(readAll(join(dir, 'bin'))).rejects.toThrow(/is not JSON Lines/);
    writeFileSync(join(dir, 'other.jsonl'), jsonl(Array.from({ length: 150 }, (_, i) => ({ request: { model: 'm' }, n: i }))));
    await expect(readAll(join(dir, 'other.jsonl'))).rejects.toThrow(/does not look like a Moat exchange log/);
  });

  it('without a quarantine, warns once on stderr instead of dropping silently', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.jsonl'), jsonl([goodExchange(1)]) + '{oops\n');
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    try {
      for await (const _ of readExchanges(join(dir, 'x.jsonl'))) void _;
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toMatch(/1 bad line\(s\) in .* skipped \(invalid_json: 1\)/);
  });
});

describe('readAccounts / readTruth', () => {
  it('find accounts.jsonl and truth.jsonl inside a directory or beside a file; [] when absent', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'exchanges.jsonl'), jsonl([goodExchange(1)]));
    expect(await readAccounts(dir)).toEqual([]);
    writeFileSync(join(dir, 'accounts.jsonl'), jsonl([{ account: 'a', payment_fingerprint: 'pf1' }, { account: '' }]));
    writeFileSync(join(dir, 'truth.jsonl'), jsonl([{ account: 'a', label: 'attack', campaign: 'c1', persona: 'p' }]));
    const q = createQuarantine(null);
    expect(await readAccounts(dir, { quarantine: q })).toEqual([{ account: 'a', payment_fingerprint: 'pf1' }]);
    expect(q.sample[0]).toMatchObject({ line: 2, field: 'account', reason: 'invalid_value' });
    expect(await readAccounts(join(dir, 'exchanges.jsonl'))).toHaveLength(1);
    expect((await readTruth(dir))[0].label).toBe('attack');
    const other = join(dir, 'sub');
    mkdirSync(other);
    writeFileSync(join(other, 'accounts-2025.jsonl'), jsonl([{ account: 'z' }]));
    expect((await readAccounts(join(other, 'accounts-2025.jsonl')))[0].account).toBe('z');
    writeFileSync(join(other, 'billing-export.jsonl'), jsonl([{ account: 'y' }]));
    expect(await readAccounts(join(other, 'billing-export.jsonl'))).toEqual([]); // other names mean "beside it"
    expect((await readAccounts(join(other, 'billing-export.jsonl'), { explicit: true }))[0].account).toBe('y');
    await expect(readAccounts(join(other, 'missing.jsonl'), { explicit: true })).rejects.toThrow(/cannot read/);
  });
});

describe('raw keys never reach an output', () => {
  it('neither valid records nor the quarantine file contain the raw key', async () => {
    const dir = tmp();
    const lines = [Buffer.from(JSON.stringify(goodExchange(0))), ...badLines(1).map((b) => b.text), Buffer.from(`${RAW_KEY} {`)];
    writeFileSync(join(dir, 'x.jsonl'), Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const q = createQuarantine(join(dir, 'out'));
    const got = await readAll(join(dir, 'x.jsonl'), { quarantine: q });
    q.close();
    expect(JSON.stringify(got)).not.toContain('RAWKEY');
    const qtext = readFileSync(join(dir, 'out', 'quarantine.jsonl'), 'utf8');
    expect(qtext.split('\n').filter(Boolean)).toHaveLength(badLines(1).length + 1);
    expect(qtext).not.toContain('RAWKEY');
  });
});
