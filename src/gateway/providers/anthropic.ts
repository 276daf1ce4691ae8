/**
 * Anthropic Messages (POST /v1/messages). Reasoning that is withheld: `thinking` and
 * `redacted_thinking` content blocks, in JSON and in streams (`content_block_start` of such a
 * block, its `thinking_delta` / `signature_delta` events and its `content_block_stop`); later
 * blocks' `index` is shifted down so SDK stream assembly stays consistent.
 */
import { createAnthropicAdapter } from '../../ingest/adapters/anthropic/anthropic.js';
import type { SseRewrite } from '../sse.js';
import { Removed, count, isJson, type GatewayError, type Json, type Provider } from './provider.js';

const THINKING = new Set(['thinking', 'redacted_thinking']);
const THINKING_DELTAS = new Set(['thinking_delta', 'signature_delta']);

function anthropicErrorType(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * `{type: 'error', error: {type, message}}`, the shape the Anthropic SDKs read; Moat adds `code`,
 * `appeal_url` and `retry_after_seconds` inside `error`.
 * @example anthropicErrorBody({ status: 403, code: 'MOAT_CHALLENGE', message: 'verify' }).error
 * // { type: 'permission_error', message: 'verify', code: 'MOAT_CHALLENGE' }
 */
export function anthropicErrorBody(err: GatewayError): Json {
  const error: Json = { type: anthropicErrorType(err.status), message: err.message, code: err.code };
  if (err.appealUrl) error.appeal_url = err.appealUrl;
  if (err.retryAfterSeconds !== undefined) error.retry_after_seconds = err.retryAfterSeconds;
  return { type: 'error', error };
}

const isThinking = (b: unknown): boolean => isJson(b) && typeof b.type === 'string' && THINKING.has(b.type);

/**
 * Remove thinking blocks from a `message` (mutates).
 * @example withholdMessage({ content: [{ type: 'thinking', thinking: 'x' }, { type: 'text', text: 'hi' }] }).content
 * // [{ type: 'text', text: 'hi' }]
 */
export function withholdMessage(body: Json): Json {
  if (Array.isArray(body.content) && body.content.some(isThinking)) body.content = body.content.filter((b) => !isThinking(b));
  return body;
}

function messagesStream(): SseRewrite {
  const removed = new Removed();
  return (data) => {
    if (data.type === 'content_block_start' && isThinking(data.content_block)) {
      const i = count(data.index);
      if (i !== undefined) removed.add(i);
      return null;
    }
    if (data.type === 'content_block_delta' && isJson(data.delta) && typeof data.delta.type === 'string' && THINKING_DELTAS.has(data.delta.type)) {
      return null;
    }
    if (data.type === 'message_start' && isJson(data.message) && Array.isArray(data.message.content) && data.message.content.some(isThinking)) {
      return { ...data, message: withholdMessage({ ...data.message }) };
    }
    const i = count(data.index);
    if (i === undefined || removed.size === 0) return undefined;
    if (removed.has(i)) return null;
    return { ...data, index: removed.shift(i) };
  };
}

/** Messages. */
export const anthropicMessages: Provider = {
  name: 'anthropic',
  path: '/v1/messages',
  adapter: createAnthropicAdapter(),
  errorBody: anthropicErrorBody,
  maxTokens: (r) => count(r.max_tokens),
  withholdJson: withholdMessage,
  withholdStream: messagesStream,
};
