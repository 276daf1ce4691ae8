/**
 * Answering a request with an error in the API's own shape, carrying a Moat reason code, and
 * classifying upstream failures into 502 (unreachable, reset) and 504 (timeout).
 */
import type { ServerResponse } from 'node:http';
import { reasonFor } from '../core/reason-codes.js';
import type { GatewayError, Provider } from './providers/provider.js';
import { openAIErrorBody } from './providers/openai.js';

/**
 * Write an error response (JSON, API-shaped) unless headers already went out.
 * @example sendError(res, openAIChat, { status: 401, code: 'MOAT_UNKNOWN_KEY', message: 'unknown key' }, 'req_1')
 */
export function sendError(res: ServerResponse, provider: Provider | undefined, err: GatewayError, requestId: string, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify((provider?.errorBody ?? openAIErrorBody)(err));
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-moat-code': err.code,
    'x-moat-request-id': requestId,
  };
  if (err.retryAfterSeconds !== undefined) headers['retry-after'] = err.retryAfterSeconds;
  if (err.appealUrl) headers['x-moat-appeal-url'] = err.appealUrl;
  if (close) headers.connection = 'close';
  res.writeHead(err.status, headers);
  res.end(body);
}

/** A catalog error with the catalog's status and message. */
export function catalogError(code: string, extra: Partial<GatewayError> = {}): GatewayError {
  const rc = reasonFor(code);
  return { status: rc.status, code: rc.code, message: rc.message, ...extra };
}

export type UpstreamFailure = 'connect' | 'timeout' | 'reset';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * @example classifyUpstreamError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })) // 'timeout'
 */
export function classifyUpstreamError(err: unknown): UpstreamFailure {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (TIMEOUT_CODES.has(code)) return 'timeout';
      if (CONNECT_CODES.has(code)) return 'connect';
    }
    e = (e as { cause?: unknown }).cause;
  }
  return 'reset';
}

/** The catalog error for an upstream failure: 504 for timeouts, 502 otherwise. */
export function upstreamError(kind: UpstreamFailure): GatewayError {
  return catalogError(kind === 'timeout' ? 'MOAT_UPSTREAM_TIMEOUT' : 'MOAT_UPSTREAM_UNREACHABLE');
}
