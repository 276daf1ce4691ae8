import { describe, expect, it } from 'vitest';
import { TimeHeap } from './heap.js';
import { Rng } from './rng.js';

describe('TimeHeap', () => {
  it('pops in time order, ties by slot, through growth and replaceTop', () => {
    const r = new Rng(5);
    const h = new TimeHeap(2);
    const times = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const t = r.int(100);
      times.set(i, t);
      h.push(t, i);
    }
    // Move the current minimum forward a few times.
    for (let k = 0; k < 50; k++) {
      const slot = h.peekSlot();
      const t = h.peekTime() + r.int(50);
      times.set(slot, t);
      h.replaceTop(t);
    }
    const out: [number, number][] = [];
    while (h.size > 0) {
      const t = h.peekTime();
      out.push([t, h.pop()]);
    }
    expect(out.length).toBe(500);
    const expected = [...times.entries()].map(([s, t]) => [t, s] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual(expected);
    expect(h.pop()).toBe(-1);
  });
});
