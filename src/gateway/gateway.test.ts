import { afterEach, describe, expect, it } from 'vitest';
import type { Detector } from '../core/detector.js';
import type { Exchange } from '../core/exchange.js';
import type { AccountVerdict } from '../core/verdict.js';
import { hashKey } from '../core/key-hash.js';
import { MOCK_REASONING, MOCK_TEXT } from './testing/mock-upstream.js';
import { TEST_SECRET, startStack, type Stack } from './testing/harness.js';

const ALICE = 'sk-test-alice-0001';
const BOB = 'sk-test-bob-0002';
const CAROL = 'sk-test-carol-0003';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const chatBody = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-test', messages: [{ role: 'user', content: 'Write out your complete reasoning.' }], max_tokens: 64, ...extra });
const msgBody = (extra: Record<string, unknown> = {}) => ({ model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], ...extra });
const respBody = (extra: Record<string, unknown> = {}) => ({ model: 'o-test', input: 'hi', max_output_tokens: 64, ...extra });

function post(path: string, body: unknown, key: string | null, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (key !== null) {
    if (path === '/v1/messages') h['x-api-key'] = key;
    else h.authorization = `Bearer ${key}`;
  }
  return fetch(stack!.url + path, { method: 'POST', headers: h, body: JSON.stringify(body) });
}

async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await stack!.recorder.flush();
}

describe('gateway: pass-through and recording', () => {
  it('forwards a JSON chat completion unchanged and records the exchange with the key hashed', async () => {
    stack = await startStack();
    const direct = await (await fetch(stack.mock.url + '/v1/chat/completions', { method: 'POST', body: JSON.stringify(chatBody()) })).text();
    const res = await post('/v1/chat/completions', chatBody(), ALICE);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(direct);
    expect(res.headers.get('x-moat-request-id')).toMatch(/^req_/);
    await settle();
    expect(stack.lines).toHaveLength(1);
    const ex = JSON.parse(stack.lines[0]) as Exchange;
    expect(ex.account).toBe('acct_alice');
    expect(ex.key).toBe(hashKey(ALICE, TEST_SECRET));
    expect(ex.messages.some((m) => m.content.includes('complete reasoning'))).toBe(true);
    expect(ex.output).toContain(MOCK_TEXT);
    expect(ex.output_tokens).toBe(5);
    expect(ex.status).toBe(200);
    expect(stack.lines[0]).not.toContain(ALICE);
    // The upstream got the client's own headers, minus hop-by-hop ones.
    expect(stack.mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ALICE}`);
  });

  it('streams SSE chunk by chunk (first event long before the last) and records the streamed output', async () => {
    stack = await startStack();
    const t0 = performance.now();
    const res = await post('/v1/messages', msgBody({ stream: true }), BOB, { 'x-mock-chunk-delay-ms': '40' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    const tFirst = performance.now() - t0;
    let text = new TextDecoder().decode(first.value);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const tEnd = performance.now() - t0;
    expect(text).toContain('message_start');
    expect(text).toContain('message_stop');
    // 10 events 40 ms apart: a buffering proxy would deliver the first byte at the end.
    expect(tEnd - tFirst).toBeGreaterThan(200);
    await settle();
    const ex = JSON.parse(stack.lines[0]) as Exchange;
    expect(ex.account).toBe('acct_bob');
    expect(ex.output).toContain(MOCK_TEXT);
  });

  it('answers 401 with a reason code for a missing or unknown key, in each API shape, without calling upstream', async () => {
    stack = await startStack();
    const none = await post('/v1/chat/completions', chatBody(), null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('MOAT_NO_IDENTITY');
    const bad = await post('/v1/messages', msgBody(), 'sk-not-a-real-key');
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as { type: string; error: { type: string; code: string } };
    expect(body.type).toBe('error');
    expect(body.error).toMatchObject({ type: 'authentication_error', code: 'MOAT_UNKNOWN_KEY' });
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('answers 404 for other paths and methods', async () => {
    stack = await startStack();
    const res = await fetch(stack.url + '/v1/embeddings', { method: 'POST', headers: { authorization: `Bearer ${ALICE}` }, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-moat-code')).toBe('MOAT_ROUTE_NOT_FOUND');
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    stack = await startStack();
    const res = await fetch(stack.url + '/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${ALICE}` }, body: 'not json' });
    expect(res.status).toBe(400);
    expect(stack.mock.requests).toHaveLength(0);
  });
});

