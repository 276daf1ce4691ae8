import { describe, expect, it } from 'vitest';
import { wordHash } from './hash.js';
import { MASK_TEXT, Scanner, TK_WORD } from './tokenize.js';

function toks(text: string): string[] {
  const s = new Scanner();
  s.reset();
  s.scan(text, 0, text.length);
  const out: string[] = [];
  for (let i = 0; i < s.n; i++) out.push(s.kind[i] === TK_WORD ? text.slice(s.start[i], s.end[i]).toLowerCase() : MASK_TEXT[s.kind[i]]);
  return out;
}

describe('Scanner', () => {
  it('masks numbers, quotes, code, urls, emails, hex and long tokens', () => {
    expect(toks('Add 3 and 4.5 to "x y z"')).toEqual(['add', '<NUM>', 'and', '<NUM>', 'to', '<STR>']);
    expect(toks('see https://example.com/a?b=1 or www.example.org')).toEqual(['see', '<URL>', 'or', '<URL>']);
    expect(toks('mail bob@example.com now')).toEqual(['mail', '<EMAIL>', 'now']);
    expect(toks('id 3f2a9c1b-aaaa-4bbb-8ccc-123456789abc done')).toEqual(['id', '<HEX>', 'done']);
    expect(toks('fix ```js\nconst a = 1;\n``` please')).toEqual(['fix', '<CODE>', 'please']);
    expect(toks('use `npm ci` here')).toEqual(['use', '<STR>', 'here']);
    expect(toks('x supercalifragilisticexpialidocious y')).toEqual(['x', '<LONG>', 'y']);
    expect(toks('gpt-4 and 3pm')).toEqual(['<ID>', 'and', '<ID>']);
  });
  it('collapses runs of one mask and trims punctuation', () => {
    expect(toks('numbers 1, 2, 3, 4 end')).toEqual(['numbers', '<NUM>', 'end']);
    expect(toks('(Hello), world!')).toEqual(['hello', 'world']);
  });
  it('hashes words case-insensitively, without trailing punctuation', () => {
    const s = new Scanner();
    s.reset();
    s.scan('Reasoning, reasoning', 0, 20);
    expect(s.hash[0]).toBe(wordHash('reasoning'));
    expect(s.hash[1]).toBe(wordHash('reasoning'));
    s.reset();
    s.scan('don’t', 0, 5);
    expect(s.hash[0]).toBe(wordHash("don't"));
  });
  it('marks sentence and line boundaries', () => {
    const s = new Scanner();
    const t = 'one two. three\nfour five';
    s.reset();
    s.scan(t, 0, t.length);
    expect(Array.from(s.boundary.subarray(0, s.n))).toEqual([0, 1, 1, 0, 0]);
  });
  it('counts math notation only where it is', () => {
    const s = new Scanner();
    s.reset();
    s.scan('solve 2x+3=7 and 17 * 23', 0, 24);
    expect(s.mathMarks).toBeGreaterThanOrEqual(2);
    s.reset();
    s.scan('a well-known plain sentence', 0, 27);
    expect(s.mathMarks).toBe(0);
  });
  it('respects capacity and bounds', () => {
    const s = new Scanner(4);
    s.reset();
    const t = 'a b c d e f g';
    s.scan(t, 0, t.length);
    expect(s.n).toBe(4);
    s.reset();
    s.scan(t, 0, 3);
    expect(s.n).toBe(2);
  });
});
