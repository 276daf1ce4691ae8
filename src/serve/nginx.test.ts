/**
 * End-to-end through a REAL nginx (Debian /usr/sbin/nginx) running docs/integrations/nginx.conf:
 * client → nginx (auth_request → moat serve) → a tiny upstream. Fails (never skips) when nginx
 * is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.js';
import { freePort } from '../store/redis-harness.js';
import { StoreUnavailableError, type StateStore } from '../store/store.js';
import { testApp } from './testing.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

let dir = '';
let nginx: ChildProcess | null = null;
let upstream: Server;
let base = '';
// A store that can be switched off, to see fail-closed through nginx.
const memory = createMemoryStore();
let storeDown = false;
const switchable: StateStore = {
  ...memory,
  lookup: (account) => (storeDown ? Promise.reject(new StoreUnavailableError('down')) : memory.lookup(account)),
};
const ctx = testApp({
  store: switchable,
  policy: 'fail_mode: closed\nappeal_url: https://example.com/appeal\nlimits:\n  account: {requests_per_second: 0.2, burst: 2}\n  campaign: {}',
});

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > end) throw new Error(`nginx did not answer at ${url}; see ${join(dir, 'error.log')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

beforeAll(async () => {
  if (!NGINX) throw new Error('nginx not found in /usr/sbin or /usr/bin; install it with scripts/ensure-deps.sh --servers');
  upstream = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ upstream: true, path: req.url, moat_code: req.headers['x-moat-code'] ?? null }));
  });
  const upPort = await freePort();
  await new Promise<void>((r) => upstream.listen(upPort, '127.0.0.1', r));
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const moatPort = (ctx.app.server.address() as { port: number }).port;
  // Warm the decision route once (cold JIT on a loaded machine can exceed nginx's read timeout).
  await fetch(`http://127.0.0.1:${moatPort}/nginx/auth`, { headers: { authorization: 'Bearer warm-up' } });
  const ngPort = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'moat-nginx-'));
  const conf = readFileSync(new URL('../../docs/integrations/nginx.conf', import.meta.url), 'utf8')
    .replace('127.0.0.1:8080', `127.0.0.1:${ngPort}`)
    .replace('127.0.0.1:8787', `127.0.0.1:${moatPort}`)
    .replace('127.0.0.1:4000', `127.0.0.1:${upPort}`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  nginx = spawn(NGINX, ['-p', dir + '/', '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (b) => (stderr += String(b)));
  nginx.once('exit', (code) => {
    if (code) stderr += `\n(nginx exited ${code})`;
  });
  base = `http://127.0.0.1:${ngPort}`;
  try {
    await waitFor(base + '/', 5000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  const { store, keys } = ctx;
  await store.setVerdict(keys.fromRawKey('sk-fleet-bad'), { verdict: 'attack', campaign: 'camp-1', score: 0.95 });
  await store.setVerdict(keys.fromRawKey('sk-slow'), { verdict: 'suspect', campaign: null, score: 0.5 });
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    await new Promise<void>((resolve) => {
      nginx!.once('exit', () => resolve());
      nginx!.kill('SIGQUIT');
    });
  }
  await ctx.app.close();
  await new Promise<void>((r) => (upstream ? upstream.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = (key: string | null) =>
  fetch(base + '/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('nginx auth_request → moat serve (real nginx)', () => {
  it('allowed requests reach the upstream, with the decision code passed along', async () => {
    const r = await post('sk-good');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ upstream: true, path: '/v1/chat/completions', moat_code: 'MOAT_ALLOW' });
  });

  it('campaign accounts are refused with 403, reason code and appeal URL; upstream not reached', async () => {
    const r = await post('sk-fleet-bad');
    expect(r.status).toBe(403);
    expect(r.headers.get('x-moat-code')).toBe('MOAT_BLOCK_CAMPAIGN');
    const j = await r.json();
    expect(j).toEqual({ error: { type: 'permission_error', code: 'MOAT_BLOCK_CAMPAIGN', appeal_url: 'https://example.com/appeal' } });
  });

  it('throttled accounts get 429 with Retry-After after their burst', async () => {
    const statuses = [];
    let last: Response | null = null;
    for (let i = 0; i < 4; i++) {
      last = await post('sk-slow');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(last!.headers.get('retry-after')).toBe('5');
    expect((await last!.json()).error.code).toBe('MOAT_THROTTLE_ACCOUNT_REQUESTS');
  });

  it('store down with fail_mode closed: 503 with MOAT_STORE_DOWN_CLOSED and Retry-After', async () => {
    storeDown = true;
    try {
      const r = await post('sk-good');
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('1');
      expect((await r.json()).error.code).toBe('MOAT_STORE_DOWN_CLOSED');
    } finally {
      storeDown = false;
    }
    expect((await post('sk-good')).status).toBe(200);
  });

  it('requests without a key get 401', async () => {
    const r = await post(null);
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe('MOAT_NO_IDENTITY');
  });
});
