import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.js';
import { StoreUnavailableError, type StateStore } from '../store/store.js';
import { effectiveAction } from './decision.js';
import { createEnforcer } from './decide.js';
import { parsePolicy } from './policy.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function setup(yaml = '') {
  const store = createMemoryStore();
  const policy = parsePolicy(yaml);
  return { store, enforcer: createEnforcer({ store, policy }) };
}

describe('enforcer', () => {
  it('allows unknown (clear) accounts with no limits', async () => {
    const { enforcer } = await setup();
    for (let i = 0; i < 200; i++) {
      const d = await enforcer.decide({ account: 'fresh', now: T0 });
      expect(d.action).toBe('allow');
      expect(d.code).toBe('MOAT_ALLOW');
    }
  });

  it('blocks attack accounts with a campaign code, status and appeal URL', async () => {
    const { store, enforcer } = await setup('appeal_url: https://example.com/appeal');
    await store.setVerdict('x', { verdict: 'attack', campaign: 'camp-1', score: 0.95 });
    const d = await enforcer.decide({ account: 'x', now: T0 });
    expect(d).toMatchObject({
      action: 'block',
      code: 'MOAT_BLOCK_CAMPAIGN',
      status: 403,
      campaign: 'camp-1',
      verdict: 'attack',
      appealUrl: 'https://example.com/appeal',
      shadow: false,
    });
    expect(d.reason).toContain('campaign camp-1');
  });

  it('allowlist beats any verdict', async () => {
    const { store, enforcer } = await setup();
    await store.setVerdict('uni', { verdict: 'attack', campaign: null, score: 0.9 });
    await store.addAllowlist('uni');
    const d = await enforcer.decide({ account: 'uni', now: T0 });
    expect(d.action).toBe('allow');
    expect(d.code).toBe('MOAT_ALLOWLISTED');
  });

  it('throttles a suspect account after its burst, with Retry-After', async () => {
    const { store, enforcer } = await setup('limits:\n  account: {requests_per_second: 1, burst: 3}\n  campaign: {}');
    await store.setVerdict('s', { verdict: 'suspect', campaign: null, score: 0.5 });
    const ds = [];
    for (let i = 0; i < 5; i++) ds.push(await enforcer.decide({ account: 's', now: T0 }));
    expect(ds.map((d) => d.action)).toEqual(['allow', 'allow', 'allow', 'throttle', 'throttle']);
    expect(ds[0].code).toBe('MOAT_ALLOW_LIMITED');
    expect(ds[3]).toMatchObject({ code: 'MOAT_THROTTLE_ACCOUNT_REQUESTS', status: 429, retryAfterSeconds: 1 });
    expect((await enforcer.decide({ account: 's', now: T0 + 1000 })).action).toBe('allow');
  });

  it('a campaign budget is shared by all its accounts', async () => {
    const { store, enforcer } = await setup('limits:\n  account: {}\n  campaign: {requests_per_second: 0.001, burst: 10}');
    for (let i = 0; i < 50; i++) await store.setVerdict(`m${i}`, { verdict: 'suspect', campaign: 'c9', score: 0.6 });
    let allowed = 0;
    for (let i = 0; i < 50; i++) {
      const d = await enforcer.decide({ account: `m${i}`, now: T0 + i });
      if (d.action === 'allow') allowed++;
      else expect(d.code).toBe('MOAT_THROTTLE_CAMPAIGN_REQUESTS');
    }
    expect(allowed).toBe(10);
    // A clear account outside the campaign is unaffected.
    expect((await enforcer.decide({ account: 'other', now: T0 })).action).toBe('allow');
  });

  it('output tokens: usage debits the budget and later requests are throttled until it refills', async () => {
    const { store, enforcer } = await setup(
      'limits:\n  account: {output_tokens_per_minute: 600, output_tokens_burst: 1000}\n  campaign: {}',
    );
    await store.setVerdict('t', { verdict: 'suspect', campaign: null, score: 0.5 });
    expect((await enforcer.decide({ account: 't', now: T0, estimatedOutputTokens: 800 })).action).toBe('allow');
    await enforcer.recordUsage({ account: 't', outputTokens: 900, now: T0 });
    const d = await enforcer.decide({ account: 't', now: T0, estimatedOutputTokens: 500 });
    expect(d).toMatchObject({ action: 'throttle', code: 'MOAT_THROTTLE_ACCOUNT_TOKENS' });
    // 100 left, needs 500 at 10 tokens/s → 40 s.
    expect(d.retryAfterSeconds).toBe(40);
    expect((await enforcer.decide({ account: 't', now: T0 + 40_000, estimatedOutputTokens: 500 })).action).toBe('allow');
  });

  it('blocks a suspect of a suspected group as a suspect, not as a harvesting campaign, and names its group', async () => {
    const { store, enforcer } = await setup('actions: {suspect: block}');
    await store.setVerdict('g', { verdict: 'suspect', campaign: 'S0001', score: 0.62 });
    expect(await enforcer.decide({ account: 'g', now: T0 })).toMatchObject({ action: 'block', code: 'MOAT_BLOCK_SUSPECT', campaign: 'S0001', verdict: 'suspect' });
  });

  it('withhold_reasoning and challenge come from the action map', async () => {
    const { store, enforcer } = await setup('actions: {suspect: withhold_reasoning, attack: challenge}');
    await store.setVerdict('w', { verdict: 'suspect', campaign: null, score: 0.5 });
    await store.setVerdict('c', { verdict: 'attack', campaign: null, score: 0.9 });
    expect((await enforcer.decide({ account: 'w', now: T0 })).code).toBe('MOAT_WITHHOLD_REASONING');
    expect((await enforcer.decide({ account: 'c', now: T0 })).code).toBe('MOAT_CHALLENGE');
  });

  it('shadow mode reports the would-be action but the effective action is allow', async () => {
    const { store, enforcer } = await setup('shadow: true');
    await store.setVerdict('x', { verdict: 'attack', campaign: null, score: 0.9 });
    const d = await enforcer.decide({ account: 'x', now: T0 });
    expect(d.action).toBe('block');
    expect(d.code).toBe('MOAT_BLOCK_ATTACK');
    expect(d.shadow).toBe(true);
    expect(effectiveAction(d)).toBe('allow');
  });

  it('store down: fail-open allows, fail-closed refuses with 503', async () => {
    const broken: StateStore = {
      ...createMemoryStore(),
      lookup: async () => {
        throw new StoreUnavailableError('down');
      },
    };
    const errors: unknown[] = [];
    const open = createEnforcer({ store: broken, policy: parsePolicy('fail_mode: open'), onStoreError: (e) => errors.push(e) });
    const closed = createEnforcer({ store: broken, policy: parsePolicy('fail_mode: closed') });
    expect(await open.decide({ account: 'a', now: T0 })).toMatchObject({ action: 'allow', code: 'MOAT_STORE_DOWN_OPEN' });
    expect(await closed.decide({ account: 'a', now: T0 })).toMatchObject({ action: 'block', code: 'MOAT_STORE_DOWN_CLOSED', status: 503 });
    expect(errors).toHaveLength(1);
    expect(open.stats().storeErrors).toBe(1);
    await expect(open.recordUsage({ account: 'a', outputTokens: 5, now: T0 })).resolves.toBeUndefined();
  });

  it('is deterministic: same verdicts + same request sequence → same decisions', async () => {
    const run = async () => {
      const { store, enforcer } = await setup();
      for (let i = 0; i < 20; i++) await store.setVerdict(`a${i}`, { verdict: i % 3 === 0 ? 'attack' : 'suspect', campaign: `c${i % 2}`, score: 0.7 });
      const out: string[] = [];
      for (let i = 0; i < 300; i++) {
        const d = await enforcer.decide({ account: `a${(i * 7) % 20}`, now: T0 + i * 100, estimatedOutputTokens: 100 });
        out.push(d.code);
        await enforcer.recordUsage({ account: d.account, outputTokens: 150, now: T0 + i * 100 });
      }
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(2);
  });
});
