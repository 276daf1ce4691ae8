import { describe, expect, it } from 'vitest';
import { accountFeatures } from './features.js';
import { BYTES_PER_ACCOUNT, SketchStore, type SketchUpdate } from './store.js';

const base: SketchUpdate = { tsMs: 0, hour: 0, capability: 0, template: 1, elicited: false, rubric: false, agentic: false, reasoning: false, inputTokens: 10, outputTokens: 100, promptChars: 50, model: -1, window: 0 };

describe('SketchStore', () => {
  it('holds a fixed, small number of bytes per account', () => {
    expect(BYTES_PER_ACCOUNT).toBeLessThanOrEqual(512);
    const s = new SketchStore(2);
    for (let k = 0; k < 1000; k++) s.add();
    expect(s.size).toBe(1000);
    expect(s.capacity).toBeLessThanOrEqual(2048);
  });

  it('tracks inter-arrival regularity with Welford statistics', () => {
    const s = new SketchStore();
    const regular = s.add(), bursty = s.add();
    const gaps = [1, 3600, 2, 86400, 5, 600, 1, 7200];
    let t = 0;
    for (let k = 0; k < 40; k++) s.update(regular, { ...base, tsMs: k * 60_000 });
    for (let k = 0; k < 40; k++) { t += gaps[k % gaps.length] * 1000; s.update(bursty, { ...base, tsMs: t }); }
    expect(s.gapStd(regular)).toBeCloseTo(0, 6);
    // the same statistic computed directly
    const logs = Array.from({ length: 39 }, (_, k) => Math.log10(1 + gaps[(k + 1) % gaps.length]));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
    expect(s.gapStd(bursty)).toBeCloseTo(sd, 6);
  });

  it('computes shares, concentration and adoption from what it saw', () => {
    const s = new SketchStore();
    const i = s.add();
    for (let k = 0; k < 20; k++) s.update(i, { ...base, tsMs: k * 1000, elicited: k % 2 === 0, capability: k < 18 ? 2 : 3, template: k < 15 ? 7 : 100 + k, hour: k % 24 });
    expect(s.update(i, { ...base, tsMs: 30_000, model: 4 })).toBe(true);
    expect(s.update(i, { ...base, tsMs: 31_000, model: 4 })).toBe(false);
    s.noteAdoption(i, 5);
    s.noteAdoption(i, 9);
    const f = accountFeatures(s, i);
    expect(f.exchanges).toBe(22);
    expect(f.elicitation_share).toBeCloseTo(10 / 22);
    expect(f.capability_top_share).toBeCloseTo(18 / 22);
    expect(f.template_top_share).toBeGreaterThan(0.6);
    expect(f.adoption_delay_h).toBe(5);
    expect(s.windows(i)).toEqual([0]);
  });
});
