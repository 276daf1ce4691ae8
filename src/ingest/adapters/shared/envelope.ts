/**
 * The `{request, response, metadata}` envelope used for provider API pairs (openai-chat,
 * openai-responses, anthropic). The API bodies carry no caller identity, so who called, when and
 * from where comes from `metadata`, written by whatever captured the pair.
 */
import { redactValue } from '../../redact.js';
import type { Json } from './read.js';
import { asRecord, compact, optCount, optId, optNumber, optRecord, optString, toIsoTs } from './read.js';

export interface Envelope {
  request: Json;
  /** The response body, an array of streamed events/chunks, or undefined when none was logged. */
  response: Json | unknown[] | undefined;
  meta: EnvelopeMeta;
}

export interface EnvelopeMeta {
  account?: string;
  key?: string;
  ts?: string;
  ip?: string;
  user_agent?: string;
  country?: string;
  asn?: number;
  id?: string;
  status?: number;
  latency_ms?: number;
  /** Other metadata fields: secret-named fields dropped at the top, redacted below it. */
  extra?: Json;
}

const KNOWN = new Set(['account', 'key', 'api_key', 'ts', 'timestamp', 'ip', 'user_agent', 'country', 'asn', 'id', 'status', 'latency_ms']);
/** Field names that may hold a secret are never copied into `source`. */
const SECRET_NAME = /key|secret|token|password|authorization|credential|cookie/i;

/**
 * Split an envelope record into request, response and caller metadata.
 * @example readEnvelope({ request: { model: 'm' }, metadata: { account: 'a', ts: 1700000000 } }).meta.ts
 * // '2023-11-14T22:13:20.000Z'
 */
export function readEnvelope(record: unknown): Envelope {
  const rec = asRecord(record, 'record');
  const request = asRecord(rec.request, 'request');
  const r = rec.response;
  const response = r === undefined || r === null ? undefined : Array.isArray(r) ? r : asRecord(r, 'response');
  const m = optRecord(rec, 'metadata');
  const meta: EnvelopeMeta = {};
  if (m !== undefined) {
    // Built field by field (no intermediate object, no compact): this runs once per gateway exchange.
    // Read in the same order as before, so a record with several bad fields names the same one.
    const country = optString(m, 'country', 'metadata.country');
    const account = optId(m, 'account', 'metadata.account');
    if (account !== undefined) meta.account = account;
    const key = optString(m, 'key', 'metadata.key') ?? optString(m, 'api_key', 'metadata.api_key');
    if (key !== undefined) meta.key = key;
    const ts = m.ts ?? m.timestamp;
    if (ts !== undefined && ts !== null) meta.ts = toIsoTs(ts, 'metadata.ts');
    const ip = optString(m, 'ip', 'metadata.ip');
    if (ip !== undefined) meta.ip = ip;
    const ua = optString(m, 'user_agent', 'metadata.user_agent');
    if (ua !== undefined) meta.user_agent = ua;
    if (country !== undefined && /^[A-Za-z]{2}$/.test(country)) meta.country = country.toUpperCase();
    const asn = optCount(m, 'asn', 'metadata.asn');
    if (asn !== undefined) meta.asn = asn;
    const id = optId(m, 'id', 'metadata.id');
    if (id !== undefined) meta.id = id;
    const status = optCount(m, 'status', 'metadata.status');
    if (status !== undefined) meta.status = status;
    const latency = optNumber(m, 'latency_ms', 'metadata.latency_ms');
    if (latency !== undefined) meta.latency_ms = latency;
    let extra: Json | undefined;
    for (const k of Object.keys(m)) {
      if (KNOWN.has(k) || SECRET_NAME.test(k)) continue;
      (extra ??= {})[k] = redactValue(m[k]);
    }
    if (extra !== undefined) meta.extra = extra;
  }
  return { request, response, meta };
}

/** Caller fields of the contract, ready to spread into an Exchange. */
export function callerFields(meta: EnvelopeMeta): Json {
  return compact({
    key: meta.key,
    ip: meta.ip,
    user_agent: meta.user_agent,
    country: meta.country,
    asn: meta.asn,
    status: meta.status !== undefined && meta.status >= 100 && meta.status <= 599 ? meta.status : undefined,
    latency_ms: meta.latency_ms !== undefined && meta.latency_ms >= 0 ? meta.latency_ms : undefined,
  });
}
