import { describe, expect, it } from 'vitest';
import { splitLines } from './lines.js';
import type { Line } from './lines.js';

async function* chunked(parts: Array<Buffer | string>): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}

async function all(parts: Array<Buffer | string>, max?: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const batch of splitLines(chunked(parts), { maxLineBytes: max })) out.push(...batch);
  return out;
}

const text = (l: Line): string | null => (l.bytes === null ? null : l.bytes.toString());

describe('splitLines', () => {
  it('splits across chunk boundaries and keeps a last line without newline', async () => {
    const lines = await all(['ab', 'c\nde', 'f\n\ngh']);
    expect(lines.map(text)).toEqual(['abc', 'def', '', 'gh']);
    expect(lines.map((l) => l.no)).toEqual([1, 2, 3, 4]);
  });

  it('drops CR of CRLF line ends and a leading BOM, even when the BOM arrives split', async () => {
    const lines = await all([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf]), 'a\r\nb\r', '\n']);
    expect(lines.map(text)).toEqual(['a', 'b']);
  });

  it('reports a line over the limit without its bytes, keeps the head, and goes on', async () => {
    const big = 'x'.repeat(5000);
    const lines = await all(['ok\n', big.slice(0, 3000), big.slice(3000) + '\nafter\n'], 1000);
    expect(lines.map(text)).toEqual(['ok', null, 'after']);
    expect(lines[1].length).toBe(5000);
    expect(lines[1].head?.length).toBe(1024);
    expect(lines.map((l) => l.no)).toEqual([1, 2, 3]);
  });

  it('does not buffer a 50 MB line: memory stays far below its size', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61);
    async function* src(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 50; i++) yield chunk;
      yield Buffer.from('\n{"a":1}\n');
    }
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const out: Line[] = [];
    for await (const batch of splitLines(src(), { maxLineBytes: 8 << 20 })) {
      out.push(...batch);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    expect(out[0].bytes).toBeNull();
    expect(out[0].length).toBe(50 << 20);
    expect(text(out[1])).toBe('{"a":1}');
    expect(peak).toBeLessThan(20 << 20);
  });

  it('hands over a partial last line marked truncated when the source fails, then rethrows', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('one\ntw');
      throw new Error('boom');
    }
    const got: Line[] = [];
    await expect(async () => {
      for await (const batch of splitLines(failing())) got.push(...batch);
    }).rejects.toThrow('boom');
    expect(got.map(text)).toEqual(['one', 'tw']);
    expect(got[1].truncated).toBe(true);
  });

  it('yields nothing for empty input', async () => {
    expect(await all([])).toEqual([]);
    expect(await all([''])).toEqual([]);
  });
});
