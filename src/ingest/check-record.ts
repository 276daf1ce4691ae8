/**
 * Checking one parsed record against a contract schema. The zod schemas in src/core/exchange.ts
 * are the source of truth; for speed the hot path runs an ajv validator compiled from the JSON
 * Schema that zod generates, and only a record ajv rejects is re-checked with zod to name the
 * field and reason. (If the two ever disagree, zod wins.) A schema may also bring a hand-written
 * check for its common well-formed shape, tried first (see fast-exchange.ts).
 */
import type { Ajv } from 'ajv';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { ZodType } from 'zod';
import type { QuarantineReason } from './quarantine.js';

export type CheckResult<T> =
  | { ok: true; value: T }
  | { ok: false; field: string; reason: QuarantineReason; detail: string };

/** Deepest nesting allowed inside fields the contract does not define (kept as-is downstream). */
export const MAX_EXTRA_DEPTH = 32;

// ajv is loaded (≈ 60 ms) and its meta-schema compiled only when a record needs it (see createChecker)
let ajv: Ajv | null = null;
const require = createRequire(import.meta.url);

/**
 * Build a checker for one contract schema.
 * @example
 * const check = createChecker(Exchange);
 * check({ id: 'x', ts: 1 }) // { ok: false, field: 'ts', reason: 'wrong_type', ... }
 * @example
 * // with a hand-written fast path (see fast-exchange.ts): true skips ajv, zod and the depth check
 * const checkExchange = createChecker(Exchange, isWellFormedExchange);
 */
export function createChecker<T>(schema: ZodType<T>, wellFormed?: (value: Record<string, unknown>) => boolean): (value: unknown) => CheckResult<T> {
  // Compiled on first use: with a fast path that takes every record (a clean log) the ajv
  // compile (≈ 0.1 s of CPU a process, and a scan's reader worker is a fresh process) never runs.
  let compiled: { fast: (v: unknown) => boolean; known: Set<string> } | null = null;
  const compile = () => {
    const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
    delete json.$schema;
    if (ajv === null) {
      const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
      ajv = new AjvClass({ strict: false, validateFormats: false, allErrors: false });
    }
    return { fast: ajv.compile(json), known: new Set(Object.keys((json.properties as Record<string, unknown> | undefined) ?? {})) };
  };
  return (value: unknown): CheckResult<T> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, field: '', reason: 'not_object', detail: `expected a JSON object, got ${kindOf(value)}` };
    }
    if (wellFormed !== undefined && wellFormed(value as Record<string, unknown>)) return { ok: true, value: value as T };
    const { fast, known } = (compiled ??= compile());
    if (!fast(value)) {
      const slow = schema.safeParse(value, { reportInput: true });
      if (!slow.success) return fromZod(slow.error.issues[0]);
    }
    for (const k in value as Record<string, unknown>) {
      if (known.has(k)) continue;
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object' && depthExceeds(v, MAX_EXTRA_DEPTH)) {
        return { ok: false, field: k, reason: 'too_deep', detail: `nested deeper than ${MAX_EXTRA_DEPTH} levels` };
      }
    }
    return { ok: true, value: value as T };
  };
}

function fromZod(issue: z.core.$ZodIssue | undefined): CheckResult<never> & { ok: false } {
  if (issue === undefined) return { ok: false, field: '', reason: 'invalid_value', detail: 'rejected by schema' };
  const field = issue.path.map(String).join('.');
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type') {
    if (input === undefined) return { ok: false, field, reason: 'missing_field', detail: `required field "${field}" is missing` };
    return { ok: false, field, reason: 'wrong_type', detail: `expected ${issue.expected}, got ${kindOf(input)}` };
  }
  return { ok: false, field, reason: 'invalid_value', detail: issue.message };
}

/**
 * JSON kind of a value, for messages: 'string', 'number', 'array', 'null', …
 * @example kindOf([1]) // 'array'
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * True when `value` nests deeper than `max` levels (iterative, so a hostile value cannot blow the stack).
 * @example depthExceeds([[1]], 1) // true
 */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) return true;
    if (v !== null && typeof v === 'object') {
      for (const child of Object.values(v as Record<string, unknown>)) {
        if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
      }
    }
  }
  return false;
}
