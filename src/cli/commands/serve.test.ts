import { describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../testing/run-in-process.js';
import { register } from './serve.js';

/**
 * Run `moat serve …` in-process; every case here fails before anything listens (--port 0 first,
 * so that a case that wrongly passes binds no fixed port; a later --port wins).
 */
const moat = (...args: string[]): Promise<CliRun> => runInProcess([register], ['serve', '--quiet', '--port', '0', ...args]);

describe('moat serve (CLI)', () => {
  it('rejects a blank, non-numeric or out-of-range --port instead of reading blank as port 0', async () => {
    for (const bad of ['', ' ', 'http', '65536', '-1']) {
      const r = await moat('--port', bad);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --port: not a port: ${bad}\n`);
    }
  });

  it('rejects a blank --verdict-cache-ms instead of reading it as 0 (cache off)', async () => {
    const r = await moat('--verdict-cache-ms', '');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^moat: --verdict-cache-ms: expected a whole number 0\.\.60000/);
  });
});
