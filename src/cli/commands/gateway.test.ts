import { describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { register } from './gateway.js';

/**
 * Run `moat gateway …` in-process; every case here fails before a relaunch, a store or a listener.
 * --port 0 and --young-gen 0 come first (a later value wins) so that a case that wrongly passes
 * binds no fixed port and never relaunches: a relaunch would re-run this process's argv, vitest's.
 */
const moat = (...args: string[]): Promise<CliRun> =>
  runInProcess([register], ['gateway', '--upstream', 'http://127.0.0.1:9', '--quiet', '--port', '0', '--young-gen', '0', ...args]);

describe('moat gateway (CLI)', () => {
  it.each([['--port'], ['--young-gen'], ['--upstream-timeout'], ['--seed'], ['--body-limit']])(
    'rejects a blank %s instead of reading it as 0',
    async (option) => {
      for (const blank of ['', ' ']) {
        const r = await moat(option, blank);
        expect(r.code).toBe(1);
        expect(r.err).toBe(`moat: ${option}: not a valid number: ${blank}\n`);
      }
    },
  );

  it('still rejects non-numeric and out-of-range values', async () => {
    expect((await moat('--port', '65536')).err).toMatch(/^moat: --port: not a valid number: 65536$/m);
    expect((await moat('--young-gen', 'big')).err).toMatch(/^moat: --young-gen: not a valid number: big$/m);
    expect((await moat('--verdict-cache-ms', '')).err).toMatch(/^moat: --verdict-cache-ms: expected a whole number/m);
  });
});
