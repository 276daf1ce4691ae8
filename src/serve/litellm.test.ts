import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp } from './testing.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ROUTE = '/beta/litellm_basic_guardrail_api';

/** A request body shaped as in LiteLLM's documented contract. */
function body(over: Record<string, unknown> = {}) {
  return {
    texts: ['Write out your complete reasoning step by step, then answer: what is 17*23?'],
    request_data: {
      user_api_key_hash: sha('sk-fleet-1'),
      user_api_key_alias: 'fleet-1',
      user_api_key_user_id: null,
      user_api_key_team_id: null,
    },
    input_type: 'request',
    litellm_call_id: 'call-1',
    litellm_trace_id: 'trace-1',
    additional_provider_specific_params: {},
    ...over,
  };
}

describe('LiteLLM generic guardrail API', () => {
  it('NONE for a clear account; BLOCKED with reason code and appeal for a campaign account', async () => {
    const { app, store } = testApp({ policy: 'appeal_url: https://example.com/appeal', keys: [{ key: 'sk-fleet-1', account: 'acct_f1' }] });
    let r = await app.inject({ method: 'POST', url: ROUTE, payload: body() });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ action: 'NONE' });

    await store.setVerdict('acct_f1', { verdict: 'attack', campaign: 'camp-7', score: 0.93 });
    r = await app.inject({ method: 'POST', url: ROUTE, payload: body() });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.action).toBe('BLOCKED');
    expect(j.blocked_reason).toMatch(/^MOAT_BLOCK_CAMPAIGN: /);
    expect(j.blocked_reason).toContain('https://example.com/appeal');
    expect(Object.keys(j).sort()).toEqual(['action', 'blocked_reason']);
  });

  it('maps accounts: keys file by LiteLLM key hash, then user id, then the hash itself', async () => {
    const { app, store } = testApp({ keys: [{ key: 'sk-fleet-1', account: 'acct_f1' }] });
    await store.setVerdict('user-42', { verdict: 'attack', campaign: null, score: 0.9 });
    const r = await app.inject({
      method: 'POST',
      url: ROUTE,
      payload: body({ request_data: { user_api_key_hash: sha('unknown-key'), user_api_key_user_id: 'user-42' } }),
    });
    expect(r.json().blocked_reason).toMatch(/^MOAT_BLOCK_ATTACK/);
  });

  it('throttles over the campaign budget and says when to retry', async () => {
    const { app, store } = testApp({
      policy: 'limits:\n  account: {}\n  campaign: {requests_per_second: 1, burst: 2}',
      keys: [1, 2, 3].map((i) => ({ key: `sk-fleet-${i}`, account: `acct_f${i}` })),
    });
    for (const i of [1, 2, 3]) await store.setVerdict(`acct_f${i}`, { verdict: 'suspect', campaign: 'camp-1', score: 0.6 });
    const actions = [];
    for (const i of [1, 2, 3]) {
      const r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ request_data: { user_api_key_hash: sha(`sk-fleet-${i}`) } }) });
      actions.push(r.json());
    }
    expect(actions.map((a) => a.action)).toEqual(['NONE', 'NONE', 'BLOCKED']);
    expect(actions[2].blocked_reason).toMatch(/^MOAT_THROTTLE_CAMPAIGN_REQUESTS: .*Retry after 1 s\./);
  });

  it('response side: debits estimated output tokens and strips reasoning for withhold_reasoning accounts', async () => {
    const { app, store } = testApp({
      policy: 'actions: {suspect: withhold_reasoning}\nlimits:\n  account: {output_tokens_per_minute: 60, output_tokens_burst: 100}\n  campaign: {}',
      keys: [{ key: 'sk-fleet-1', account: 'acct_f1' }],
    });
    await store.setVerdict('acct_f1', { verdict: 'suspect', campaign: null, score: 0.5 });
    const texts = ['<think>First, 17*20=340, then 17*3=51.</think>The answer is 391.', 'x'.repeat(400)];
    const r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ input_type: 'response', texts }) });
    expect(r.json()).toEqual({ action: 'GUARDRAIL_INTERVENED', texts: ['[reasoning withheld]The answer is 391.', texts[1]] });
    // ~115 tokens debited from a 100-token budget → the next request is throttled on tokens.
    const next = await app.inject({ method: 'POST', url: ROUTE, payload: body() });
    expect(next.json().blocked_reason).toMatch(/^MOAT_THROTTLE_ACCOUNT_TOKENS/);
  });

  it('validates: bad JSON and wrong shapes are 400 with a clear reason', async () => {
    const { app } = testApp();
    let r = await app.inject({ method: 'POST', url: ROUTE, headers: { 'content-type': 'application/json' }, payload: '{"texts": [' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('MOAT_BAD_REQUEST');
    expect(r.json().error.message).toMatch(/JSON/);
    r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ input_type: 'sideways' }) });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/^input_type: /);
    expect(r.json().error.message).toContain('request | response');
    r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ texts: 'not-an-array' }) });
    expect(r.statusCode).toBe(400); // no coercion of a string into a one-element array
    expect(r.json().error.message).toMatch(/^texts: must be array/);
    r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ request_data: { user_api_key_user_id: 42 } }) });
    expect(r.statusCode).toBe(400); // no coercion of a number into an account id
    expect(r.json().error.message).toMatch(/^request_data\.user_api_key_user_id: /);
    r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ litellm_call_id: 'c'.repeat(2000) }) });
    expect(r.statusCode).toBe(400);
    r = await app.inject({ method: 'POST', url: ROUTE, headers: { 'content-type': 'application/json' }, payload: 'null' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/^\(body\): must be object/);
  });

  it('parseGuardrailRequest: defaults texts, keeps unknown fields, validates the parsed object in place', async () => {
    const { parseGuardrailRequest } = await import('./litellm.js');
    const input: Record<string, unknown> = { input_type: 'request', tools: [{ any: 'thing' }] };
    const r = parseGuardrailRequest(input);
    expect(r).toEqual({ ok: true, value: { input_type: 'request', texts: [], tools: [{ any: 'thing' }] } });
    expect(r.ok && r.value).toBe(input);
    expect(parseGuardrailRequest({ texts: ['a'] })).toEqual({ ok: false, message: "(body): must have required property 'input_type'" });
  });

  it('bounds body size (413)', async () => {
    const store = undefined;
    const { app } = testApp({ store });
    const big = { ...body(), texts: ['y'.repeat(9 * 1024 * 1024)] };
    const r = await app.inject({ method: 'POST', url: ROUTE, payload: big });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('MOAT_BAD_REQUEST');
  });

  it('no identity → NONE with a MOAT_NO_IDENTITY header (nothing to attribute)', async () => {
    const { app } = testApp();
    const r = await app.inject({ method: 'POST', url: ROUTE, payload: body({ request_data: {} }) });
    expect(r.json()).toEqual({ action: 'NONE' });
    expect(r.headers['x-moat-code']).toBe('MOAT_NO_IDENTITY');
  });
});

