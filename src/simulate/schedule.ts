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
  /** Session rate per ms at weight 1 on a weekday, and its upper bound for thinning. */
  rBase: number;
  rMax: number;
  /**
   * Session clock: the Poisson process of session starts runs on its own clock, so time spent
   * inside sessions does not eat into the planned volume; a start that falls inside the previous
   * session is pushed to just after it.
   */
  sc: number;
}

function initRates(plan: AccountPlan, state: ScheduleState): void {
  const meanW = plan.diurnal.reduce((a, b) => a + b, 0) / 24;
  const maxW = Math.max(...plan.diurnal);
  const weekFactor = (5 + 2 * plan.weekend) / 7;
  const sessionsPerDay = plan.perDay / plan.sessionMean;
  state.rBase = sessionsPerDay / weekFactor / meanW / DAY;
  state.rMax = state.rBase * maxW * Math.max(1, plan.weekend);
}

function nextThinned(plan: AccountPlan, rng: Rng, state: ScheduleState, from: number): number {
  const max = state.rMax;
  if (!(max > 0)) return Infinity;
  let t = from;
  for (;;) {
    t += rng.exp(1 / max);
    if (t >= plan.end) return Infinity;
    const rate = state.rBase * plan.diurnal[localHour(t, plan.utcOffset)] * (isWeekend(t, plan.utcOffset) ? plan.weekend : 1);
    if (rng.next() * max < rate) return t;
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
 * Start an account's schedule: the first exchange at or after plan.start. Fills `state` in place
 * (the runner is its own state object: fewer objects touched per exchange).
 * @example const s = startSchedule(plan, rng); s.t // first exchange time, or Infinity
 */
export function startSchedule(plan: AccountPlan, rng: Rng, state: ScheduleState = { t: 0, left: 0, gap: 0, step: 0, batch: -1, rBase: 0, rMax: 0, sc: 0 }): ScheduleState {
  state.t = plan.start;
  state.sc = plan.start;
  state.left = 0;
  state.gap = plan.gapMean;
  state.step = 0;
  state.batch = -1;
  initRates(plan, state);
  beginSession(plan, rng, state, plan.start);
  return state;
}

function beginSession(plan: AccountPlan, rng: Rng, state: ScheduleState, from: number): void {
  let t: number;
  if (plan.sync) t = nextSynced(plan, rng, state, from);
  else {
    state.sc = nextThinned(plan, rng, state, state.sc);
    t = state.sc < from ? from : state.sc;
    if (t >= plan.end) t = Infinity;
  }
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
