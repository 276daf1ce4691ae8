/**
 * Typed readers for foreign log records. Every reader either returns a value of the promised
 * type or throws AdapterError(field, reason), so adapters stay short and never pass a wrong
 * type through to the contract.
 */
import { createHash } from 'node:crypto';
import { AdapterError } from '../../../core/adapter.js';

export type Json = Record<string, unknown>;

/** Bounds on one record, so a single huge line cannot exhaust memory downstream. */
export const LIMITS = {
  messages: 5_000,
  textChars: 2_000_000,
  tools: 1_000,
  spans: 20_000,
} as const;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The record itself must be a JSON object.
 * @example asRecord({ a: 1 }, 'record') // { a: 1 }
 */
export function asRecord(value: unknown, field: string): Json {
  if (!isRecord(value)) throw new AdapterError(field, `expected an object, got ${kind(value)}`);
  return value;
}

/** An optional object field: undefined/null → undefined, wrong type → AdapterError. */
export function optRecord(parent: Json, key: string, field = key): Json | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  return asRecord(v, field);
}

/** An optional array field. */
export function optArray(parent: Json, key: string, field = key): unknown[] | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new AdapterError(field, `expected an array, got ${kind(v)}`);
  return v;
}

/** An optional string field; empty strings count as absent. */
export function optString(parent: Json, key: string, field = key): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AdapterError(field, `expected a string, got ${kind(v)}`);
  return v.length > 0 ? v : undefined;
}

/** A string or a number (ids are sometimes numeric), as a string. */
export function optId(parent: Json, key: string, field = key): string | undefined {
  const v = parent[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return optString(parent, key, field);
}

/** An optional non-negative integer (token counts); numeric strings are accepted (OTLP int64). */
export function optCount(parent: Json, key: string, field = key): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new AdapterError(field, `expected a non-negative integer, got ${kind(v)}`);
  }
  return n;
}

/** An optional finite number. */
export function optNumber(parent: Json, key: string, field = key): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AdapterError(field, `expected a number, got ${kind(v)}`);
  return v;
}

/** An optional boolean. */
export function optBool(parent: Json, key: string, field = key): boolean | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new AdapterError(field, `expected a boolean, got ${kind(v)}`);
  return v;
}

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A timestamp as ISO-8601 with a zone. Accepts ISO strings that carry a zone, epoch seconds,
 * epoch milliseconds (numbers above 1e11 are read as ms) and numeric strings of either.
 * A zoneless ISO string is rejected: guessing its zone would shift every event.
 * @example toIsoTs(1700000000, 'ts') // '2023-11-14T22:13:20.000Z'
 */
export function toIsoTs(value: unknown, field: string): string {
  if (typeof value === 'string' && ZONED_ISO.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new AdapterError(field, 'unparseable timestamp');
    return new Date(ms).toISOString();
  }
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n) && n > 0) {
    const ms = n > 1e11 ? n : n * 1000;
    const d = new Date(Math.round(ms));
    if (Number.isNaN(d.getTime())) throw new AdapterError(field, 'timestamp out of range');
    return d.toISOString();
  }
  if (typeof value === 'string') throw new AdapterError(field, 'timestamp without a zone or not ISO-8601');
  throw new AdapterError(field, `expected a timestamp, got ${kind(value)}`);
}

/** OTLP nanoseconds since the epoch (a decimal string or number) → ISO with Z. */
export function nanosToIso(value: unknown, field: string): string {
  const s = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof s !== 'string' || !/^\d{1,20}$/.test(s) || s === '0') {
    throw new AdapterError(field, 'expected unix nanoseconds as a decimal string');
  }
  const ms = Number(BigInt(s) / 1_000_000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new AdapterError(field, 'timestamp out of range');
  return d.toISOString();
}

/** A deterministic id for records that carry none: same record → same id. */
export function derivedId(prefix: string, record: unknown): string {
  return `${prefix}_${createHash('sha256').update(JSON.stringify(record) ?? '').digest('hex').slice(0, 24)}`;
}

/**
 * The account id is mandatory in the contract. `at` locates the item inside a record that holds
 * several (an OTLP span, an http-log batch element) and is appended to the reason.
 * @example requireAccount([undefined, 'acct_1']) // 'acct_1'
 */
export function requireAccount(candidates: Array<string | undefined>, at?: string): string {
  for (const c of candidates) if (c !== undefined && c.trim().length > 0) return c.trim();
  throw new AdapterError('account', at === undefined || at === '' ? 'no account id in record' : `no account id in record (at ${at})`);
}

/** Read a dotted path (`metadata.user_api_key_user_id`) from a record; non-strings → undefined. */
export function pathString(record: Json, path: string): string | undefined {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  if (typeof cur === 'number' && Number.isFinite(cur)) return String(cur);
  return typeof cur === 'string' && cur.length > 0 ? cur : undefined;
}

/**
 * Drop undefined values so the output JSON carries only what the source had. Returns `obj` itself
 * when nothing is undefined, otherwise a new object with the defined keys in the same order: no
 * `delete`, which would turn the object (and every exchange built from it) into a slow
 * dictionary-mode object.
 * @example compact({ a: 1, b: undefined, c: 'x' }) // { a: 1, c: 'x' }
 */
export function compact<T extends Json>(obj: T): T {
  const keys = Object.keys(obj);
  let i = 0;
  while (i < keys.length && obj[keys[i]] !== undefined) i++;
  if (i === keys.length) return obj;
  const out: Json = {};
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
