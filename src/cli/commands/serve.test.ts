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
      expect(r.err).toBe(`moat: --port must be an integer from 0 to 65535, got "${bad}"\n`);
    }
  });

  it('rejects hex, exponent and fractional --port text that Number() would take (0x50 was port 80)', async () => {
    for (const bad of ['0x50', '1e3', '1.5', '0b1']) {
      const r = await moat('--port', bad);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --port must be an integer from 0 to 65535, got "${bad}"\n`);
    }
  });

  it('rejects a blank, hex, exponent or fractional --verdict-cache-ms (blank is not 0, cache off)', async () => {
    for (const bad of ['', ' ', '0x50', '1e3', '1.5', '60001']) {
      const r = await moat('--verdict-cache-ms', bad);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`moat: --verdict-cache-ms must be an integer from 0 to 60000, got "${bad}"\n`);
    }
  });

  it('--exchange-stream needs --redis, excludes --detect, and takes a clean key', async () => {
    expect((await moat('--exchange-stream')).err).toBe('moat: --exchange-stream needs --redis (the stream and the verdicts moat detect writes live there)\n');
    expect((await moat('--exchange-stream', '--redis', 'redis://127.0.0.1:9', '--detect')).err).toBe('moat: --exchange-stream or --detect, not both: with a stream the detector is `moat detect`\n');
    expect((await moat('--exchange-stream', 'a b', '--redis', 'redis://127.0.0.1:9')).err).toBe('moat: --exchange-stream must be 1 to 200 printable characters without spaces, got "a b"\n');
    expect((await moat('--exchange-stream-maxlen', '0')).err).toBe(`moat: --exchange-stream-maxlen must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}, got "0"\n`);
  });

  it('--accounts feeds the --detect detector only', async () => {
    expect((await moat('--accounts', 'a.jsonl')).err).toBe('moat: --accounts feeds the --detect detector\n');
    expect((await moat('--accounts', 'a.jsonl', '--redis', 'redis://127.0.0.1:9', '--exchange-stream')).err).toBe('moat: --accounts feeds the --detect detector; with --exchange-stream give it to `moat detect`\n');
    expect((await moat('--accounts-every', 'x')).err).toBe('moat: --accounts-every must be an integer from 0 to 86400, got "x"\n');
  });
});

