/**
 * Request-parameter elicitation: riding the model's max-output-token ceiling, and asking for the
 * maximum reasoning effort / thinking budget. Harvesters want the longest, most complete traces;
 * so do some legitimate coding agents, hence these are weak signals for the engine to combine.
 */
import type { Exchange } from '../core/exchange.js';
import { E_CEILING, E_EFFORT } from './elicitation.js';

/**
 * Max output tokens per model-id prefix (longest prefix wins). Public figures at the time of
 * writing, rounded; operators override them with SignalConfig.modelCeilings.
 */
export const DEFAULT_MODEL_CEILINGS: Readonly<Record<string, number>> = {
  'claude-opus-4-5': 64000,
  'claude-opus-4': 32000,
  'claude-sonnet-4': 64000,
  'claude-haiku-4': 64000,
  'claude-3-7-sonnet': 64000,
  'claude-3-5': 8192,
  'claude-3': 4096,
  'gpt-5': 128000,
  'gpt-4.1': 32768,
  'gpt-4o': 16384,
  'gpt-4-turbo': 4096,
  'gpt-4': 8192,
  'gpt-3.5': 4096,
  o1: 100000,
  'o1-mini': 65536,
  o3: 100000,
  'o4-mini': 100000,
  'gemini-2.5': 65536,
  'gemini-2.0': 8192,
  'gemini-1.5': 8192,
  'deepseek-reasoner': 65536,
  'deepseek-chat': 8192,
};

/** Resolves a model id to its ceiling; memoised per model id (a handful per deployment). */
export class CeilingTable {
  private readonly prefixes: Array<[string, number]>;
  private readonly cache = new Map<string, number>();
  /** The last model looked up and its ceiling: logs mostly repeat one model id (no hashing then). */
  private lastModel: string | undefined = undefined;
  private lastCeiling = 0;

  constructor(
    ceilings: Record<string, number>,
    private readonly fallback: number,
  ) {
    this.prefixes = Object.entries(ceilings).sort((a, b) => b[0].length - a[0].length);
  }

  /**
   * @example new CeilingTable({ 'gpt-4o': 16384 }, 32768).ceilingOf('gpt-4o-mini') // 16384
   */
  ceilingOf(model: string | undefined): number {
    if (model === undefined) return this.fallback;
    if (model === this.lastModel) return this.lastCeiling;
    let v = this.cache.get(model);
    if (v !== undefined) return this.remember(model, v);
    v = this.fallback;
    const m = model.toLowerCase().replace(/^[\w-]+\//, ''); // strip "provider/" routing prefixes
    for (const [p, c] of this.prefixes) {
      if (m.startsWith(p)) {
        v = c;
        break;
      }
    }
    if (this.cache.size > 1024) this.cache.clear();
    this.cache.set(model, v);
    return this.remember(model, v);
  }

  private remember(model: string, v: number): number {
    this.lastModel = model;
    this.lastCeiling = v;
    return v;
  }
}

const HIGH_EFFORT = new Set(['high', 'max', 'maximum', 'xhigh', 'very_high', 'extra_high']);

/** The passthrough fields paramElicitation reads (all optional, of unknown type). */
interface EffortFields {
  reasoning_effort?: unknown;
  reasoning?: unknown;
  thinking?: unknown;
  thinking_budget?: unknown;
  budget_tokens?: unknown;
}
/** Nested objects (`reasoning: {effort}`, `thinking: {budget_tokens}`), when an object. */
interface NestedFields {
  effort?: unknown;
  budget_tokens?: unknown;
}

function nested(o: unknown): NestedFields | undefined {
  return o !== null && typeof o === 'object' ? (o as NestedFields) : undefined;
}
function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * E_CEILING / E_EFFORT bits of one exchange. Unknown (passthrough) fields understood:
 * `reasoning_effort` ('high'|'max'|…), `reasoning: {effort}` , `thinking: {budget_tokens}`,
 * `thinking_budget` / `budget_tokens`. Fields are read by name (not through a key variable), so
 * each read is a cheap inline-cached property load.
 * @example paramElicitation({ max_tokens: 64000, model: 'claude-sonnet-4' } as Exchange, table, 0.9, 32000) // E_CEILING
 */
export function paramElicitation(ex: Exchange, table: CeilingTable, ratio: number, absolute: number): number {
  let m = 0;
  const ceiling = table.ceilingOf(ex.model);
  const limit = Math.min(ratio * ceiling, absolute);
  if (ex.max_tokens !== undefined && ex.max_tokens >= limit) m |= E_CEILING;
  if (ex.reasoning === true) return m | E_EFFORT;
  const f = ex as EffortFields;
  let effort = typeof f.reasoning_effort === 'string' ? f.reasoning_effort : undefined;
  if (effort === undefined) {
    const r = nested(f.reasoning);
    if (r !== undefined && typeof r.effort === 'string') effort = r.effort;
  }
  if (effort !== undefined && HIGH_EFFORT.has(effort.toLowerCase())) return m | E_EFFORT;
  const t = nested(f.thinking);
  const budget = (t === undefined ? undefined : finite(t.budget_tokens)) ?? finite(f.thinking_budget) ?? finite(f.budget_tokens);
  if (budget !== undefined && budget >= limit) m |= E_EFFORT;
  return m;
}
