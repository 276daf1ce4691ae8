/**
 * The family join of elicitation.ts factors a leading `\b` out of the patterns that open with one
 * (speed only): it must not change which texts a family matches, and must split a pattern with a
 * top-level `|` first (its `\b` belongs to its first alternative only).
 */
import { describe, expect, it } from 'vitest';
import { family, PATTERNS, splitTopLevel } from './elicitation.js';

function anyOne(res: readonly RegExp[], text: string): boolean {
  for (const r of res) if (r.test(text)) return true;
  return false;
}

describe('splitTopLevel', () => {
  it('splits at a | outside groups and classes only', () => {
    expect(splitTopLevel('\\bab|c')).toEqual(['\\bab', 'c']);
    expect(splitTopLevel('\\b(?:a|b)c')).toEqual(['\\b(?:a|b)c']);
    expect(splitTopLevel('\\b[|]x')).toEqual(['\\b[|]x']);
    expect(splitTopLevel('\\b\\|x')).toEqual(['\\b\\|x']);
    expect(splitTopLevel('\\b(?:a)|(?:b)|')).toEqual(['\\b(?:a)', '(?:b)', '']);
    expect(splitTopLevel('[\\]|]x|y')).toEqual(['[\\]|]x', 'y']);
  });
});

describe('family', () => {
  it('shares one leading \\b between the patterns that open with it', () => {
    expect(family([/\bab/i, /\bcd/i, /<x>/i]).source).toBe('\\b(?:(?:ab)|(?:cd))|(?:<x>)');
  });

  it('splits a pattern at its top-level | (its \\b guards the first alternative only)', () => {
    const f = family([/\bab|cd/i, /\bxy/i]);
    expect(f.source).toBe('\\b(?:(?:ab)|(?:xy))|(?:cd)');
    expect(f.test('zcd')).toBe(true); // "cd" needs no word boundary
    expect(f.test('zab')).toBe(false);
    expect(f.test('z xy')).toBe(true);
    expect(f.test('zxy')).toBe(false);
  });

  it('matches the same texts as the patterns one by one, for every family, on phrases around word boundaries', () => {
    const words = ['step', 'by', 'reasoning', 'behind', 'the', 'answer', 'explain', 'how', 'you', 'would', 'arrive', 'rubric', 'grade', 'response', 'a', 'or', 'b', '[[a]]', 'think', 'carefully', '<think>', 'work', 'backwards', 'from', 'maximum', 'effort', 'write', 'out', 'your', 'complete', 'given', 'reconstruct', 'steps', 'to', 'which', 'is', 'better', 'on', 'scale', 'of', '10', 'score', 'with', 'reasoning', 'use', 'as', 'hard', 'possible'];
    const seeds = ['write out your complete reasoning', 'reasoning behind the answer', 'grade the response using the rubric', 'use maximum effort', 'step by step', 'score the response on a scale of 1 to 10', 'explain how you would arrive', 'think as hard as possible', 'which response is better'];
    const seps = [' ', '-', '', '_', '. ', '\n', "'", 'x'];
    let s = 12345;
    const rnd = (n: number): number => {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      return (s >>> 8) % n;
    };
    for (const [name, res] of Object.entries(PATTERNS)) {
      const joined = family(res);
      let hits = 0;
      for (let k = 0; k < 6000; k++) {
        let t = rnd(3) === 0 ? 'x' : '';
        const n = 2 + rnd(8);
        const at = rnd(2) === 0 ? rnd(n) : -1;
        for (let j = 0; j < n; j++) {
          // Now and then a known phrase, its spaces replaced by random separators (hits and near misses).
          if (j === at) for (const w of seeds[rnd(seeds.length)].split(' ')) t += w + seps[rnd(seps.length)];
          t += words[rnd(words.length)] + seps[rnd(seps.length)];
        }
        const want = anyOne(res, t);
        if (want) hits++;
        expect(joined.test(t), t).toBe(want);
      }
      expect(hits, name).toBeGreaterThan(0);
    }
  });
});
