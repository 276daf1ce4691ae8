/**
 * Golden output of the whole extractor (every field of every record, in order: the template
 * miner is stateful) over 391 exchanges: a sample of simulated traffic, long generated prompts
 * (head + tail windows, triggers at both ends) and edge cases (unicode, unclosed quotes/fences,
 * empty prompts). testdata/golden.jsonl was written by the extractor before the speed work
 * (commit 84357de, see testdata/make-golden.mjs); any change to the output fails here. One
 * intended change since, `elicitation` only, outputs rewritten in place by the new extractor: a
 * system prompt's request for full reasoning is its own signal, `cot_request_system` (15 records,
 * which had `cot_request`), and "… solutions with complete reasoning" is a strong request (23 more
 * records, all with that recipe as system prompt, which had `cot_request_weak`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { createSignalExtractor, ELICITATIONS } from './index.js';

const golden = readFileSync(new URL('./testdata/golden.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as { in: Exchange; out: unknown });

describe('golden output', () => {
  it('the fixture covers every elicitation and several capabilities', () => {
    const seen = new Set<string>();
    for (const g of golden) for (const e of (g.out as { elicitation: string[] }).elicitation) seen.add(e);
    expect([...seen].sort()).toEqual([...ELICITATIONS].sort());
    expect(new Set(golden.map((g) => (g.out as { capability: string }).capability)).size).toBeGreaterThanOrEqual(8);
  });

  it('extract reproduces every record exactly, in order', () => {
    const sx = createSignalExtractor();
    for (let i = 0; i < golden.length; i++) {
      const got = JSON.parse(JSON.stringify(sx.extract(golden[i].in)));
      if (JSON.stringify(got) !== JSON.stringify(golden[i].out)) expect({ line: i + 1, out: got }).toEqual({ line: i + 1, out: golden[i].out });
    }
  });

  it('the prompt cache changes nothing: off, tiny (cleared often) and default agree, fresh and repeated prompts', () => {
    const inputs = [...golden.map((g) => g.in), ...golden.map((g) => g.in)]; // second pass: every prompt repeats
    const run = (promptCacheEntries: number) => {
      const sx = createSignalExtractor({ promptCacheEntries });
      return inputs.map((e) => JSON.stringify(sx.extract(e)));
    };
    const off = run(0);
    expect(off.slice(0, golden.length)).toEqual(golden.map((g) => JSON.stringify(g.out)));
    expect(run(3)).toEqual(off);
    expect(run(16384)).toEqual(off);
  });

  it('results are not shared between calls (callers may keep or change them)', () => {
    const sx = createSignalExtractor();
    const a = sx.extract(golden[0].in);
    a.simhash[0] = 12345;
    a.capabilities.push('other');
    const b = sx.extract(golden[0].in);
    expect(b.simhash).toEqual((golden[0].out as { simhash: number[] }).simhash);
    expect(b.capabilities).toEqual((golden[0].out as { capabilities: string[] }).capabilities);
  });
});
