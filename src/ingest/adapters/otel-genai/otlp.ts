/**
 * Reading the OTLP/JSON trace encoding: `resourceSpans → scopeSpans → spans`, attributes as
 * `[{key, value: AnyValue}]`, int64 as decimal strings, ids as hex strings.
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Json } from '../shared/read.js';
import { LIMITS, asRecord, isRecord, kind, optArray } from '../shared/read.js';

export type AttrValue = string | number | boolean | null | AttrValue[] | { [k: string]: AttrValue };
export type Attrs = Map<string, AttrValue>;

export interface OtlpSpan {
  span: Json;
  /** Where the span sits in the export, for error messages: `resourceSpans[0].scopeSpans[1].spans[2]`. */
  path: string;
  attrs: Attrs;
  resource: Attrs;
  scope?: string;
}

/**
 * Decode one AnyValue into plain JSON.
 * @example anyValue({ intValue: '42' }, 'v') // 42
 */
export function anyValue(v: unknown, field: string): AttrValue {
  if (!isRecord(v)) throw new AdapterError(field, `expected an AnyValue object, got ${kind(v)}`);
  if ('stringValue' in v) return String(v.stringValue ?? '');
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    if (!Number.isFinite(n)) throw new AdapterError(field, 'intValue is not an integer');
    return n;
  }
  if ('doubleValue' in v) {
    const n = Number(v.doubleValue);
    if (Number.isNaN(n)) throw new AdapterError(field, 'doubleValue is not a number');
    return n;
  }
  if ('arrayValue' in v) {
    const values = isRecord(v.arrayValue) ? optArray(v.arrayValue, 'values', `${field}.arrayValue.values`) ?? [] : [];
    return values.map((x, i) => anyValue(x, `${field}.arrayValue.values[${i}]`));
  }
  if ('kvlistValue' in v) {
    const values = isRecord(v.kvlistValue) ? optArray(v.kvlistValue, 'values', `${field}.kvlistValue.values`) ?? [] : [];
    return Object.fromEntries(attributes(values, `${field}.kvlistValue.values`));
  }
  if ('bytesValue' in v) return String(v.bytesValue ?? '');
  return null; // an empty AnyValue is allowed by the spec
}

/** Decode a KeyValue list into a Map. */
export function attributes(list: unknown, field: string): Attrs {
  const out: Attrs = new Map();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new AdapterError(field, `expected a list of key/value attributes, got ${kind(list)}`);
  list.forEach((raw, i) => {
    const kv = asRecord(raw, `${field}[${i}]`);
    if (typeof kv.key !== 'string') throw new AdapterError(`${field}[${i}].key`, 'expected a string');
    out.set(kv.key, anyValue(kv.value ?? {}, `${field}[${i}].value`));
  });
  return out;
}

/** Every span of an OTLP export with its decoded attributes and its resource's attributes. */
export function spansOf(record: unknown): OtlpSpan[] {
  const rec = asRecord(record, 'record');
  const resourceSpans = optArray(rec, 'resourceSpans');
  if (resourceSpans === undefined) throw new AdapterError('resourceSpans', 'missing: not an OTLP trace export');
  const out: OtlpSpan[] = [];
  resourceSpans.forEach((rsRaw, r) => {
    const rs = asRecord(rsRaw, `resourceSpans[${r}]`);
    const res = isRecord(rs.resource) ? rs.resource : {};
    const resource = attributes(res.attributes, `resourceSpans[${r}].resource.attributes`);
    (optArray(rs, 'scopeSpans', `resourceSpans[${r}].scopeSpans`) ?? []).forEach((ssRaw, s) => {
      const ss = asRecord(ssRaw, `resourceSpans[${r}].scopeSpans[${s}]`);
      const scope = isRecord(ss.scope) && typeof ss.scope.name === 'string' ? ss.scope.name : undefined;
      (optArray(ss, 'spans', `resourceSpans[${r}].scopeSpans[${s}].spans`) ?? []).forEach((spRaw, i) => {
        const path = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        if (out.length >= LIMITS.spans) throw new AdapterError('resourceSpans', `more than ${LIMITS.spans} spans in one record`);
        const span = asRecord(spRaw, path);
        out.push({ span, path, attrs: attributes(span.attributes, `${path}.attributes`), resource, scope });
      });
    });
  });
  return out;
}

/** A string attribute, looked up on the span first, then on the resource. */
export function attrString(s: OtlpSpan, key: string): string | undefined {
  const v = s.attrs.get(key) ?? s.resource.get(key);
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A non-negative integer attribute (span only); wrong types are errors, not guesses. */
export function attrCount(s: OtlpSpan, key: string): number | undefined {
  const v = s.attrs.get(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new AdapterError(`${s.path}.attributes.${key}`, `expected a non-negative integer, got ${kind(v)}`);
  }
  return v;
}
