import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './testing/harness.js';

const KEY = 'sk-test-alice-0001';
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
const post = (path: string, b: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(stack!.url + path, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, body: b, signal });

/** Open a raw socket, send `parts` with `gapMs` between them; resolve with what came back and when the socket closed. */
function trickle(port: number, parts: string[], gapMs: number): Promise<{ data: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = connect(port, '127.0.0.1');
    let data = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < parts.length && !sock.destroyed) sock.write(parts[i++]);
    }, gapMs);
    sock.on('data', (d) => (data += d.toString()));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      resolve({ data, closedAfterMs: performance.now() - t0 });
    });
  });
}

describe('gateway robustness', () => {
  it('cancels the upstream request when the client disconnects mid-stream', async () => {
    stack = await startStack();
    const ac = new AbortController();
    const res = await post('/v1/chat/completions', body({ stream: true }), { 'x-mock-chunk-delay-ms': '100' }, ac.signal);
    const reader = res.body!.getReader();
    await reader.read();
    const before = stack.mock.aborted;
    const aborted = stack.mock.waitForAbort(before);
    ac.abort();
    await aborted;
    expect(stack.mock.aborted).toBe(before + 1);
    const m = await (await fetch(stack.url + '/metrics')).text();
    expect(m).toContain('moat_gateway_upstream_errors_total{kind="aborted_by_client"} 1');
  });

  it('answers 502 when the upstream refuses connections', async () => {
    stack = await startStack({ upstream: 'http://127.0.0.1:1' });
    const res = await post('/v1/chat/completions', body());
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MOAT_UPSTREAM_UNREACHABLE');
  });

  it('answers 504 when the upstream does not answer in time, in the Anthropic shape on /v1/messages', async () => {
    stack = await startStack({ gateway: { upstreamHeadersTimeoutMs: 200 } });
    const res = await fetch(stack.url + '/v1/messages', { method: 'POST', headers: { 'x-api-key': KEY, 'x-mock-hang': '1' }, body: body({ max_tokens: 5 }) });
    expect(res.status).toBe(504);
    const b = (await res.json()) as { type: string; error: { type: string; code: string } };
    expect(b).toMatchObject({ type: 'error', error: { type: 'api_error', code: 'MOAT_UPSTREAM_TIMEOUT' } });
  });

  it('passes upstream 4xx and 5xx through as is', async () => {
    stack = await startStack();
    for (const status of [400, 429, 500, 503]) {
      const direct = await (await fetch(stack.mock.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-mock-status': String(status) }, body: body() })).text();
      const res = await post('/v1/chat/completions', body(), { 'x-mock-status': String(status) });
      expect(res.status).toBe(status);
      expect(await res.text()).toBe(direct);
    }
  });

  it('cuts the client connection when the upstream breaks mid-stream', async () => {
    stack = await startStack();
    const res = await post('/v1/messages', body({ stream: true, max_tokens: 5 }), { 'x-mock-break': '1', 'x-api-key': KEY });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('answers 413 for a declared or streamed body over the limit, without calling upstream', async () => {
    stack = await startStack({ gateway: { maxBodyBytes: 1024 } });
    const big = body({ pad: 'x'.repeat(5000) });
    const declared = await post('/v1/chat/completions', big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('MOAT_BODY_TOO_LARGE');
    // Chunked (no content-length): counted while reading.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(500)));
        c.close();
      },
    });
    const chunked = await fetch(stack.url + '/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('drops a client that trickles its headers (slowloris) after the headers timeout', async () => {
    stack = await startStack({ gateway: { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckIntervalMs: 50 } });
    const port = Number(new URL(stack.url).port);
    const parts = ['POST /v1/chat/completions HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: y\r\n`)];
    const r = await trickle(port, parts, 50);
    expect(r.closedAfterMs).toBeLessThan(1500);
    expect(r.data).toMatch(/^HTTP\/1.1 408/);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('drops a client that trickles its body after the request timeout', async () => {
    stack = await startStack({ gateway: { headersTimeoutMs: 300, requestTimeoutMs: 500, timeoutCheckIntervalMs: 50 } });
    const port = Number(new URL(stack.url).port);
    const head = `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Length: 1000\r\n\r\n`;
    const r = await trickle(port, [head, ...Array.from({ length: 60 }, () => 'x')], 40);
    expect(r.closedAfterMs).toBeLessThan(2000);
    expect(r.data).toMatch(/^HTTP\/1.1 408/);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('never writes a raw API key to the logs or the exchange log', async () => {
    stack = await startStack({ logLevel: 'debug', gateway: { upstreamHeadersTimeoutMs: 200 } });
    const unknown = 'sk-live-SECRET-never-log-me';
    await (await post('/v1/chat/completions', body())).text();
    await (await fetch(stack.url + '/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${unknown}` }, body: body() })).text();
    await (await post('/v1/chat/completions', body(), { 'x-mock-hang': '1' })).text();
    await (await post('/v1/chat/completions', body(), { 'x-mock-status': '500' })).text();
    await stack.recorder.flush();
    const logs = stack.logs.join('');
    expect(stack.logs.length).toBeGreaterThan(0); // something was logged (debug lines, the timeout warning)
    expect(logs).toContain('upstream request failed');
    for (const secret of [KEY, unknown]) {
      expect(logs).not.toContain(secret);
      expect(stack.lines.join('\n')).not.toContain(secret);
    }
  });
});
