/**
 * Per-account behaviour sketches in bounded memory, stored column-wise in typed arrays indexed
 * by a dense account index. Each account costs a fixed number of bytes (see BYTES_PER_ACCOUNT)
 * however many exchanges it sends: counters, Welford statistics of inter-arrival gaps, a 24-slot
 * active-hour histogram, a 16-slot capability histogram, a space-saving top-k of templates, the
 * last few models used (for adoption delay) and a ring of recent activity windows (lockstep).
 */
import { spaceSavingAdd } from './topk.js';

export const HOURS = 24;
export const CAPS = 16;
export const TOPK = 4;
export const MODELS = 4;
export const RING = 24;

/** f64 columns */
const F_FIRST = 0, F_LAST = 1, F_GAP_MEAN = 2, F_GAP_M2 = 3, F_OUT = 4, F_IN = 5, F_ADOPT = 6, F_PROMPT = 7;
const NF = 8;
/** u32 columns */
const U_N = 0, U_GAPS = 1, U_ELICIT = 2, U_AGENTIC = 3, U_REASONING = 4, U_RUBRIC = 5, U_RING_HEAD = 6, U_MODEL_N = 7;
const NU = 8;

/** Fixed bytes of typed-array state per account (excluding the id string and its map entry). */
export const BYTES_PER_ACCOUNT = NF * 8 + NU * 4 + HOURS * 2 + CAPS * 2 + TOPK * 12 + MODELS * 4 + RING * 4;

/** What one exchange contributes to its account's sketch (all ids already interned). */
export interface SketchUpdate {
  tsMs: number;
  hour: number;
  capability: number;
  template: number;
  elicited: boolean;
  rubric: boolean;
  agentic: boolean;
  reasoning: boolean;
  inputTokens: number;
  outputTokens: number;
  promptChars: number;
  /** Interned model id, or -1 */
  model: number;
  /** Event-time activity window id (ts / window length). */
  window: number;
}

export class SketchStore {
  capacity = 0;
  size = 0;
  f = new Float64Array(0);
  u = new Uint32Array(0);
  hours = new Uint16Array(0);
  caps = new Uint16Array(0);
  tplIds = new Uint32Array(0);
  tplCounts = new Uint32Array(0);
  tplErrs = new Uint32Array(0);
  models = new Int32Array(0);
  ring = new Uint32Array(0);

  constructor(initial = 1024) {
    this.grow(initial);
  }

  /** Allocate a new zeroed sketch; returns its index. */
  add(): number {
    if (this.size === this.capacity) this.grow(this.capacity * 2);
    const i = this.size++;
    this.f[i * NF + F_ADOPT] = Number.NaN;
    this.models.fill(-1, i * MODELS, (i + 1) * MODELS);
    return i;
  }

  private grow(cap: number): void {
    const copy = <T extends Float64Array | Uint32Array | Uint16Array | Int32Array>(old: T, n: number, make: (len: number) => T): T => {
      const next = make(cap * n);
      next.set(old);
      return next;
    };
    this.f = copy(this.f, NF, (l) => new Float64Array(l));
    this.u = copy(this.u, NU, (l) => new Uint32Array(l));
    this.hours = copy(this.hours, HOURS, (l) => new Uint16Array(l));
    this.caps = copy(this.caps, CAPS, (l) => new Uint16Array(l));
    this.tplIds = copy(this.tplIds, TOPK, (l) => new Uint32Array(l));
    this.tplCounts = copy(this.tplCounts, TOPK, (l) => new Uint32Array(l));
    this.tplErrs = copy(this.tplErrs, TOPK, (l) => new Uint32Array(l));
    this.models = copy(this.models, MODELS, (l) => new Int32Array(l));
    this.ring = copy(this.ring, RING, (l) => new Uint32Array(l));
    this.capacity = cap;
  }

