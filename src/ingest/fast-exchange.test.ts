import { describe, expect, it } from 'vitest';
import { Exchange } from '../core/exchange.js';
import { seededRng } from '../core/rng.js';
import { createChecker } from './check-record.js';
import { isWellFormedExchange } from './fast-exchange.js';
import { goodExchange, mutateRecord } from './testdata/records.js';

const WEIRD: unknown[] = [
  null, 0, -0, -1, 1.5, 2 ** 53, '', 'x', '42', true, false, [], {}, [1], ['a'], { a: 1 }, [{}], [{ role: 'user' }], [{ role: 'user', content: 1 }],
  [{ role: 'robot', content: 'x' }], [{ role: 'user', content: 'x' }], [[]], [null], 1e300, 100, 599, 600, 99, '2025-01-01', '2025-01-01T00:00:00',
  '2025-01-01T00:00:00+01:00', '2025-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T00:00:00.123456Z', '2025-01-01t00:00:00z',
  'ZZ', 'us', 'US', 'U', 'USA', 'É' + 'S',
];

describe('isWellFormedExchange', () => {
  it('takes the common record (so the fast path is the one that runs)', () => {
    for (let i = 0; i < 50; i++) expect(isWellFormedExchange(goodExchange(i))).toBe(true);
    expect(isWellFormedExchange({ ...goodExchange(1), vendor: 'x', n: 3, flag: null })).toBe(true);
  });

  it('leaves nested fields outside the contract to the full check (depth limit)', () => {
    expect(isWellFormedExchange({ ...goodExchange(1), vendor: { a: 1 } })).toBe(false);
    expect(isWellFormedExchange({ ...goodExchange(1), vendor: [1] })).toBe(false);
  });

  it('answers false when a required field is missing', () => {
    for (const f of ['id', 'ts', 'account', 'messages']) {
      const rec = goodExchange(1);
      delete rec[f];
      expect(isWellFormedExchange(rec)).toBe(false);
    }
  });

  it('never accepts a record zod rejects (6,000 randomly mutated records), and takes most valid ones', () => {
    const rnd = seededRng(11);
    const fields = [...Object.keys(Exchange.shape), 'messages.0.role', 'messages.0.content', 'tools.0', 'extra'];
    let wrongAccepts = 0;
    let rejected = 0;
    let valid = 0;
    let fastOnValid = 0;
    for (let i = 0; i < 6000; i++) {
      const rec = structuredClone({ ...goodExchange(i), tools: ['search'] }) as Record<string, unknown>;
      const nMut = Math.floor(rnd() * 3);
      mutateRecord(rec, rnd, fields, WEIRD, nMut, true);
      const fast = isWellFormedExchange(rec);
      const truth = Exchange.safeParse(rec).success;
      if (fast && !truth) wrongAccepts++;
      if (!truth) rejected++;
      else {
        valid++;
        if (fast) fastOnValid++;
      }
    }
    expect(wrongAccepts).toBe(0);
    expect(rejected).toBeGreaterThan(1500);
    expect(fastOnValid).toBeGreaterThan(valid * 0.8);
  });

  it('the checker gives the same result with and without the fast path', () => {
    const slow = createChecker(Exchange);
    const quick = createChecker(Exchange, isWellFormedExchange);
    const cases = [goodExchange(3), { ...goodExchange(3), ts: '2025-13-01T00:00:00Z' }, { ...goodExchange(3), status: 700 }, { ...goodExchange(3), messages: [{ role: 'x', content: '' }] }];
    for (const c of cases) expect(quick(c)).toEqual(slow(c));
  });
});
