import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateToStream } from './index.js';
import { pump } from './sink.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pump', () => {
  it('waits for drain on a slow reader and delivers every chunk in order', async () => {
    const got: string[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 8,
      write(chunk: Buffer, _enc, cb) {
        got.push(chunk.toString());
        setTimeout(cb, 1);
      },
    });
    slow.on('drain', () => drains++);
    const chunks = Array.from({ length: 20 }, (_, i) => `chunk-${i}\n`);
    const res = await pump(chunks, slow);
    expect(res).toEqual({ chunks: 20, closed: false });
    await new Promise((r) => slow.end(r));
    expect(got.join('')).toBe(chunks.join(''));
    expect(drains).toBeGreaterThan(0);
  });

  it('ends quietly when the reader goes away (EPIPE)', async () => {
    let writes = 0;
    const broken = new Writable({
      highWaterMark: 4,
      write(_chunk, _enc, cb) {
        writes++;
        if (writes === 3) cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        else setTimeout(cb, 1);
      },
    });
    function* endless(): Generator<string> {
      for (;;) yield 'x'.repeat(100);
    }
    const res = await pump(endless(), broken);
    expect(res.closed).toBe(true);
  });

  it('rethrows other write errors', async () => {
    const bad = new Writable({
      write(_c, _e, cb) {
        cb(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
      },
    });
    await expect(pump(['a', 'b', 'c'], bad)).rejects.toThrow(/disk full/);
  });
});

describe('simulateToStream', () => {
  it('writes the side files before the first exchange, so accounts precede their exchanges', async () => {
    const side = join(dir, 'side');
    let sawSideFirst: boolean | null = null;
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (sawSideFirst === null) sawSideFirst = existsSync(join(side, 'accounts.jsonl')) && existsSync(join(side, 'truth.jsonl'));
        text += chunk.toString();
        cb();
      },
    });
    const res = await simulateToStream({ scenario: 'small', seed: 1, scale: 0.2, limit: 500 }, out, side);
    expect(sawSideFirst).toBe(true);
    expect(res.exchanges).toBe(500);
    const accounts = new Set(readFileSync(join(side, 'accounts.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { account: string }).account));
    for (const l of text.trim().split('\n')) expect(accounts.has((JSON.parse(l) as { account: string }).account)).toBe(true);
  });
});
