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
    const ts = m.ts ?? m.timestamp;
    const country = optString(m, 'country', 'metadata.country');
    Object.assign(
      meta,
      compact({
        account: optId(m, 'account', 'metadata.account'),
        key: optString(m, 'key', 'metadata.key') ?? optString(m, 'api_key', 'metadata.api_key'),
        ts: ts === undefined || ts === null ? undefined : toIsoTs(ts, 'metadata.ts'),
        ip: optString(m, 'ip', 'metadata.ip'),
        user_agent: optString(m, 'user_agent', 'metadata.user_agent'),
        country: country !== undefined && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
        asn: optCount(m, 'asn', 'metadata.asn'),
        id: optId(m, 'id', 'metadata.id'),
        status: optCount(m, 'status', 'metadata.status'),
        latency_ms: optNumber(m, 'latency_ms', 'metadata.latency_ms'),
      }),
    );
    const extra: Json = {};
    for (const [k, v] of Object.entries(m)) if (!KNOWN.has(k) && !SECRET_NAME.test(k)) extra[k] = redactValue(v);
    if (Object.keys(extra).length > 0) meta.extra = extra;
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
