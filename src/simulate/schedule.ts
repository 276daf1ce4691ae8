/**
 * When an account's next exchange happens, computed one event at a time (nothing is buffered):
 * sessions start by thinning a non-homogeneous Poisson process shaped by local hour of day and
 * weekends, or at cluster batch times for synchronised fleets; exchanges inside a session follow
 * exponential gaps, with occasional bursts.
 */
import type { AccountPlan } from './plan.js';
import { hash32, type Rng } from './rng.js';
import { DAY, HOUR, isWeekend, localHour } from './time.js';

/** Mutable per-account schedule state: a handful of numbers, so memory is O(accounts). */
export interface ScheduleState {
  /** Time of the next exchange (ms), Infinity when the account is done. */
  t: number;
  /** Exchanges left in the current session after the one at t. */
  left: number;
  /** Gap mean for the current session (bursts shorten it). */
  gap: number;
  /** Position in the session of the exchange at t (0 = first). */
  step: number;
  /** Synchronised accounts: index of the last batch considered. */
  batch: number;
}

interface Rates {
  /** Sessions per ms at weight 1 on a weekday. */
  base: number;
  /** Upper bound of the rate, for thinning. */
  max: number;
}

const rateCache = new WeakMap<AccountPlan, Rates>();

function rates(plan: AccountPlan): Rates {
  let r = rateCache.get(plan);
  if (r) return r;
  const meanW = plan.diurnal.reduce((a, b) => a + b, 0) / 24;
  const maxW = Math.max(...plan.diurnal);
  const weekFactor = (5 + 2 * plan.weekend) / 7;
  const sessionsPerDay = plan.perDay / plan.sessionMean;
  const base = sessionsPerDay / weekFactor / meanW / DAY;
  r = { base, max: base * maxW * Math.max(1, plan.weekend) };
  rateCache.set(plan, r);
  return r;
}

function rateAt(plan: AccountPlan, r: Rates, t: number): number {
  const w = plan.diurnal[localHour(t, plan.utcOffset)];
  return r.base * w * (isWeekend(t, plan.utcOffset) ? plan.weekend : 1);
}

function nextThinned(plan: AccountPlan, rng: Rng, from: number): number {
  const r = rates(plan);
  if (r.max <= 0) return Infinity;
  let t = from;
  for (;;) {
    t += rng.exp(1 / r.max);
    if (t >= plan.end) return Infinity;
    if (rng.next() * r.max < rateAt(plan, r, t)) return t;
  }
}

function nextSynced(plan: AccountPlan, rng: Rng, state: ScheduleState, from: number): number {
  const sync = plan.sync!;
  const sessionsPerDay = plan.perDay / plan.sessionMean;
  const p = Math.min(1, (sessionsPerDay * sync.period) / DAY);
  let k = Math.max(state.batch + 1, Math.floor(from / sync.period));
  for (;;) {
    const batchTime = k * sync.period + (hash32(sync.cluster, k) / 4294967296) * 0.25 * sync.period;
    if (batchTime >= plan.end) return Infinity;
    if (batchTime >= from && rng.next() < p) {
      state.batch = k;
      return batchTime + rng.next() * sync.jitter;
    }
    k++;
  }
}

/**
 * Start an account's schedule: the first exchange at or after plan.start.
 * @example const s = startSchedule(plan, rng); s.t // first exchange time, or Infinity
 */
export function startSchedule(plan: AccountPlan, rng: Rng): ScheduleState {
  const state: ScheduleState = { t: plan.start, left: 0, gap: plan.gapMean, step: 0, batch: -1 };
  beginSession(plan, rng, state, plan.start);
  return state;
}

function beginSession(plan: AccountPlan, rng: Rng, state: ScheduleState, from: number): void {
  const t = plan.sync ? nextSynced(plan, rng, state, from) : nextThinned(plan, rng, from);
  state.t = t;
  state.step = 0;
  if (t === Infinity) return;
  const burst = plan.burst > 0 && rng.next() < plan.burst;
  const size = rng.geometric(burst ? plan.sessionMean * 5 : plan.sessionMean);
  state.left = size - 1;
  state.gap = burst ? plan.gapMean / 5 : plan.gapMean;
}

/**
 * Move to the account's next exchange. Within a session the gap is exponential; after the last
 * exchange of a session the next session is drawn. Sets state.t = Infinity when the account ends.
 */
export function advance(plan: AccountPlan, rng: Rng, state: ScheduleState): void {
  if (state.left > 0) {
    const t = state.t + 1 + rng.exp(state.gap);
    if (t < plan.end) {
      state.t = t;
      state.left--;
      state.step++;
      return;
    }
    state.t = Infinity;
    return;
  }
  // Leave at least a short pause between sessions.
  beginSession(plan, rng, state, state.t + Math.min(HOUR / 6, 4 * state.gap));
}
