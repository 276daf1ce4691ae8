import { describe, expect, it } from 'vitest';
import type { Campaign } from '../core/verdict.js';
import { createDailyCounter } from './daily-series.js';

function campaign(accounts: string[]): Campaign {
  return { id: 'C1', accounts, exchanges: 0, first_seen: '', last_seen: '', output_tokens: 0, capability_mix: {}, indicators: [], confidence: 1, summary: '' };
}

describe('createDailyCounter', () => {
  it('sums member accounts per UTC day, fills gaps with zeros and counts each account once on its first day', () => {
    const d = createDailyCounter();
    const number: Record<string, number> = { a: 0, b: 5, outsider: 2 };
    const indexOf = (id: string) => number[id];
    d.add(number.a, '2026-03-01T10:00:00Z');
    d.add(number.a, '2026-03-01T23:59:59Z');
    d.add(number.b, '2026-03-02T00:30:00+02:00'); // 2026-03-01T22:30Z
    d.add(number.b, '2026-03-03T08:00:00Z');
    d.add(number.a, '2026-03-03T09:00:00Z');
    d.add(number.outsider, '2026-03-02T12:00:00Z');
    const c = campaign(['a', 'b']);
    d.fill([c], indexOf);
    expect(c.daily).toEqual([
      { day: '2026-03-01', exchanges: 3, new_accounts: 2 },
      { day: '2026-03-02', exchanges: 0, new_accounts: 0 },
      { day: '2026-03-03', exchanges: 2, new_accounts: 0 },
    ]);
  });

  it('leaves a campaign without known accounts untouched', () => {
    const d = createDailyCounter();
    d.add(0, '2026-03-01T10:00:00Z');
    const c = campaign(['ghost']);
    d.fill([c], () => undefined);
    expect(c.daily).toBeUndefined();
  });
});
