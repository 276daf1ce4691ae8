/**
 * The request lifecycle of one proxied call, on node:http with an undici Pool upstream:
 * route → identify (API key → account) → read body (bounded) and parse it once → decide
 * (enforcer: verdict policy + per-account and per-campaign buckets) → forward → stream the
 * response back chunk by chunk (teeing the bytes for the exchange log; rewriting events only
 * when reasoning is withheld) → hand the finished exchange to the recorder (off the hot path).
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher, Pool } from 'undici';
import type { Logger } from 'pino';
import { hashKey } from '../core/key-hash.js';
import { effectiveAction, type Decision, type Enforcer } from '../enforce/index.js';
import { catalogError, classifyUpstreamError, sendError, upstreamError } from './errors.js';
import type { KeyMap } from './keys.js';
import { keyFromHeaders } from './keys.js';
import type { GatewayMetrics } from './metrics.js';
import { providerFor } from './providers/index.js';
import type { Json, Provider } from './providers/provider.js';
import type { Recorder } from './recorder.js';
import { SseTransform } from './sse.js';

export interface ProxyOptions {
  pool: Pool;
  /** Path prefix of the upstream base URL ('' for `http://host:port`). */
  upstreamBasePath: string;
  enforcer: Enforcer;
  /** Key → account map; without one every key is its own account (its hash). */
  keys?: KeyMap;
  keySecret: string;
  recorder?: Recorder;
  metrics: GatewayMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** Response bytes kept for the exchange log; beyond it the response is forwarded but not recorded. */
  maxRecordBytes: number;
  /** Headers set on every upstream request (e.g. the operator's own upstream key). */
  upstreamHeaders?: Record<string, string>;
  /** Take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  now: () => number;
  newId: () => string;
}

const HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'accept-encoding']);
const HOP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function upstreamRequestHeaders(h: IncomingHttpHeaders, length: number, extra?: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined && !HOP.has(k)) out[k] = v;
  }
  out['content-length'] = String(length);
  if (extra) for (const k in extra) out[k.toLowerCase()] = extra[k];
  return out;
}

function responseHeaders(h: Dispatcher.ResponseData['headers'], dropLength: boolean, requestId: string, decision: Decision): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k in h) {
    const v = h[k];
    if (v === undefined || HOP_RESPONSE.has(k) || (dropLength && k === 'content-length')) continue;
    out[k] = v;
  }
  out['x-moat-request-id'] = requestId;
  if (decision.code !== 'MOAT_ALLOW') out['x-moat-code'] = decision.code;
  return out;
}

/** Everything known about the request once it is accepted. */
interface Accepted {
  provider: Provider;
  id: string;
  ts: number;
  t0: number;
  account: string;
  keyHash: string;
  request: Json;
  body: Buffer;
  decision: Decision;
  ip: string | undefined;
  userAgent: string | undefined;
}

/**
 * @example
 * const handle = createProxyHandler({ pool, upstreamBasePath: '', enforcer, keySecret, metrics, logger, … });
 * http.createServer(handle).listen(8080);
 */