  /**
   * Fold one exchange into sketch i. Returns true when the exchange used a model this account
   * had not used before (the caller computes adoption delay from the model's global first use).
   */
  update(i: number, x: SketchUpdate): boolean {
    const f = this.f, u = this.u, fb = i * NF, ub = i * NU;
    const n = u[ub + U_N];
    if (n === 0) {
      f[fb + F_FIRST] = x.tsMs;
    } else {
      // Welford over log10 of the gap in seconds (gaps span orders of magnitude).
      const gap = Math.log10(1 + Math.max(0, x.tsMs - f[fb + F_LAST]) / 1000);
      const g = ++u[ub + U_GAPS];
      const d = gap - f[fb + F_GAP_MEAN];
      f[fb + F_GAP_MEAN] += d / g;
      f[fb + F_GAP_M2] += d * (gap - f[fb + F_GAP_MEAN]);
    }
    f[fb + F_LAST] = x.tsMs;
    f[fb + F_OUT] += x.outputTokens;
    f[fb + F_IN] += x.inputTokens;
    f[fb + F_PROMPT] += x.promptChars;
    u[ub + U_N] = n + 1;
    if (x.elicited) u[ub + U_ELICIT]++;
    if (x.rubric) u[ub + U_RUBRIC]++;
    if (x.agentic) u[ub + U_AGENTIC]++;
    if (x.reasoning) u[ub + U_REASONING]++;
    const h = i * HOURS + x.hour;
    if (this.hours[h] < 65535) this.hours[h]++;
    const c = i * CAPS + Math.min(x.capability, CAPS - 1);
    if (this.caps[c] < 65535) this.caps[c]++;
    spaceSavingAdd(this.tplIds, this.tplCounts, this.tplErrs, i * TOPK, TOPK, x.template);
    // activity ring: one entry per distinct window
    const head = u[ub + U_RING_HEAD];
    const rb = i * RING;
    const last = head === 0 ? -1 : this.ring[rb + ((head - 1) % RING)];
    if (last !== x.window + 1) {
      this.ring[rb + (head % RING)] = x.window + 1;
      u[ub + U_RING_HEAD] = head + 1;
    }
    if (x.model < 0) return false;
    const mb = i * MODELS;
    for (let s = 0; s < MODELS; s++) if (this.models[mb + s] === x.model) return false;
    const mn = u[ub + U_MODEL_N]++;
    this.models[mb + (mn % MODELS)] = x.model;
    return true;
  }

  /** Record an adoption delay (hours) for a model first used by account i; keeps the minimum. */
  noteAdoption(i: number, delayHours: number): void {
    const k = i * NF + F_ADOPT;
    const cur = this.f[k];
    if (Number.isNaN(cur) || delayHours < cur) this.f[k] = delayHours;
  }

  exchanges(i: number): number { return this.u[i * NU + U_N]; }
  firstTs(i: number): number { return this.f[i * NF + F_FIRST]; }
  lastTs(i: number): number { return this.f[i * NF + F_LAST]; }
  elicited(i: number): number { return this.u[i * NU + U_ELICIT]; }
  rubric(i: number): number { return this.u[i * NU + U_RUBRIC]; }
  /** The account's own asking requests: the full reasoning or its reconstruction, or a rubric grading. */
  asked(i: number): number { return this.elicited(i) + this.rubric(i); }
  agentic(i: number): number { return this.u[i * NU + U_AGENTIC]; }
  reasoning(i: number): number { return this.u[i * NU + U_REASONING]; }
  outputTokens(i: number): number { return this.f[i * NF + F_OUT]; }
  inputTokens(i: number): number { return this.f[i * NF + F_IN]; }
  promptChars(i: number): number { return this.f[i * NF + F_PROMPT]; }
  adoptionDelayHours(i: number): number { return this.f[i * NF + F_ADOPT]; }
  /** Sample std-dev of log10 inter-arrival gaps (NaN with < 3 gaps). */
  gapStd(i: number): number {
    const g = this.u[i * NU + U_GAPS];
    return g < 3 ? Number.NaN : Math.sqrt(this.f[i * NF + F_GAP_M2] / (g - 1));
  }
  gapMeanLog(i: number): number { return this.f[i * NF + F_GAP_MEAN]; }
  /** Activity windows in the ring (most recent RING distinct windows). */
  /** Guaranteed count of template `tpl` for account i (0 when not tracked). */
  templateCount(i: number, tpl: number): number {
    for (let k = i * TOPK; k < (i + 1) * TOPK; k++) if (this.tplIds[k] === tpl + 1) return this.tplCounts[k] - this.tplErrs[k];
    return 0;
  }

  windows(i: number): number[] {
    const head = this.u[i * NU + U_RING_HEAD];
    const out: number[] = [];
    const n = Math.min(head, RING);
    for (let k = head - n; k < head; k++) out.push(this.ring[i * RING + (k % RING)] - 1);
    return out;
  }
}
