import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountLines, exchangeChunks, truthLines } from './generate.js';
import { prepare, type SimulateOptions } from './prepare.js';
import { simulateThreaded } from './threads.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTS: SimulateOptions = { scenario: 'small', seed: 5, scale: 0.3 };

/** A Writable that keeps what it gets; `delayMs` makes it a slow reader. */
function collector(delayMs = 0): Writable & { text: () => string } {
  const bufs: Buffer[] = [];
  const w = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      bufs.push(Buffer.from(chunk));
      if (delayMs > 0) setTimeout(cb, delayMs);
      else cb();
    },
  });
  return Object.assign(w, { text: () => Buffer.concat(bufs).toString('utf8') });
}

describe('simulateThreaded (generator workers)', () => {
  let inProcess: string;
  beforeAll(() => {
    const { pop, pools } = prepare(OPTS);
    inProcess = [...exchangeChunks(pop, pools)].map((b) => b.toString('utf8')).join('');
  });

  it('writes the in-process bytes with one worker and with two, side files first', async () => {
    expect(inProcess.length).toBeGreaterThan(100_000);
    for (const threads of [1, 2]) {
      const side = join(dir, `side-${threads}`);
      let sideFirst: boolean | null = null;
      const out = collector();
      const origWrite = out.write.bind(out);
      out.write = ((chunk: Buffer, ...rest: never[]) => {
        sideFirst ??= existsSync(join(side, 'accounts.jsonl')) && existsSync(join(side, 'truth.jsonl'));
        return origWrite(chunk, ...rest);
      }) as typeof out.write;
      const res = await simulateThreaded(OPTS, threads, out, side);
      expect(out.text() === inProcess, `${threads} thread(s): same bytes`).toBe(true);
      expect(res.exchanges).toBe(inProcess.trimEnd().split('\n').length);
      expect(res.closed).toBe(false);
      expect(sideFirst).toBe(true);
      const { pop } = prepare(OPTS);
      expect(readFileSync(join(side, 'accounts.jsonl'), 'utf8')).toBe(accountLines(pop));
      expect(readFileSync(join(side, 'truth.jsonl'), 'utf8')).toBe(truthLines(pop));
      expect(res.accounts).toBe(pop.plans.length);
    }
  }, 120_000);

  it('stops at the limit', async () => {
    const out = collector();
    const res = await simulateThreaded({ ...OPTS, limit: 1234 }, 2, out);
    expect(res.exchanges).toBe(1234);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1234);
    expect(out.text()).toBe(inProcess.split('\n').slice(0, 1234).join('\n') + '\n');
  }, 60_000);

  it('keeps at most maxInFlight batches a worker when the reader is slow', async () => {
    const out = collector(2);
    const res = await simulateThreaded({ ...OPTS, limit: 6000 }, 2, out, undefined, { maxInFlight: 2, batchLines: 100, chunkBytes: 32 * 1024 });
    expect(res.exchanges).toBe(6000);
    expect(res.maxQueued).toBeGreaterThanOrEqual(1);
    expect(res.maxQueued).toBeLessThanOrEqual(2);
  }, 60_000);

  it('ends quietly when the reader goes away (EPIPE), and stops its workers', async () => {
    let writes = 0;
    const broken = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        if (writes === 2) cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        else cb();
      },
    });
    const res = await simulateThreaded(OPTS, 2, broken, undefined, { chunkBytes: 16 * 1024 });
    expect(res.closed).toBe(true);
    expect(res.exchanges).toBeLessThan(inProcess.trimEnd().split('\n').length);
  }, 60_000);

  it('reports a bad option from the worker as an error', async () => {
    await expect(simulateThreaded({ ...OPTS, scenario: 'nope' }, 2, collector())).rejects.toThrow(/unknown scenario/);
  }, 60_000);
});
