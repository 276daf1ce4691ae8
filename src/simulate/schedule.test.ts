import { describe, expect, it } from 'vitest';
import type { AccountPlan } from './plan.js';
import { content, mixTable } from './plan-builder.js';
import { Rng } from './rng.js';
import { advance, startSchedule } from './schedule.js';
import { DAY, HOUR, HUMAN_DIURNAL, isWeekend, localHour } from './time.js';

const START = Date.parse('2026-03-02T00:00:00Z'); // a Monday

function plan(over: Partial<AccountPlan>): AccountPlan {
  return {
    id: 'acct_test',
    record: { account: 'acct_test' },
    truth: { account: 'acct_test', label: 'legit', campaign: null, persona: 'casual' },
    keys: ['sk-sim-x'],
    start: START,
    end: START + 28 * DAY,
    perDay: 40,
    sessionMean: 4,
    gapMean: 60_000,
    diurnal: HUMAN_DIURNAL,
    weekend: 0.3,
    utcOffset: -5,
    burst: 0,
    net: { mode: 'fixed', endpoints: [], wander: 0 },
    content: content({ mix: mixTable({ chat: 1 }), userAgents: [''] }),
    model: { miniShare: 0, adoptAt: Infinity, newShare: 0 },
    ...over,
  };
}

function times(p: AccountPlan, seed: number): number[] {
  const rng = new Rng(seed);
  const s = startSchedule(p, rng);
  const out: number[] = [];
  while (s.t < p.end) {
    out.push(s.t);
    advance(p, rng, s);
  }
  return out;
}

describe('schedule', () => {
  it('follows the local day, quiets down on weekends and hits the planned volume', () => {
    const p = plan({ perDay: 200, sessionMean: 2 });
    const ts = times(p, 1);
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
    const byHour = new Array(24).fill(0);
    let weekend = 0;
    for (const t of ts) {
      byHour[localHour(t, -5)]++;
      if (isWeekend(t, -5)) weekend++;
    }
    const night = byHour[2] + byHour[3] + byHour[4];
    const day = byHour[10] + byHour[11] + byHour[14];
    // Weights 1.0 vs 0.04–0.05 an hour: sessions starting then spill a little into the next hour.
    expect(day).toBeGreaterThan(8 * night);
    // 8 weekend days of 28 at 0.3× a weekday: ~11 % of traffic, far below the 29 % of days.
    expect(weekend / ts.length).toBeLessThan(0.18);
    expect(ts.length / 28).toBeGreaterThan(170);
    expect(ts.length / 28).toBeLessThan(230);
  });

  it('starts synchronised accounts of one cluster at the same batch times, within the jitter', () => {
    const sync = { period: HOUR, cluster: 12345, jitter: 60_000 };
    const a = times(plan({ sync, diurnal: new Array(24).fill(1), weekend: 1, sessionMean: 1.0001, perDay: 12, end: START + 3 * DAY }), 1);
    const b = times(plan({ sync, diurnal: new Array(24).fill(1), weekend: 1, sessionMean: 1.0001, perDay: 12, end: START + 3 * DAY }), 2);
    // Every session start of b lies within the jitter (plus one gap) of a batch time a also used or could use:
    // compare offsets inside the hour: both sit in the same cluster-wide window.
    const slot = (t: number): number => Math.floor(t / HOUR);
    const aSlots = new Map(a.map((t) => [slot(t), t]));
    let shared = 0;
    for (const t of b) {
      const ta = aSlots.get(slot(t));
      if (ta !== undefined) {
        shared++;
        expect(Math.abs(ta - t)).toBeLessThan(2 * 60_000 + 5_000);
      }
    }
    expect(shared).toBeGreaterThan(5);
  });

  it('never schedules outside the active window', () => {
    const p = plan({ start: START + 2 * DAY, end: START + 5 * DAY });
    const ts = times(p, 3);
    expect(ts.length).toBeGreaterThan(0);
    for (const t of ts) {
      expect(t).toBeGreaterThanOrEqual(p.start);
      expect(t).toBeLessThan(p.end);
    }
  });
});