describe('LiteLLM example config', () => {
  it('registers moat as generic_guardrail_api for pre_call and post_call against moat serve', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const conf = parse(readFileSync(new URL('../../docs/integrations/litellm.yaml', import.meta.url), 'utf8'));
    const g = conf.litellm_settings.guardrails;
    expect(g.map((x: { litellm_params: { mode: string } }) => x.litellm_params.mode).sort()).toEqual(['post_call', 'pre_call']);
    for (const x of g) {
      expect(x.litellm_params.guardrail).toBe('generic_guardrail_api');
      expect(x.litellm_params.api_base).toBe('http://127.0.0.1:8787');
    }
    // The path LiteLLM appends exists on the server.
    const { app } = testApp();
    const r = await app.inject({ method: 'POST', url: new URL(g[0].litellm_params.api_base).pathname.replace(/\/$/, '') + ROUTE, payload: body() });
    expect(r.statusCode).toBe(200);
  });
});

describe('LiteLLM calls feed the real online detector (--detect)', () => {
  it('every pre/post pair becomes one observed exchange, attributed to the mapped account', async () => {
    const { createDetector } = await import('../verdict/detector.js');
    const { createCallObserver } = await import('./observe.js');
    const { createMemoryStore } = await import('../store/memory.js');
    const store = createMemoryStore();
    const detector = createDetector({ seed: 1 });
    const observer = createCallObserver({ detector, store });
    const { app, clock } = testApp({ store, observer, keys: [{ key: 'sk-fleet-1', account: 'acct_f1' }] });
    for (let i = 0; i < 12; i++) {
      clock.now += 60_000;
      const pre = await app.inject({ method: 'POST', url: ROUTE, payload: body({ litellm_call_id: `call-${i}` }) });
      expect(pre.json().action).toBe('NONE');
      await app.inject({ method: 'POST', url: ROUTE, payload: body({ litellm_call_id: `call-${i}`, input_type: 'response', texts: ['Step 1: 17*20 = 340. Step 2: 17*3 = 51. Answer: 391.'] }) });
    }
    await observer.flush();
    const r = detector.result();
    expect(r.stats.exchanges).toBe(12);
    expect(r.accounts.map((a) => a.account)).toEqual(['acct_f1']);
    expect(observer.stats()).toMatchObject({ observed: 12, errors: 0, pending: 0 });
  });
});

describe('LiteLLM leniency on fields Moat does not use', () => {
  it('odd images/tools/team fields do not cause a 400', async () => {
    const { app } = testApp();
    const r = await app.inject({
      method: 'POST',
      url: ROUTE,
      payload: body({ images: [{ url: 'x' }], tools: {}, request_data: { user_api_key_hash: sha('k'), user_api_key_team_id: 42 } }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ action: 'NONE' });
  });
});
