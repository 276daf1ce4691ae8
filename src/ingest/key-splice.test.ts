import { describe, expect, it } from 'vitest';
import { spliceKey } from './key-splice.js';

const splice = (line: string, key: string): string | null => spliceKey(Buffer.from(line), key, 'kh_h')?.toString() ?? null;

describe('spliceKey', () => {
  it('replaces the one top-level key value in place, whatever the spacing', () => {
    expect(splice('{"id":"a","key":"sk-1","x":2}', 'sk-1')).toBe('{"id":"a","key":"kh_h","x":2}');
    expect(splice('{"key" :  "sk-1"}', 'sk-1')).toBe('{"key" :  "kh_h"}');
  });

  it('refuses whenever the bytes could be ambiguous, so the caller re-serializes', () => {
    expect(splice('{"key":"sk-1","note":"sk-1"}', 'sk-1')).toBeNull(); // appears twice
    expect(splice('{"key":"sk-\\u0031","m":{"key":"sk-1"}}', 'sk-1')).toBeNull(); // escapes present
    expect(splice('{"key":"a/b"}', 'a/b')).toBeNull(); // "/" may be written as "\/"
    expect(splice('{"other":"sk-1","key":"x"}', 'sk-1')).toBeNull(); // not after "key":
  });
});