export function createProxyHandler(o: ProxyOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const log = o.logger;

  function reject(res: ServerResponse, provider: Provider | undefined, code: string, id: string, close = false, extra = {}): void {
    const err = catalogError(code, extra);
    o.metrics.request(provider?.name ?? 'none', err.status);
    sendError(res, provider, err, id, close);
  }

  return function handle(req, res) {
    const id = o.newId();
    const provider = providerFor(req.url ?? '/');
    if (!provider || req.method !== 'POST') return reject(res, provider, 'MOAT_ROUTE_NOT_FOUND', id);
    const rawKey = keyFromHeaders(req.headers);
    if (rawKey === undefined) return reject(res, provider, 'MOAT_NO_IDENTITY', id);
    let account: string;
    let keyHash: string;
    if (o.keys) {
      const hit = o.keys.accountOf(rawKey);
      if (!hit) {
        log.debug({ id, route: provider.name }, 'unknown api key');
        return reject(res, provider, 'MOAT_UNKNOWN_KEY', id);
      }
      ({ account, keyHash } = hit);
    } else {
      keyHash = hashKey(rawKey, o.keySecret);
      account = keyHash;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > o.maxBodyBytes) return reject(res, provider, 'MOAT_BODY_TOO_LARGE', id, true);

    const ts = o.now();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > o.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        reject(res, provider, 'MOAT_BODY_TOO_LARGE', id, true);
        // Stop buffering; close the connection once the 413 is flushed.
        res.once('finish', () => req.destroy());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge || res.writableEnded) return;
      const t0 = performance.now();
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      let request: unknown;
      try {
        request = JSON.parse(body.toString('utf8'));
      } catch {
        request = undefined;
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        return reject(res, provider, 'MOAT_BAD_REQUEST', id, false, { message: 'Request body must be a JSON object.' });
      }
      const forwarded = req.headers['x-forwarded-for'];
      const ip = o.trustProxy && typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : req.socket.remoteAddress;
      const ua = req.headers['user-agent'];
      o.enforcer.decide({ account, now: ts, estimatedOutputTokens: provider.maxTokens(request as Json) }).then(
        (decision) => {
          const a: Accepted = { provider, id, ts, t0, account, keyHash, request: request as Json, body, decision, ip, userAgent: ua };
          onDecision(req, res, a, body);
        },
        (err: unknown) => {
          log.error({ id, err: (err as Error).message }, 'enforcer failed');
          reject(res, provider, 'MOAT_STORE_DOWN_CLOSED', id);
        },
      );
    });
  };

  function onDecision(req: IncomingMessage, res: ServerResponse, a: Accepted, body: Buffer): void {
    const d = a.decision;
    o.metrics.decision(d.action, d.code);
    const action = effectiveAction(d);
    if (action !== 'allow' && action !== 'withhold_reasoning') {
      const err = { status: d.status, code: d.code, message: d.reason, appealUrl: d.appealUrl, retryAfterSeconds: d.retryAfterSeconds };
      o.metrics.request(a.provider.name, d.status);
      log.debug({ id: a.id, account: a.account, action, code: d.code }, 'refused');
      sendError(res, a.provider, err, a.id);
      return;
    }
    if (res.destroyed) return;
    const withhold = action === 'withhold_reasoning';
    // undici takes an EventEmitter as the abort signal: cheaper than an AbortController per request.
    const signal = new EventEmitter();
    let done = false;
    let clientGone = false;
    res.on('close', () => {
      if (!done) {
        done = true;
        clientGone = true;
        o.metrics.upstreamError('aborted_by_client');
        signal.emit('abort');
      }
    });
    const headers = upstreamRequestHeaders(req.headers, body.length, o.upstreamHeaders);
    o.metrics.addedLatency((performance.now() - a.t0) / 1000);
    o.pool
      .request({ path: o.upstreamBasePath + (req.url ?? '/'), method: 'POST', headers, body, signal })
      .then(
        (up) => relay(res, a, up, withhold, () => (done = true)),
        (err: unknown) => {
          if (clientGone) return;
          done = true;
          const kind = classifyUpstreamError(err);
          o.metrics.upstreamError(kind);
          log.warn({ id: a.id, kind, code: (err as { code?: string }).code }, 'upstream request failed');
          const e = upstreamError(kind);
          o.metrics.request(a.provider.name, e.status);
          sendError(res, a.provider, e, a.id);
          finish(a, e.status, false, null);
        },
      );
  }

  function finish(a: Accepted, status: number, sse: boolean, chunks: Buffer[] | null): void {
    if (!o.recorder) return;
    o.recorder.enqueue({
      provider: a.provider,
      request: a.request,
      requestBytes: a.body,
      id: a.id,
      ts: a.ts,
      account: a.account,
      keyHash: a.keyHash,
      ip: a.ip,
      userAgent: a.userAgent,
      status,
      latencyMs: Math.round((performance.now() - a.t0) * 100) / 100,
      sse,
      chunks,
    });
  }

  function relay(res: ServerResponse, a: Accepted, up: Dispatcher.ResponseData, withhold: boolean, markDone: () => void): void {
    const status = up.statusCode;
    const ctype = up.headers['content-type'];
    const sse = typeof ctype === 'string' && ctype.includes('text/event-stream');
    const rewrite = withhold && status < 400;
    const src = up.body;
    let kept: Buffer[] | null = o.recorder ? [] : null;
    let keptBytes = 0;
    const keep = (c: Buffer): void => {
      if (kept === null) return;
      keptBytes += c.length;
      if (keptBytes > o.maxRecordBytes) kept = null;
      else kept.push(c);
    };
    const fail = (err: unknown): void => {
      markDone();
      if (res.destroyed) return;
      const kind = classifyUpstreamError(err);
      o.metrics.upstreamError(kind);
      log.warn({ id: a.id, kind }, 'upstream failed mid-response');
      if (res.headersSent) res.destroy();
      else sendError(res, a.provider, upstreamError(kind), a.id);
    };
    src.on('error', fail);

    if (rewrite && !sse) {
      // A whole JSON body must be parsed to remove reasoning: buffer it (bounded by maxRecordBytes).
      const parts: Buffer[] = [];
      let n = 0;
      src.on('data', (c: Buffer) => {
        n += c.length;
        if (n > o.maxRecordBytes) return fail(Object.assign(new Error('response too large to filter'), { code: 'RESPONSE_TOO_LARGE' }));
        parts.push(c);
      });
      src.on('end', () => {
        markDone();
        const raw = Buffer.concat(parts);
        let out: Buffer = raw;
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'));
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) out = Buffer.from(JSON.stringify(a.provider.withholdJson(parsed as Json)));
        } catch {
          out = raw;
        }
        const h = responseHeaders(up.headers, true, a.id, a.decision);
        h['content-length'] = String(out.length);
        res.writeHead(status, h);
        res.end(out);
        o.metrics.request(a.provider.name, status);
        finish(a, status, false, o.recorder ? [raw] : null);
      });
      return;
    }

    res.writeHead(status, responseHeaders(up.headers, rewrite, a.id, a.decision));
    const transform = rewrite ? new SseTransform(a.provider.withholdStream()) : null;
    src.on('data', (c: Buffer) => {
      keep(c);
      let ok: boolean;
      if (transform) {
        const out = transform.push(c);
        ok = out.length === 0 ? true : res.write(out);
      } else ok = res.write(c);
      if (!ok) {
        src.pause();
        res.once('drain', () => src.resume());
      }
    });
    src.on('end', () => {
      markDone();
      if (transform) {
        const rest = transform.end();
        if (rest.length > 0) res.write(rest);
      }
      res.end();
      o.metrics.request(a.provider.name, status);
      finish(a, status, sse, kept);
    });
  }
}
