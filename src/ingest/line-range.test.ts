import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../core/rng.js';
import { pieceCount, pieceRange } from './line-range.js';

describe('pieceRange', () => {
  it('cuts a file into pieces that start on line starts and together are the whole file, in order', () => {
    const rng = seededRng(7);
    const lines: string[] = [];
    // short lines, blank lines and a few lines longer than several pieces
    for (let k = 0; k < 400; k++) lines.push('x'.repeat(rng() < 0.03 ? 3000 + Math.floor(rng() * 5000) : Math.floor(rng() * 120)));
    const text = lines.join('\n'); // and no final newline
    const file = join(mkdtempSync(join(tmpdir(), 'moat-range-')), 'x.jsonl');
    writeFileSync(file, text);
    const starts = new Set<number>([0]);
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.add(i + 1);
    const fd = openSync(file, 'r');
    try {
      for (const S of [1, 7, 100, 1024, 4096, text.length, text.length + 5]) {
        let at = 0;
        let empty = 0;
        for (let i = 0; i < pieceCount(text.length, S); i++) {
          const r = pieceRange(fd, text.length, i, S);
          if (r.end === r.start) {
            empty++;
            continue;
          }
          expect(r.start).toBe(at);
          expect(starts.has(r.start)).toBe(true);
          // a piece owns the lines that start in it
          expect(r.start).toBeGreaterThanOrEqual(i * S);
          expect(r.start).toBeLessThan((i + 1) * S);
          at = r.end;
        }
        expect(at).toBe(text.length);
        if (S === 100) expect(empty).toBeGreaterThan(0); // pieces inside the long lines
      }
    } finally {
      closeSync(fd);
    }
  });
});
