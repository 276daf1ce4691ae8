import { describe, expect, it } from 'vitest';
import { Exchange } from '../core/exchange.js';
import { createChecker, depthExceeds } from './check-record.js';
import { goodExchange, mutateRecord } from './testdata/records.js';
import { seededRng } from '../core/rng.js';


const WEIRD: unknown[] = [null, 0, -1, 1.5, '', 'x', '42', true, [], {}, [1], { a: 1 }, 1e300, '2025-01-01', '2025-01-01T00:00:00', '2025-01-01T00:00:00+01:00', 'ZZ', 'us', 'US', 600, 99];

describe('createChecker', () => {
  const check = createChecker(Exchange);

  it('accepts a good exchange and keeps unknown fields', () => {
    const rec = { ...goodExchange(1), vendor_field: { a: [1, 2] } };
    const res = check(rec);
    expect(res.ok).toBe(true);
    if (res.ok) expect((res.value as Record<string, unknown>).vendor_field).toEqual({ a: [1, 2] });
  });

  it('names field and reason from zod for what ajv rejects', () => {
    expect(check({ ...goodExchange(1), output_tokens: '12' })).toMatchObject({ ok: false, field: 'output_tokens', reason: 'wrong_type' });
    expect(check({ ...goodExchange(1), id: undefined })).toMatchObject({ ok: false, field: 'id', reason: 'missing_field' });
    expect(check({ ...goodExchange(1), country: 'usa' })).toMatchObject({ ok: false, field: 'country', reason: 'invalid_value' });
    expect(check('{}')).toMatchObject({ ok: false, field: '', reason: 'not_object' });
  });

  it('rejects deep nesting in unknown fields (kept fields must be safe to serialize)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(check({ ...goodExchange(1), blob: deep })).toMatchObject({ ok: false, field: 'blob', reason: 'too_deep' });
    expect(depthExceeds({ a: { b: 1 } }, 2)).toBe(false);
    expect(depthExceeds({ a: { b: {} } }, 2)).toBe(true);
  });

  it('the ajv fast path and zod agree on 3,000 randomly mutated records', () => {
    const rnd = seededRng(7);
    const fields = [...Object.keys(Exchange.shape), 'messages.0.role', 'messages.0.content', 'tools.0'];
    let disagreements = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const rec = structuredClone({ ...goodExchange(i), tools: ['search'] }) as Record<string, unknown>;
      const nMut = 1 + Math.floor(rnd() * 2);
      mutateRecord(rec, rnd, fields, WEIRD, nMut);
      const fast = check(rec).ok;
      const truth = Exchange.safeParse(rec).success;
      if (fast !== truth) disagreements++;
      if (!truth) rejected++;
    }
    expect(disagreements).toBe(0);
    expect(rejected).toBeGreaterThan(1000); // the mutations really exercise rejection
  });
});
