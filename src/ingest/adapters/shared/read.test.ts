import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../../core/adapter.js';
import { compact, derivedId, nanosToIso, optCount, requireAccount, toIsoTs } from './read.js';
import { Transcript, contentText, mapRole } from './render.js';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdapterError) return err.field;
    throw err;
  }
  throw new Error('did not throw');
}

describe('shared readers', () => {
  it('reads epoch seconds, epoch milliseconds and zoned ISO; rejects zoneless', () => {
    expect(toIsoTs(1700000000, 'ts')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIsoTs(1700000000.25, 'ts')).toBe('2023-11-14T22:13:20.250Z');
    expect(toIsoTs(1700000000123, 'ts')).toBe('2023-11-14T22:13:20.123Z');
    expect(toIsoTs('1700000000', 'ts')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIsoTs('2023-11-14T23:13:20+01:00', 'ts')).toBe('2023-11-14T22:13:20.000Z');
    expect(fieldOf(() => toIsoTs('2023-11-14T22:13:20', 'ts'))).toBe('ts');
    expect(fieldOf(() => toIsoTs(-5, 'when'))).toBe('when');
    expect(fieldOf(() => toIsoTs(true, 'ts'))).toBe('ts');
  });

  it('reads OTLP nanoseconds without losing precision to floats', () => {
    expect(nanosToIso('1730000000123999999', 'start')).toBe('2024-10-27T03:33:20.123Z');
    expect(fieldOf(() => nanosToIso('0', 'start'))).toBe('start');
    expect(fieldOf(() => nanosToIso('1.7e18', 'start'))).toBe('start');
  });

  it('counts are non-negative integers (numeric strings allowed)', () => {
    expect(optCount({ n: 3 }, 'n')).toBe(3);
    expect(optCount({ n: '42' }, 'n')).toBe(42);
    expect(optCount({}, 'n')).toBeUndefined();
    expect(fieldOf(() => optCount({ n: -1 }, 'n', 'usage.n'))).toBe('usage.n');
    expect(fieldOf(() => optCount({ n: 1.5 }, 'n'))).toBe('n');
  });

  it('derives the same id from the same record and different ids from different records', () => {
    expect(derivedId('x', { a: 1 })).toBe(derivedId('x', { a: 1 }));
    expect(derivedId('x', { a: 1 })).not.toBe(derivedId('x', { a: 2 }));
  });

  it('requires a non-blank account', () => {
    expect(requireAccount([undefined, '  a1 '])).toBe('a1');
    expect(fieldOf(() => requireAccount([undefined, '   ']))).toBe('account');
  });

  it('renders parts and maps roles', () => {
    expect(contentText([{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'u' }], 'c')).toBe('a\n[input_image]');
    expect(fieldOf(() => contentText([{ type: 'text', text: 1 }], 'c'))).toBe('c[0].text');
    expect(mapRole('developer', 'r')).toBe('system');
    expect(mapRole('function', 'r')).toBe('tool');
    expect(fieldOf(() => mapRole('narrator', 'r'))).toBe('r');
  });

  it('bounds a transcript', () => {
    const t = new Transcript();
    expect(fieldOf(() => {
      for (let i = 0; i < 6000; i++) t.add('user', 'x');
    })).toBe('messages');
    const big = new Transcript();
    expect(fieldOf(() => big.add('user', 'y'.repeat(2_000_001)))).toBe('messages');
  });
});

describe('compact', () => {
  it('drops undefined values and keeps the other keys in their order', () => {
    const out = compact({ z: 1, a: undefined, m: null, b: 'x', c: undefined, d: 0 });
    expect(Object.keys(out)).toEqual(['z', 'm', 'b', 'd']);
    expect(JSON.stringify(out)).toBe('{"z":1,"m":null,"b":"x","d":0}');
  });

  it('returns the object itself when nothing is undefined, and never mutates its input', () => {
    const full = { a: 1, b: 2 };
    expect(compact(full)).toBe(full);
    const holey = { a: 1, b: undefined };
    expect(compact(holey)).toEqual({ a: 1 });
    expect(Object.keys(holey)).toEqual(['a', 'b']);
  });
});
