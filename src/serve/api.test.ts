import { describe, expect, it } from 'vitest';
import { testApp } from './testing.js';

describe('JSON API', () => {
  it('/v1/decide returns the Decision; api_key is hashed, never echoed', async () => {
    const { app } = testApp();
    const r = await app.inject({ method: 'POST', url: '/v1/decide', payload: { api_key: 'sk-raw-123', estimated_output_tokens: 10 } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ action: 'allow', code: 'MOAT_ALLOW', verdict: 'clear', shadow: false });
    expect(r.json().account).toMatch(/^kh_[0-9a-f]{32}$/);
    expect(r.body).not.toContain('sk-raw-123');
  });

  it('/v1/decide and /v1/usage validate input', async () => {
    const { app } = testApp();
    expect((await app.inject({ method: 'POST', url: '/v1/decide', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/v1/decide', payload: { account: 'a', api_key: 'k' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/v1/usage', payload: { account: 'a', output_tokens: -1 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/v1/usage', payload: { account: 'a', output_tokens: 5 } })).statusCode).toBe(204);
  });

  it('admin routes need the token, then write verdicts and allowlist entries', async () => {
    const { app } = testApp({ adminToken: 'tok' });
    let r = await app.inject({ method: 'PUT', url: '/v1/verdicts/acct_9', payload: { verdict: 'attack' } });
    expect(r.statusCode).toBe(401);
    const auth = { authorization: 'Bearer tok' };
    r = await app.inject({ method: 'PUT', url: '/v1/verdicts/acct_9', headers: auth, payload: { verdict: 'attack', campaign: 'c3', score: 0.8 } });
    expect(r.statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/v1/decide', payload: { account: 'acct_9' } })).json().code).toBe('MOAT_BLOCK_CAMPAIGN');
    await app.inject({ method: 'PUT', url: '/v1/allowlist/acct_9', headers: auth });
    expect((await app.inject({ method: 'POST', url: '/v1/decide', payload: { account: 'acct_9' } })).json().code).toBe('MOAT_ALLOWLISTED');
    r = await app.inject({ method: 'POST', url: '/v1/verdicts', headers: auth, payload: [{ account: 'x', verdict: 'nope' }] });
    expect(r.statusCode).toBe(400);
  });

  it('admin routes do not exist without a token', async () => {
    const { app } = testApp();
    const r = await app.inject({ method: 'PUT', url: '/v1/verdicts/a', payload: { verdict: 'attack' } });
    expect(r.statusCode).toBe(404);
  });

  it('/healthz and /metrics', async () => {
    const { app } = testApp();
    await app.inject({ method: 'POST', url: '/v1/decide', payload: { account: 'a' } });
    expect((await app.inject({ url: '/healthz' })).json()).toMatchObject({ ok: true, store: 'memory', decisions: 1 });
    expect((await app.inject({ url: '/metrics' })).body).toContain('moat_decisions_total{action="allow"} 1');
  });
});
