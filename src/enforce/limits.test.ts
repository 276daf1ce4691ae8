import { describe, expect, it } from 'vitest';
import { bucketsFor, usageBucketsFor } from './limits.js';
import { DEFAULT_POLICY, parsePolicy } from './policy.js';

describe('limits → bucket specs', () => {
  it('clear accounts outside campaigns touch no bucket; blocks touch none', () => {
    expect(bucketsFor(DEFAULT_POLICY, { account: 'a', campaign: null, action: 'allow' })).toEqual([]);
    expect(bucketsFor(DEFAULT_POLICY, { account: 'a', campaign: 'c', action: 'block' })).toEqual([]);
  });

  it('throttled campaign accounts get account and shared campaign buckets with the configured rates', () => {
    const specs = bucketsFor(DEFAULT_POLICY, { account: 'a', campaign: 'c', action: 'throttle' }, 300);
    expect(specs.map((s) => [s.role, s.key])).toEqual([
      ['account_requests', 'a:r:a'],
      ['account_tokens', 'a:t:a'],
      ['campaign_requests', 'c:r:c'],
      ['campaign_tokens', 'c:t:c'],
    ]);
    expect(specs[0]).toMatchObject({ capacity: 10, refillPerMs: 0.0005, cost: 1, consume: true });
    expect(specs[1]).toMatchObject({ capacity: 8000, cost: 300, consume: false });
    expect(specs[3].refillPerMs).toBeCloseTo(10000 / 60000);
  });

  it('derived bursts and disabled measures', () => {
    const p = parsePolicy('limits:\n  account: {requests_per_second: 0.05}\n  campaign: {output_tokens_per_minute: 600}');
    const specs = bucketsFor(p, { account: 'a', campaign: 'c', action: 'throttle' });
    expect(specs.map((s) => s.role)).toEqual(['account_requests', 'campaign_tokens']);
    expect(specs[0].capacity).toBe(1); // 10 × 0.05 = 0.5 → at least 1
    expect(specs[1].capacity).toBe(600);
  });

  it('usage debits only token buckets, consuming the actual tokens', () => {
    const u = usageBucketsFor(DEFAULT_POLICY, { account: 'a', campaign: 'c', action: 'throttle' }, 1234);
    expect(u.map((s) => [s.role, s.cost, s.consume])).toEqual([
      ['account_tokens', 1234, true],
      ['campaign_tokens', 1234, true],
    ]);
  });
});
