import { describe, expect, it } from 'vitest';
import type { Campaign } from '../core/verdict.js';
import { createDailyCounter } from './daily-series.js';

function campaign(accounts: string[]): Campaign {
  return { id: 'C1', accounts, exchanges: 0, first_seen: '', last_seen: '', output_tokens: 0, capability_mix: {}, indicators: [], confidence: 1, summary: '' };
}

describe('createDailyCounter', () => {
  it('sums member accounts per UTC day, fills gaps with zeros and counts each account once on its first day', () => {
    const d = createDailyCounter();
    d.add('a', '2026-03-01T10:00:00Z');
    d.add('a', '2026-03-01T23:59:59Z');
    d.add('b', '2026-03-02T00:30:00+02:00'); // 2026-03-01T22:30Z
    d.add('b', '2026-03-03T08:00:00Z');
    d.add('a', '2026-03-03T09:00:00Z');
    d.add('outsider', '2026-03-02T12:00:00Z');
    const c = campaign(['a', 'b']);
    d.fill([c]);
    expect(c.daily).toEqual([
      { day: '2026-03-01', exchanges: 3, new_accounts: 2 },
      { day: '2026-03-02', exchanges: 0, new_accounts: 0 },
      { day: '2026-03-03', exchanges: 2, new_accounts: 0 },
    ]);
  });

  it('leaves a campaign without known accounts untouched', () => {
    const d = createDailyCounter();
    const c = campaign(['ghost']);
    d.fill([c]);
    expect(c.daily).toBeUndefined();
  });
});
