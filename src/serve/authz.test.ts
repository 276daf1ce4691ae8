import { describe, expect, it } from 'vitest';
import { testApp } from './testing.js';

describe('Envoy ext_authz (HTTP service)', () => {
  it('200 + x-moat headers for allowed; original method and path under the prefix', async () => {
    const { app } = testApp();
    const r = await app.inject({ method: 'POST', url: '/envoy/v1/chat/completions', headers: { authorization: 'Bearer sk-ok', 'content-length': '0' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-moat-action']).toBe('allow');
    expect(r.headers['x-moat-code']).toBe('MOAT_ALLOW');
  });

  it('403 JSON with code for a block; 429 + Retry-After for a throttle; 401 without a key', async () => {
    const { app, store, keys } = testApp({ policy: 'appeal_url: https://example.com/a\nlimits:\n  account: {requests_per_second: 0.5, burst: 1}' });
    const blocked = keys.fromRawKey('sk-bad');
    const slowed = keys.fromRawKey('sk-slow');
    expect(blocked).toMatch(/^kh_/); // raw keys never become account ids
    await store.setVerdict(blocked, { verdict: 'attack', campaign: null, score: 0.9 });
    await store.setVerdict(slowed, { verdict: 'suspect', campaign: null, score: 0.5 });

    let r = await app.inject({ method: 'GET', url: '/envoy/v1/models', headers: { 'x-api-key': 'sk-bad' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'MOAT_BLOCK_ATTACK', appeal_url: 'https://example.com/a' });
    expect(r.body).not.toContain('sk-bad');

    r = await app.inject({ method: 'POST', url: '/envoy/v1/messages', headers: { 'x-api-key': 'sk-slow' } });
    expect(r.statusCode).toBe(200);
    r = await app.inject({ method: 'POST', url: '/envoy/v1/messages', headers: { 'x-api-key': 'sk-slow' } });
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('2');
    expect(r.json().error.code).toBe('MOAT_THROTTLE_ACCOUNT_REQUESTS');

    r = await app.inject({ method: 'POST', url: '/envoy/v1/messages' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('MOAT_NO_IDENTITY');
  });

  it('ignores forwarded bodies of any content type (headers-only check)', async () => {
    const { app } = testApp();
    const r = await app.inject({
      method: 'POST',
      url: '/envoy/v1/chat/completions',
      headers: { authorization: 'Bearer sk-ok', 'content-type': 'application/json' },
      payload: '',
    });
    expect(r.statusCode).toBe(200);
  });

  it('shadow mode: allowed, but headers tell what would have happened', async () => {
    const { app, store, keys } = testApp({ policy: 'shadow: true' });
    await store.setVerdict(keys.fromRawKey('sk-bad'), { verdict: 'attack', campaign: 'c1', score: 0.9 });
    const r = await app.inject({ method: 'GET', url: '/envoy/x', headers: { authorization: 'Bearer sk-bad' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-moat-action']).toBe('block');
    expect(r.headers['x-moat-shadow']).toBe('1');
  });
});

describe('nginx auth_request endpoint', () => {
  it('2xx allow; every refusal is a 403 carrying the real action and status', async () => {
    const { app, store, keys } = testApp({ policy: 'limits:\n  account: {requests_per_second: 1, burst: 1}' });
    await store.setVerdict(keys.fromRawKey('sk-bad'), { verdict: 'attack', campaign: null, score: 0.9 });
    await store.setVerdict(keys.fromRawKey('sk-slow'), { verdict: 'suspect', campaign: null, score: 0.5 });
    let r = await app.inject({ method: 'GET', url: '/nginx/auth', headers: { authorization: 'Bearer sk-ok' } });
    expect(r.statusCode).toBe(204);
    r = await app.inject({ method: 'GET', url: '/nginx/auth', headers: { authorization: 'Bearer sk-bad' } });
    expect(r.statusCode).toBe(403);
    expect(r.headers['x-moat-action']).toBe('block');
    expect(r.headers['x-moat-status']).toBe('403');
    await app.inject({ method: 'GET', url: '/nginx/auth', headers: { authorization: 'Bearer sk-slow' } });
    r = await app.inject({ method: 'GET', url: '/nginx/auth', headers: { authorization: 'Bearer sk-slow' } });
    expect(r.statusCode).toBe(403);
    expect(r.headers['x-moat-action']).toBe('throttle');
    expect(r.headers['x-moat-status']).toBe('429');
    expect(r.headers['retry-after']).toBe('1');
    r = await app.inject({ method: 'GET', url: '/nginx/auth' });
    expect(r.statusCode).toBe(401);
  });
});
