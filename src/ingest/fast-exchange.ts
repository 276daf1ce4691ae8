/**
 * A hand-written fast path for the common, well-formed exchange record: one pass over its keys,
 * a type/range test per contract field. It only ever says "certainly valid" (true) or "not sure"
 * (false); on false the caller runs the full check (ajv, then zod for the precise field and
 * reason), so quarantine reasons come from exactly the same code as before. It must therefore
 * never accept what the zod schema in src/core/exchange.ts rejects (fast-exchange.test.ts checks
 * this against zod on valid records and on many broken ones).
 *
 * It also answers false for any field outside the contract whose value is an object or array,
 * so the full path's depth check still sees every such field.
 */
import { z } from 'zod';
import { IsoTimestamp } from '../core/exchange.js';

// The timestamp pattern zod itself uses (its JSON Schema export carries the same regex source).
const TS = new RegExp((z.toJSONSchema(IsoTimestamp) as { pattern: string }).pattern);

const REQUIRED = 4; // id, ts, account, messages

/**
 * True when `v` (a parsed JSON object) certainly satisfies the Exchange schema and has no nested
 * value outside the contract; false when unsure.
 * @example isWellFormedExchange({ id: 'a', ts: '2026-01-01T00:00:00Z', account: 'x', messages: [] }) // true
 * @example isWellFormedExchange({ id: 'a', ts: 'yesterday', account: 'x', messages: [] }) // false
 */
export function isWellFormedExchange(v: Record<string, unknown>): boolean {
  let required = 0;
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'id':
      case 'account':
        if (typeof x !== 'string' || x.length === 0) return false;
        required++;
        break;
      case 'ts':
        if (typeof x !== 'string' || !TS.test(x)) return false;
        required++;
        break;
      case 'messages':
        if (!Array.isArray(x) || !messagesOk(x)) return false;
        required++;
        break;
      case 'key':
      case 'ip':
      case 'user_agent':
      case 'model':
      case 'system':
      case 'output':
        if (typeof x !== 'string') return false;
        break;
      case 'asn':
      case 'max_tokens':
      case 'input_tokens':
      case 'output_tokens':
      case 'reasoning_tokens':
        if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) return false;
        break;
      case 'country':
        if (typeof x !== 'string' || x.length !== 2 || !upper(x.charCodeAt(0)) || !upper(x.charCodeAt(1))) return false;
        break;
      case 'tools':
        if (!Array.isArray(x)) return false;
        for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') return false;
        break;
      case 'reasoning':
        if (typeof x !== 'boolean') return false;
        break;
      case 'status':
        if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 100 || x > 599) return false;
        break;
      case 'latency_ms':
        if (typeof x !== 'number' || !(x >= 0) || !Number.isFinite(x)) return false;
        break;
      default:
        // outside the contract: primitives are kept as they are; nested values need the depth check
        if (x !== null && typeof x === 'object') return false;
    }
  }
  return required === REQUIRED;
}

function messagesOk(ms: unknown[]): boolean {
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return false;
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof content !== 'string') return false;
    if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'tool') return false;
  }
  return true;
}

function upper(c: number): boolean {
  return c >= 65 && c <= 90;
}
