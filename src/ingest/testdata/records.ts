/** Test records shared by the ingest tests: good exchanges and one bad line of each kind. */

export const RAW_KEY = 'sk-live-RAWKEY-0123456789abcdef';

/** A valid contract exchange, varied by `i`. */
export function goodExchange(i: number): Record<string, unknown> {
  return {
    id: `ex-${i}`,
    ts: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    account: `acct-${i % 17}`,
    key: `${RAW_KEY}-${i % 5}`,
    ip: `10.0.${i % 256}.${(i * 7) % 256}`,
    model: 'model-x',
    messages: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: `Question ${i}: write out your complete reasoning.` },
    ],
    output: `Answer ${i} — ünïcödé ✓`,
    input_tokens: 20 + (i % 30),
    output_tokens: 100 + i,
    status: 200,
  };
}

/** One bad line of each kind the brief names, with the reason it must be quarantined for. */
export function badLines(i: number): Array<{ text: Buffer; reason: string; field?: string }> {
  const good = goodExchange(i);
  const line = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
  return [
    { text: Buffer.concat([Buffer.from('{"id":"bad-utf8-'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`","key":"${RAW_KEY}"}`)]), reason: 'invalid_utf8' },
    { text: Buffer.from(`{"id":"trunc","key":"${RAW_KEY}","messages":[`), reason: 'invalid_json' },
    { text: line({ ...good, input_tokens: '42' }), reason: 'wrong_type', field: 'input_tokens' },
    { text: line({ ...good, ts: 1735689600 }), reason: 'wrong_type', field: 'ts' },
    { text: line({ ...good, account: undefined }), reason: 'missing_field', field: 'account' },
    { text: line({ ...good, messages: [{ role: 'wizard', content: 'x' }] }), reason: 'invalid_value', field: 'messages.0.role' },
    { text: line({ ...good, ts: '2025-13-45T00:00:00Z' }), reason: 'invalid_value', field: 'ts' },
    { text: line({ ...good, key: 12345 }), reason: 'wrong_type', field: 'key' },
    { text: Buffer.from(JSON.stringify({ ...good, extra: 0 }).replace('"extra":0', `"extra":${'['.repeat(5000)}${']'.repeat(5000)}`)), reason: 'too_deep', field: 'extra' },
    { text: Buffer.from(`["${RAW_KEY}"]`), reason: 'not_object' },
  ];
}

/**
 * Overwrite (or, 15 % of the time for a top-level field, delete) `count` fields of `rec` with
 * values drawn from `values`, for differential tests of the record checks. A field is a top-level
 * name, `name.index` (an array item) or `name.index.sub` (a field of an array item).
 */
export function mutateRecord(
  rec: Record<string, unknown>,
  rnd: () => number,
  fields: readonly string[],
  values: readonly unknown[],
  count: number,
  clone = false,
): void {
  for (let m = 0; m < count; m++) {
    const f = fields[Math.floor(rnd() * fields.length)];
    const drawn = values[Math.floor(rnd() * values.length)];
    const v = clone ? structuredClone(drawn) : drawn;
    const [head, idx, sub] = f.split('.');
    const container = rec[head];
    const item = Array.isArray(container) ? container[Number(idx)] : undefined;
    if (sub !== undefined) {
      if (item !== null && typeof item === 'object') (item as Record<string, unknown>)[sub] = v;
    } else if (idx !== undefined) {
      if (Array.isArray(container)) container[Number(idx)] = v;
    } else if (rnd() < 0.15) delete rec[head];
    else rec[head] = v;
  }
}
