import { describe, expect, it } from 'vitest';
import { integerOption, toNumber } from './number-option.js';

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

describe('integerOption (whole-number CLI options)', () => {
  const PORT = { min: 1, max: 65535 };
  const port = (text: string): number => integerOption('--port', text, PORT);

  it('reads plain decimal digits, whitespace around them allowed', () => {
    expect(port('8080')).toBe(8080);
    expect(port(' 8080 ')).toBe(8080);
    expect(port('\t443\n')).toBe(443);
    expect(port('08080')).toBe(8080); // leading zeros are still decimal
  });

  it('takes both bounds, and defaults max to Number.MAX_SAFE_INTEGER', () => {
    expect(port('1')).toBe(1);
    expect(port('65535')).toBe(65535);
    expect(integerOption('--seed', '0', { min: 0 })).toBe(0);
    expect(integerOption('--seed', String(Number.MAX_SAFE_INTEGER), { min: 0 })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['', 'blank (Number is 0)'],
    ['  ', 'blank (Number is 0)'],
    ['abc', 'no number'],
    ['0x50', 'hex (Number is 80)'],
    ['0b1', 'binary (Number is 1)'],
    ['1e3', 'exponent (Number is 1000)'],
    ['1.5', 'fraction'],
    ['80.0', 'fraction digits'],
    ['+80', 'sign'],
    ['-1', 'negative'],
    ['0', 'below min'],
    ['65536', 'above max'],
    ['99999999999999999999', 'past every bound (Number is 1e20)'],
    ['8 080', 'inner space'],
    ['٨٠', 'non-ASCII digits'],
    ['Infinity', 'Infinity'],
  ])('refuses %j (%s), naming the option, the value and the range', (text) => {
    expect(() => port(text)).toThrow(new Error(`--port must be an integer from 1 to 65535, got ${JSON.stringify(text)}`));
  });

  it('refuses past MAX_SAFE_INTEGER when no max is given (no silently rounded seed)', () => {
    expect(() => integerOption('--seed', '9007199254740993', { min: 0 })).toThrow(
      '--seed must be an integer from 0 to 9007199254740991, got "9007199254740993"',
    );
  });

  it('takes a minus sign only where the range has negatives, and never returns -0', () => {
    expect(integerOption('--offset', '-5', { min: -10, max: 10 })).toBe(-5);
    expect(Object.is(integerOption('--offset', '-0', { min: -10, max: 10 }), 0)).toBe(true);
    expect(() => integerOption('--offset', '-11', { min: -10, max: 10 })).toThrow('--offset must be an integer from -10 to 10, got "-11"');
    expect(() => integerOption('--seed', '-0', { min: 0 })).toThrow('--seed must be an integer from 0 to 9007199254740991, got "-0"');
  });

  it('escapes quotes, newlines and terminal controls in the value it quotes: the message stays one line', () => {
    const hostile = '80"\nmoat: all good\r\u001b[2K\u009b31m\u2028';
    let message = '';
    try {
      port(hostile);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('--port must be an integer from 1 to 65535, got "80\\"\\nmoat: all good\\r\\u001b[2K\\u009b31m\\u2028"');
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('refuses a bad range, a programming error', () => {
    expect(() => integerOption('--x', '1', { min: 2, max: 1 })).toThrow(RangeError);
    expect(() => integerOption('--x', '1', { min: 0.5 })).toThrow(RangeError);
  });
});
