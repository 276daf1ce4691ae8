import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { createSignalExtractor } from './extractor.js';
import { frameWindows, TemplateMiner } from './template.js';

const ex = (content: string, system?: string): Exchange => ({
  id: 'e',
  ts: '2026-01-01T00:00:00Z',
  account: 'a',
  messages: [{ role: 'user', content }],
  ...(system === undefined ? {} : { system }),
});

const QUESTIONS = [
  'A farmer has chickens and cows, 30 heads and 74 legs in total. How many cows does the farmer have?',
  'Which European city hosted the first modern Olympic games, and in what year did they open?',
  'Write a function that returns the longest palindromic substring of a given string.',
  'If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies?',
  'What is the derivative of x^3 * sin(x) with respect to x?',
  'Name three causes of the fall of the Western Roman Empire and rank them by importance.',
];

function ids(wrap: (q: string) => string, system?: string): number[] {
  const sx = createSignalExtractor();
  return QUESTIONS.map((q) => sx.extract(ex(wrap(q), system)).templateId);
}

describe('frameWindows', () => {
  it('cuts windows at sentence/line ends that keep enough tokens', () => {
    const b = new Uint8Array(20);
    expect(frameWindows(20, b, 8, 3)).toEqual({ prefixEnd: 8, suffixStart: 12 });
    b[3] = 1; // boundary after token 3
    b[15] = 1;
    expect(frameWindows(20, b, 8, 3)).toEqual({ prefixEnd: 4, suffixStart: 16 });
    expect(frameWindows(5, new Uint8Array(5), 8, 3)).toEqual({ prefixEnd: 5, suffixStart: 0 });
  });
});

describe('TemplateMiner', () => {
  it('takes a frequent side alone as the template, else the pair', () => {
    const m = new TemplateMiner(1000, 2);
    const first = m.assign(1, 100, false);
    const second = m.assign(1, 200, false); // prefix seen twice now
    const third = m.assign(1, 300, false);
    expect(second).toBe(third);
    expect(first).not.toBe(second);
    expect(m.assign(5, 6, true)).toBe(m.assign(5, 6, true));
  });
});

describe('template ids through the extractor', () => {
  it('a suffix framing ("{question}\\n\\nWrite out your complete reasoning…") maps to one id', () => {
    const got = ids((q) => `${q}\n\nWrite out your complete reasoning, then give the final answer in a box.`);
    expect(new Set(got.slice(1)).size).toBe(1); // first sighting precedes support
  });
  it('a prefix framing maps to one id, distinct from the suffix framing', () => {
    const pre = ids((q) => `Solve the following problem and show all intermediate steps:\n${q}`);
    const suf = ids((q) => `${q}\n\nWrite out your complete reasoning, then give the final answer in a box.`);
    expect(new Set(pre.slice(1)).size).toBe(1);
    expect(pre[5]).not.toBe(suf[5]);
  });
  it('a prefix+suffix framing maps to one id from the first sighting', () => {
    const got = ids((q) => `Question: please consider this carefully now.\n${q}\nAnswer with your full reasoning and a final answer.`);
    expect(new Set(got).size).toBe(1);
  });
  it('fill-ins that are masked (numbers, quotes, code) give the same id', () => {
    const sx = createSignalExtractor();
    const a = sx.extract(ex('Translate "Good morning, my friend" into French and explain the grammar of each word.'));
    const b = sx.extract(ex('Translate "Where is the train station?" into French and explain the grammar of each word.'));
    expect(a.templateId).toBe(b.templateId);
  });
  it('unrelated prompts get distinct ids', () => {
    const got = ids((q) => q);
    expect(new Set(got).size).toBe(QUESTIONS.length);
  });
  it('the system prompt skeleton is part of the template', () => {
    const wrap = (q: string) => `${q}\n\nWrite out your complete reasoning, then give the final answer in a box.`;
    const a = ids(wrap, 'You are a meticulous math tutor.');
    const b = ids(wrap, 'You are a helpful assistant for Acme Corp.');
    expect(a[5]).not.toBe(b[5]);
  });
  it('is deterministic for the same input order', () => {
    const wrap = (q: string) => `Solve: ${q}`;
    expect(ids(wrap)).toEqual(ids(wrap));
  });
});
