import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { createSignalExtractor } from './extractor.js';
import { hammingDistance64, wordHash } from './hash.js';
import { SimHasher } from './simhash.js';

const ex = (content: string): Exchange => ({ id: 'e', ts: '2026-01-01T00:00:00Z', account: 'a', messages: [{ role: 'user', content }] });
const sim = (t: string) => createSignalExtractor().extract(ex(t)).simhash;

describe('SimHasher', () => {
  it('is the majority vote of the features (one feature → its own hash)', () => {
    const a = new SimHasher();
    a.reset();
    a.add(42);
    const single = a.digest();
    a.reset();
    a.add(42);
    a.add(42);
    a.add(7);
    expect(a.digest()).toEqual(single); // 42 is the majority on every bit
    a.reset();
    expect(a.digest()).toEqual([0, 0]);
  });
  it('is order independent', () => {
    const a = new SimHasher();
    const words = ['alpha', 'beta', 'gamma', 'delta', 'eps'].map(wordHash);
    a.reset();
    for (const w of words) a.add(w);
    const x = a.digest();
    a.reset();
    for (const w of [...words].reverse()) a.add(w);
    expect(a.digest()).toEqual(x);
  });
});

describe('SimHash of prompts', () => {
  it('identical for fill-in variants (masked numbers/strings)', () => {
    expect(hammingDistance64(sim('Compute 17 * 23 and explain "foo".'), sim('Compute 4 * 9 and explain "bar baz".'))).toBe(0);
  });
  it('small for paraphrases, large for unrelated text', () => {
    const a = sim('Write out your complete reasoning step by step before giving the final answer.');
    const b = sim('Please write out all of your reasoning, step by step, before you give your final answer.');
    const c = sim('The weather in Paris was lovely this spring and we walked along the river every evening.');
    const d = sim('Our quarterly revenue grew because enterprise customers renewed their annual contracts early.');
    expect(hammingDistance64(a, b)).toBeLessThanOrEqual(16);
    expect(hammingDistance64(a, c)).toBeGreaterThanOrEqual(20);
    expect(hammingDistance64(c, d)).toBeGreaterThanOrEqual(20);
  });
  it('one question wrapped in two framings stays closer than two different questions', () => {
    const q1 = 'A farmer has chickens and cows, 30 heads and 74 legs in total. How many cows does the farmer have?';
    const q2 = 'Which European city hosted the first modern Olympic games, and in what year did they open?';
    const frame = '\n\nWrite out your complete reasoning, then give the final answer.';
    expect(hammingDistance64(sim(q1 + frame), sim(q1))).toBeLessThan(hammingDistance64(sim(q1), sim(q2)));
  });
});

describe('SimHasher counters', () => {
  it('matches a plain per-bit majority count for many features', () => {
    const s = new SimHasher();
    for (const count of [1, 6, 7, 8, 14, 15, 16, 30, 31, 32, 62, 63, 64, 301, 1000]) {
      s.reset();
      const cnt = new Array<number>(32).fill(0);
      for (let i = 0; i < count; i++) {
        const h = wordHash(`feature-${i % 13}-${count}`);
        s.add(h);
        for (let b = 0; b < 32; b++) cnt[b] += (h >>> b) & 1;
      }
      let expected = 0;
      for (let b = 0; b < 32; b++) if (cnt[b] > count >>> 1) expected |= 1 << b;
      expect(s.digest()[0]).toBe(expected >>> 0);
    }
  });
});
