/**
 * The joined family regexes of elicitation.ts must give exactly the mask of the original
 * algorithm, which tested the patterns one by one. Reference below = that algorithm over
 * PATTERNS; compared on the golden prompts and on random phrases built from the patterns' own
 * vocabulary (so that many of them match, partly match or nearly match).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E_COT, E_COT_WEAK, E_EFFORT, E_RECON, E_RUBRIC, PATTERNS, textElicitation } from './elicitation.js';
import { F_COT, F_EFFORT, F_RECON, F_RUBRIC } from './lexicon.js';

function anyOne(res: readonly RegExp[], text: string): boolean {
  for (const r of res) if (r.test(text)) return true;
  return false;
}
/** textElicitation as it was before the join (commit 84357de). */
function reference(text: string, flags: number): number {
  let m = 0;
  if (flags & F_COT) {
    if (anyOne(PATTERNS.COT_STRONG, text)) m |= E_COT;
    else if (anyOne(PATTERNS.COT_WEAK, text)) m |= E_COT_WEAK;
  }
  if (flags & F_RUBRIC) {
    if (anyOne(PATTERNS.RUBRIC, text) || (anyOne(PATTERNS.RUBRIC_VERB_NOUN, text) && anyOne(PATTERNS.RUBRIC_SCALE, text))) m |= E_RUBRIC;
  }
  if (flags & (F_RECON | F_COT)) {
    if (anyOne(PATTERNS.RECON, text)) m |= E_RECON;
  }
  if (flags & F_EFFORT) {
    if (anyOne(PATTERNS.EFFORT, text)) m |= E_EFFORT;
  }
  return m;
}

const FLAGS = [-1, 0, F_COT, F_RUBRIC, F_RECON, F_EFFORT, F_COT | F_RUBRIC, F_RECON | F_EFFORT];

/** Deterministic LCG. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    return (s >>> 0) / 4294967296;
  };
}

describe('joined family regexes', () => {
  it('every pattern is case-insensitive only, without backreferences (what makes the join exact)', () => {
    for (const res of Object.values(PATTERNS)) {
      for (const r of res) {
        expect(r.flags).toBe('i');
        expect(r.source).not.toMatch(/\\[1-9]|\\k</);
      }
    }
  });

  it('agree with the patterns one by one on the golden prompts, every flag set', () => {
    const lines = readFileSync(new URL('./testdata/golden.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
    let hits = 0;
    for (const l of lines) {
      const ex = (JSON.parse(l) as { in: { messages: Array<{ content: string }>; system?: string } }).in;
      const texts = [...ex.messages.map((m) => m.content), ex.system ?? ''];
      for (const t of texts) {
        for (const f of FLAGS) {
          const want = reference(t, f);
          if (want !== 0) hits++;
          if (textElicitation(t, f) !== want) expect({ t, f, got: textElicitation(t, f) }).toEqual({ t, f, got: want });
        }
      }
    }
    expect(hits).toBeGreaterThan(100); // the corpus does exercise the patterns
  });

  it('agree on 20 000 random phrases from the patterns’ vocabulary', () => {
    const vocab = new Set<string>();
    for (const res of Object.values(PATTERNS)) for (const r of res) for (const w of r.source.match(/[a-z]{2,}/g) ?? []) vocab.add(w);
    const words = [...vocab, 'your', 'the', 'a', 'of', 'me', 'it', '42', '1-10', '[[A]]', '<think>', 'B', "don't", 'step-by-step'];
    const seps = [' ', ' ', ' ', ', ', '-', '\n', '. ', ': ', '’s '];
    const r = rng(11);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const n = 2 + Math.floor(r() * 14);
      let t = '';
      for (let k = 0; k < n; k++) {
        const w = words[Math.floor(r() * words.length)];
        t += (k > 0 ? seps[Math.floor(r() * seps.length)] : '') + (r() < 0.1 ? w.toUpperCase() : w);
      }
      const want = reference(t, -1);
      counts.set(want, (counts.get(want) ?? 0) + 1);
      if (textElicitation(t, -1) !== want) expect({ t, got: textElicitation(t, -1) }).toEqual({ t, got: want });
    }
    // Every family fires on some phrases, so agreement is not just "both say 0".
    for (const bit of [E_COT, E_COT_WEAK, E_RUBRIC, E_RECON, E_EFFORT]) {
      expect([...counts].filter(([m]) => m & bit).reduce((a, [, c]) => a + c, 0)).toBeGreaterThan(0);
    }
  });
});
