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

const MAX = Number.MAX_SAFE_INTEGER;

describe('moat gateway (CLI)', () => {
  it.each([
    ['--port', 0, 65535],
    ['--young-gen', 0, 4096],
    ['--upstream-timeout', 1, MAX],
    ['--seed', 0, MAX],
    ['--body-limit', 1, MAX],
  ])('rejects a blank %s instead of reading it as 0', async (option, min, max) => {
    for (const blank of ['', ' ']) {
      const r = await moat(option, blank);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: ${option} must be an integer from ${min} to ${max}, got "${blank}"\n`);
    }
  });

  it('still rejects non-numeric and out-of-range values', async () => {
    expect((await moat('--port', '65536')).err).toBe('moat: --port must be an integer from 0 to 65535, got "65536"\n');
    expect((await moat('--young-gen', 'big')).err).toBe('moat: --young-gen must be an integer from 0 to 4096, got "big"\n');
    expect((await moat('--verdict-cache-ms', '')).err).toBe('moat: --verdict-cache-ms must be an integer from 0 to 60000, got ""\n');
    expect((await moat('--verdict-cache-ms', '0x50')).err).toBe('moat: --verdict-cache-ms must be an integer from 0 to 60000, got "0x50"\n');
  });

  it('rejects hex, exponent and fractional text that Number() would take (--port 0x50 was port 80)', async () => {
    for (const [option, bad] of [['--port', '0x50'], ['--port', '1e3'], ['--body-limit', '1e6'], ['--upstream-timeout', '1.5'], ['--seed', '-1']]) {
      const r = await moat(option, bad);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^moat: ${option} must be an integer from \\d+ to \\d+, got "${bad.replace('.', '\\.')}"\n$`));
    }
  });

  it('rejects 0 for --body-limit and --upstream-timeout (no body accepted; undici reads 0 as no timeout)', async () => {
    expect((await moat('--body-limit', '0')).err).toBe(`moat: --body-limit must be an integer from 1 to ${MAX}, got "0"\n`);
    expect((await moat('--upstream-timeout', '0')).err).toBe(`moat: --upstream-timeout must be an integer from 1 to ${MAX}, got "0"\n`);
  });

  it('--accounts feeds only a detector of its own', async () => {
    expect((await moat('--accounts', 'a.jsonl', '--no-detector')).err).toBe("moat: --accounts feeds this gateway's detector, and --no-detector runs none\n");
    expect((await moat('--accounts', 'a.jsonl', '--redis', 'redis://127.0.0.1:9', '--exchange-stream')).err).toBe(
      "moat: --accounts feeds this gateway's detector, and with --exchange-stream the detector is `moat detect`: give it --accounts\n",
    );
    expect((await moat('--accounts-every', '-1')).err).toBe('moat: --accounts-every must be an integer from 0 to 86400, got "-1"\n');
  });
});

