import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NO_PROGRESS, createProgress, formatAmount, progressEnabled, progressLine } from './progress.js';

describe('progress', () => {
  it('formats amounts and a line with rate, percent and ETA when the total is known', () => {
    expect(formatAmount(1_500_000, 'bytes')).toBe('1.5 MB');
    expect(formatAmount(999, 'items')).toBe('999');
    expect(progressLine({ label: 'v', unit: 'bytes', done: 250e6, total: 1e9, elapsedMs: 5000, width: 4 })).toBe('v █░░░ 25% 250.0 MB/1.0 GB 50.0 MB/s ETA 15s');
    expect(progressLine({ label: 'v', unit: 'items', done: 3000, elapsedMs: 2000 })).toBe('v 3.0k 1.5k /s');
  });

  it('is off when the stream is not a TTY or with quiet', () => {
    const notTty = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    const tty = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    expect(progressEnabled({ stream: notTty })).toBe(false);
    expect(progressEnabled({ stream: tty, quiet: true })).toBe(false);
    expect(progressEnabled({ stream: tty })).toBe(true);
    expect(createProgress({ label: 'x', stream: notTty })).toBe(NO_PROGRESS);
  });

  it('draws on a TTY stream', () => {
    const chunks: string[] = [];
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo() {}, clearLine() {}, moveCursor() {} }) as unknown as NodeJS.WriteStream;
    tty.on('data', (c: Buffer) => chunks.push(c.toString()));
    let t = 0;
    const bar = createProgress({ label: 'validate', stream: tty, now: () => (t += 1000) });
    bar.start(1000);
    bar.update(500);
    bar.stop();
    expect(chunks.join('')).toMatch(/validate .*% .*B\/s/);
  });
});
