/**
 * Envoy is not packaged for Debian, so this test replays what the example config
 * (docs/integrations/envoy.yaml) makes Envoy send, per the ext_authz v3 HttpService docs:
 * the original method, path_prefix + original path, Host/Method/Path/Content-Length(0)/
 * Authorization plus `allowed_headers`, no body. 200 = allowed; other statuses are denials
 * passed to the client with the headers that match `allowed_client_headers`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testApp } from './testing.js';

const conf = parse(readFileSync(new URL('../../docs/integrations/envoy.yaml', import.meta.url), 'utf8'));
const hcm = conf.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const authz = hcm.http_filters.find((f: { name: string }) => f.name === 'envoy.filters.http.ext_authz').typed_config;
const prefix: string = authz.http_service.path_prefix;
type Matcher = { exact?: string; prefix?: string };
const matches = (ms: Matcher[], h: string) => ms.some((m) => (m.exact !== undefined ? m.exact === h : h.startsWith(m.prefix ?? '\0')));

/** The check request Envoy builds from a client request, per the config. */
function checkRequest(method: 'GET' | 'POST', path: string, clientHeaders: Record<string, string>) {
  const allowed: Matcher[] = authz.allowed_headers.patterns;
  const headers: Record<string, string> = { host: 'llm.example.com', 'content-length': '0' };
  for (const [k, v] of Object.entries(clientHeaders)) {
    if (k === 'authorization' || matches(allowed, k)) headers[k] = v;
  }
  return { method, url: prefix + path, headers };
}

/** What the client sees of a denial: status, body and only the allowed client headers. */
function clientView(r: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  const allowed: Matcher[] = authz.http_service.authorization_response.allowed_client_headers.patterns;
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => matches(allowed, k)));
  return { status: r.statusCode, headers, body: r.body };
}

describe('Envoy ext_authz example config against moat serve', () => {
  it('config wires ext_authz → cluster moat with the /envoy prefix before the router', () => {
    expect(authz['@type']).toBe('type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz');
    expect(prefix).toBe('/envoy');
    expect(authz.http_service.server_uri.cluster).toBe('moat');
    expect(conf.static_resources.clusters.map((c: { name: string }) => c.name)).toContain('moat');
    expect(hcm.http_filters.at(-1).name).toBe('envoy.filters.http.router');
  });

  it('allowed: 200, decision headers would be copied upstream', async () => {
    const { app } = testApp();
    const r = await app.inject(checkRequest('POST', '/v1/chat/completions', { 'x-api-key': 'sk-ok', 'content-type': 'application/json' }));
    expect(r.statusCode).toBe(200);
    const up: Matcher[] = authz.http_service.authorization_response.allowed_upstream_headers.patterns;
    expect(Object.keys(r.headers).filter((h) => matches(up, h)).sort()).toEqual(['x-moat-action', 'x-moat-code', 'x-moat-verdict']);
  });

  it('campaign block and campaign throttle reach the client as 403 / 429 with code and Retry-After', async () => {
    const { app, store, keys } = testApp({ policy: 'limits:\n  account: {}\n  campaign: {requests_per_second: 0.1, burst: 1}' });
    await store.setVerdict(keys.fromRawKey('sk-a'), { verdict: 'attack', campaign: 'camp-1', score: 0.9 });
    await store.setVerdict(keys.fromRawKey('sk-s1'), { verdict: 'suspect', campaign: 'camp-2', score: 0.6 });
    await store.setVerdict(keys.fromRawKey('sk-s2'), { verdict: 'suspect', campaign: 'camp-2', score: 0.6 });

    const blocked = clientView(await app.inject(checkRequest('POST', '/v1/messages', { authorization: 'Bearer sk-a' })));
    expect(blocked.status).toBe(403);
    expect(blocked.headers['x-moat-code']).toBe('MOAT_BLOCK_CAMPAIGN');
    expect(JSON.parse(blocked.body).error.code).toBe('MOAT_BLOCK_CAMPAIGN');

    expect((await app.inject(checkRequest('POST', '/v1/messages', { 'x-api-key': 'sk-s1' }))).statusCode).toBe(200);
    const throttled = clientView(await app.inject(checkRequest('POST', '/v1/messages', { 'x-api-key': 'sk-s2' })));
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('10');
    expect(throttled.headers['x-moat-code']).toBe('MOAT_THROTTLE_CAMPAIGN_REQUESTS');
  });

  it('headers Envoy does not forward are not used (a key only in a non-allowed header is no identity)', async () => {
    const { app } = testApp();
    const r = await app.inject(checkRequest('GET', '/v1/models', { 'x-other-key': 'sk-zzz' }));
    expect(r.statusCode).toBe(401);
  });
});