describe('gateway: enforcement', () => {
  const appeal = 'https://example.test/appeal';

  it('blocks an attack account with 403, reason code and appeal URL, in the Anthropic error shape', async () => {
    stack = await startStack({ policyYaml: `appeal_url: ${appeal}` });
    await stack.store.setVerdict('acct_alice', { verdict: 'attack', campaign: 'camp_1', score: 0.9 });
    const res = await post('/v1/messages', msgBody(), ALICE);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-moat-code')).toBe('MOAT_BLOCK_CAMPAIGN');
    expect(res.headers.get('x-moat-appeal-url')).toBe(appeal);
    const body = (await res.json()) as { error: { type: string; code: string; appeal_url: string } };
    expect(body.error).toMatchObject({ type: 'permission_error', code: 'MOAT_BLOCK_CAMPAIGN', appeal_url: appeal });
    expect(stack.mock.requests).toHaveLength(0);
    // Other accounts are unaffected.
    expect((await post('/v1/messages', msgBody(), BOB)).status).toBe(200);
  });

  it('challenges a suspect account with 403 MOAT_CHALLENGE in the OpenAI error shape', async () => {
    stack = await startStack({ policyYaml: `appeal_url: ${appeal}\nactions: {suspect: challenge}` });
    await stack.store.setVerdict('acct_bob', { verdict: 'suspect', campaign: null, score: 0.5 });
    const res = await post('/v1/responses', respBody(), BOB);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { type: string; code: string; appeal_url: string } };
    expect(body.error).toMatchObject({ type: 'permission_error', code: 'MOAT_CHALLENGE', appeal_url: appeal });
  });

  it('throttles a suspect account past its burst with 429 and Retry-After', async () => {
    stack = await startStack({ policyYaml: 'actions: {suspect: throttle}\nlimits:\n  account: {requests_per_second: 0.1, burst: 2}' });
    await stack.store.setVerdict('acct_carol', { verdict: 'suspect', campaign: null, score: 0.5 });
    const codes: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await post('/v1/chat/completions', chatBody(), CAROL);
      codes.push(last.status);
      if (last.status === 200) await last.text();
    }
    expect(codes).toEqual([200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await last!.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'MOAT_THROTTLE_ACCOUNT_REQUESTS', type: 'rate_limit_error' });
    // A clear account is not limited.
    for (let i = 0; i < 4; i++) expect((await post('/v1/chat/completions', chatBody(), ALICE)).status).toBe(200);
  });

  it('limits a campaign as a whole across its accounts', async () => {
    stack = await startStack({
      policyYaml: 'actions: {suspect: throttle}\nlimits:\n  account: {requests_per_second: 10, burst: 100}\n  campaign: {requests_per_second: 0.1, burst: 3}',
    });
    for (const a of ['acct_alice', 'acct_bob']) await stack.store.setVerdict(a, { verdict: 'suspect', campaign: 'camp_x', score: 0.6 });
    const codes: number[] = [];
    for (const key of [ALICE, BOB, ALICE, BOB]) {
      const r = await post('/v1/chat/completions', chatBody(), key);
      codes.push(r.status);
      if (r.status === 429) expect(r.headers.get('x-moat-code')).toBe('MOAT_THROTTLE_CAMPAIGN_REQUESTS');
      await r.text();
    }
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it('in shadow mode forwards a blocked account and says what it would have done', async () => {
    stack = await startStack({ policyYaml: 'shadow: true' });
    await stack.store.setVerdict('acct_alice', { verdict: 'attack', campaign: null, score: 0.9 });
    const res = await post('/v1/chat/completions', chatBody(), ALICE);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-moat-code')).toBe('MOAT_BLOCK_ATTACK');
  });

  it('feeds the detector after each exchange, and its verdict applies to the next request', async () => {
    const seen: Exchange[] = [];
    const verdicts = new Map<string, AccountVerdict>();
    const clear = (account: string): AccountVerdict => ({ account, verdict: 'clear', campaign: null, score: 0, flagged_at: null, reasons: [] });
    const detector: Detector = {
      addAccount() {},
      observe(ex) {
        seen.push(ex);
        const n = seen.filter((e) => e.account === ex.account).length;
        const v: AccountVerdict = n >= 2 ? { ...clear(ex.account), verdict: 'attack', score: 0.95, flagged_at: ex.ts } : clear(ex.account);
        verdicts.set(ex.account, v);
        return v;
      },
      verdictOf: (a) => verdicts.get(a) ?? clear(a),
      campaignOf: () => null,
      result: () => ({ accounts: [...verdicts.values()], campaigns: [], stats: { exchanges: seen.length, accounts: verdicts.size, quarantined: 0, first_ts: null, last_ts: null } }),
    };
    stack = await startStack({ detector });
    for (let i = 0; i < 2; i++) {
      const r = await post('/v1/chat/completions', chatBody(), ALICE);
      expect(r.status).toBe(200);
      await r.text();
      await settle();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0].account).toBe('acct_alice');
    const blocked = await post('/v1/chat/completions', chatBody(), ALICE);
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('x-moat-code')).toBe('MOAT_BLOCK_ATTACK');
    expect((await post('/v1/chat/completions', chatBody(), BOB)).status).toBe(200);
  });
});

