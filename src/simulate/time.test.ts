import { describe, expect, it } from 'vitest';
import { isoUtc, isWeekend, localHour } from './time.js';
import { Rng } from './rng.js';

describe('time', () => {
  it('formats like Date#toISOString', () => {
    const r = new Rng(9);
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(r.uniform(0, 4e12));
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    expect(isoUtc(Date.parse('2026-03-02T23:59:59.999Z'))).toBe('2026-03-02T23:59:59.999Z');
  });

  it('knows local hours and weekends', () => {
    const sat = Date.parse('2026-03-07T12:00:00Z');
    expect(isWeekend(sat, 0)).toBe(true);
    expect(isWeekend(Date.parse('2026-03-09T12:00:00Z'), 0)).toBe(false);
    // Sunday 23:00 UTC is already Monday in Tokyo.
    expect(isWeekend(Date.parse('2026-03-08T23:00:00Z'), 9)).toBe(false);
    expect(localHour(Date.parse('2026-03-02T03:00:00Z'), -5)).toBe(22);
    expect(localHour(Date.parse('2026-03-02T03:00:00Z'), 5.5)).toBe(8);
  });
});
