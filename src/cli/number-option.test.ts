import { describe, expect, it } from 'vitest';
import { toNumber } from './number-option.js';

describe('toNumber (CLI option text)', () => {
  it('is NaN for blank text, which Number() reads as 0', () => {
    for (const blank of ['', ' ', '   ', '\t', '\n']) {
      expect(Number(blank)).toBe(0);
      expect(toNumber(blank)).toBeNaN();
    }
  });

  it('is NaN for text that is no number', () => {
    for (const bad of ['abc', '1a', '--1', '1,000']) expect(toNumber(bad)).toBeNaN();
  });

  it('reads numbers as Number() does, zero and negatives included', () => {
    expect(toNumber('0')).toBe(0);
    expect(toNumber('-1')).toBe(-1);
    expect(toNumber('8080')).toBe(8080);
    expect(toNumber('0.25')).toBe(0.25);
    expect(toNumber('1e3')).toBe(1000);
    expect(toNumber(' 42 ')).toBe(42);
  });
});
