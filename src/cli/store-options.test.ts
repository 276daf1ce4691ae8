import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addStoreOptions, parseVerdictCacheMs } from './store-options.js';

describe('store options', () => {
  it('accepts whole milliseconds within the staleness bound and defaults to it', () => {
    expect(parseVerdictCacheMs('0')).toBe(0);
    expect(parseVerdictCacheMs('1500')).toBe(1500);
    expect(parseVerdictCacheMs(undefined)).toBe(60_000);
  });

  it('rejects fractions, negatives, words, hex, exponents, blanks and values past 60 s with the common message', () => {
    for (const bad of ['5.5', '-1', 'soon', '60001', '', ' ', '0x50', '1e3']) {
      expect(() => parseVerdictCacheMs(bad)).toThrow(`--verdict-cache-ms must be an integer from 0 to 60000, got ${JSON.stringify(bad)}`);
    }
  });

  it('adds --redis and --verdict-cache-ms to a command', () => {
    const cmd = addStoreOptions(new Command('x').exitOverride(), 'share state').action(() => {});
    cmd.parse(['--redis', 'redis://h:1', '--verdict-cache-ms', '10'], { from: 'user' });
    expect(cmd.opts()).toMatchObject({ redis: 'redis://h:1', verdictCacheMs: '10' });
  });
});
