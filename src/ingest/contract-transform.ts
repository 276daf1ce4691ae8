/**
 * Line transforms for the three contract files. The exchange transform hashes the `key` field
 * the moment a record is accepted, so a raw API key never travels further than this function.
 */
import { AccountRecord, Exchange, TruthRecord } from '../core/exchange.js';
import { hashKey, isHashedKey } from '../core/key-hash.js';
import { createChecker } from './check-record.js';
import { isWellFormedExchange } from './fast-exchange.js';
import { spliceKey } from './key-splice.js';
import type { LineTransform } from './scan.js';

const checkExchange = createChecker(Exchange, isWellFormedExchange);
const checkAccount = createChecker(AccountRecord);
const checkTruth = createChecker(TruthRecord);

/**
 * Exchanges: schema check, then `key` → `kh_…` (HMAC with `keySecret`). `unchanged` is true when
 * the line can be copied as is (no key to hash).
 * @example exchangeTransform('s')({ id: 'a', ts: '2025-01-01T00:00:00Z', account: 'x', messages: [], key: 'sk-1' })
 * // { ok: true, value: [{ …, key: 'kh_…' }], unchanged: false }
 */
export function exchangeTransform(keySecret: string, cache: Map<string, string> = new Map()): LineTransform<Exchange> {
  // Accounts reuse their keys: memoize the HMAC (bounded; cleared when full). A reader of many
  // pieces of one log passes one cache for all of them (the same secret).
  const hash = (raw: string): string => {
    let h = cache.get(raw);
    if (h === undefined) {
      if (cache.size >= 100_000) cache.clear();
      h = hashKey(raw, keySecret);
      cache.set(raw, h);
    }
    return h;
  };
  return (value, line) => {
    const res = checkExchange(value);
    if (!res.ok) return res;
    const ex = res.value;
    if (ex.key !== undefined && !isHashedKey(ex.key)) {
      const raw = ex.key;
      ex.key = hash(raw);
      const spliced = line === undefined ? null : spliceKey(line, raw, ex.key);
      return spliced === null ? { ok: true, value: [ex], unchanged: false } : { ok: true, value: [ex], unchanged: false, line: spliced };
    }
    return { ok: true, value: [ex], unchanged: true };
  };
}

/**
 * accounts.jsonl records.
 * @example accountTransform({ account: 'a' }) // { ok: true, value: [{ account: 'a' }], unchanged: true }
 */
export const accountTransform: LineTransform<AccountRecord> = (value) => {
  const res = checkAccount(value);
  return res.ok ? { ok: true, value: [res.value], unchanged: true } : res;
};

/**
 * truth.jsonl records (evaluation only).
 * @example truthTransform({ account: 'a', label: 'maybe' }).ok // false
 */
export const truthTransform: LineTransform<TruthRecord> = (value) => {
  const res = checkTruth(value);
  return res.ok ? { ok: true, value: [res.value], unchanged: true } : res;
};