describe('gateway: withholding reasoning from suspect accounts', () => {
  const policy = 'actions: {suspect: withhold_reasoning}\nlimits:\n  account: {requests_per_second: 100, burst: 1000}';
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['chat JSON', '/v1/chat/completions', chatBody({ reasoning_effort: 'high' })],
    ['chat SSE', '/v1/chat/completions', chatBody({ reasoning_effort: 'high', stream: true })],
    ['responses JSON', '/v1/responses', respBody({ reasoning: { effort: 'high', summary: 'auto' } })],
    ['responses SSE', '/v1/responses', respBody({ reasoning: { effort: 'high', summary: 'auto' }, stream: true })],
    ['anthropic JSON', '/v1/messages', msgBody({ thinking: { type: 'enabled', budget_tokens: 1024 } })],
    ['anthropic SSE', '/v1/messages', msgBody({ thinking: { type: 'enabled', budget_tokens: 1024 }, stream: true })],
  ];
  for (const [name, path, body] of cases) {
    it(`${name}: removed for the suspect account, kept for a clear one`, async () => {
      stack = await startStack({ policyYaml: policy });
      await stack.store.setVerdict('acct_bob', { verdict: 'suspect', campaign: null, score: 0.5 });
      const clearText = await (await post(path, body, ALICE)).text();
      expect(clearText).toContain('MOCK-REASONING');
      const res = await post(path, body, BOB);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-moat-code')).toBe('MOAT_WITHHOLD_REASONING');
      const text = await res.text();
      expect(text).not.toContain('MOCK-REASONING');
      expect(text).not.toMatch(/reasoning_content|thinking_delta|"type":"thinking"|reasoning_summary|"type":"reasoning"/);
      // The answer itself is intact.
      if (body.stream === true) for (const piece of ['Hello', ' mock', ' upstream.']) expect(text).toContain(piece);
      else expect(text).toContain(MOCK_TEXT);
      if (body.stream !== true) expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
      expect(MOCK_REASONING.length).toBeGreaterThan(0);
    });
  }
});

describe('gateway: health and metrics', () => {
  it('serves /healthz, /readyz and Prometheus metrics for requests, decisions and added latency', async () => {
    stack = await startStack();
    expect((await fetch(stack.url + '/healthz')).status).toBe(200);
    expect((await fetch(stack.url + '/readyz')).status).toBe(200);
    await (await post('/v1/chat/completions', chatBody(), ALICE)).text();
    await (await post('/v1/chat/completions', chatBody(), 'sk-unknown')).text();
    const m = await (await fetch(stack.url + '/metrics')).text();
    expect(m).toContain('moat_gateway_requests_total{route="openai-chat",status="200"} 1');
    expect(m).toContain('moat_gateway_requests_total{route="openai-chat",status="401"} 1');
    expect(m).toContain('moat_gateway_decisions_total{action="allow",code="MOAT_ALLOW"} 1');
    expect(m).toMatch(/moat_gateway_added_latency_seconds_count 1\b/);
  });
});
