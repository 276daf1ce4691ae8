/**
 * OpenAI Chat Completions (POST /v1/chat/completions) and Responses (POST /v1/responses).
 * Reasoning that is withheld: Chat Completions `reasoning_content` / `reasoning` /
 * `reasoning_details` on messages and stream deltas (returned by several OpenAI-compatible
 * providers); Responses `reasoning` output items and every `response.reasoning_*` stream event.
 */
import { createOpenAIChatAdapter } from '../../ingest/adapters/openai-chat/openai-chat.js';
import { createOpenAIResponsesAdapter } from '../../ingest/adapters/openai-responses/openai-responses.js';
import type { SseRewrite } from '../sse.js';
import { Removed, count, isJson, type GatewayError, type Json, type Provider } from './provider.js';

const CHAT_REASONING_FIELDS = ['reasoning_content', 'reasoning', 'reasoning_details'] as const;

function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/**
 * `{error: {message, type, param, code}}`, the shape the OpenAI SDKs read; Moat adds
 * `appeal_url` and `retry_after_seconds` inside `error` when it has them.
 * @example openAIErrorBody({ status: 429, code: 'MOAT_THROTTLE_ACCOUNT_REQUESTS', message: 'slow down' }).error
 * // { message: 'slow down', type: 'rate_limit_error', param: null, code: 'MOAT_THROTTLE_ACCOUNT_REQUESTS' }
 */
export function openAIErrorBody(err: GatewayError): Json {
  const error: Json = { message: err.message, type: openAIErrorType(err.status), param: null, code: err.code };
  if (err.appealUrl) error.appeal_url = err.appealUrl;
  if (err.retryAfterSeconds !== undefined) error.retry_after_seconds = err.retryAfterSeconds;
  return { error };
}

function stripChatFields(target: unknown): boolean {
  if (!isJson(target)) return false;
  let changed = false;
  for (const f of CHAT_REASONING_FIELDS) {
    if (f in target) {
      delete target[f];
      changed = true;
    }
  }
  return changed;
}

/**
 * Remove reasoning fields from a `chat.completion` or a `chat.completion.chunk` (mutates).
 * @example withholdChat({ choices: [{ message: { content: 'hi', reasoning_content: 'think' } }] })
 * // { choices: [{ message: { content: 'hi' } }] }
 */
export function withholdChat(body: Json): Json {
  if (Array.isArray(body.choices)) {
    for (const c of body.choices) {
      if (!isJson(c)) continue;
      stripChatFields(c.message);
      stripChatFields(c.delta);
    }
  }
  return body;
}

function chatStream(): SseRewrite {
  return (data) => {
    if (!Array.isArray(data.choices)) return undefined;
    let changed = false;
    for (const c of data.choices) if (isJson(c)) changed = stripChatFields(c.message) || stripChatFields(c.delta) || changed;
    return changed ? data : undefined;
  };
}

const isReasoningItem = (item: unknown): boolean => isJson(item) && item.type === 'reasoning';

/**
 * Remove `reasoning` items from a Responses `response` object (mutates).
 * @example withholdResponses({ output: [{ type: 'reasoning' }, { type: 'message' }] }).output // [{ type: 'message' }]
 */
export function withholdResponses(body: Json): Json {
  if (Array.isArray(body.output) && body.output.some(isReasoningItem)) body.output = body.output.filter((i) => !isReasoningItem(i));
  return body;
}

/**
 * Stream rewrite for the Responses API: drops reasoning items and `response.reasoning_*` events,
 * renumbers `output_index` of later items so SDK snapshot assembly stays consistent, and strips
 * reasoning items from the `response` carried by lifecycle events (created/completed/...).
 */
function responsesStream(): SseRewrite {
  const removed = new Removed();
  return (data) => {
    const type = typeof data.type === 'string' ? data.type : '';
    if (type.startsWith('response.reasoning')) return null;
    const idx = count(data.output_index);
    if ((type === 'response.output_item.added' || type === 'response.output_item.done') && isReasoningItem(data.item)) {
      if (idx !== undefined) removed.add(idx);
      return null;
    }
    if (idx !== undefined) {
      if (removed.has(idx)) return null;
      if (removed.size > 0) return { ...data, output_index: removed.shift(idx) };
      return undefined;
    }
    if (isJson(data.response) && Array.isArray(data.response.output) && data.response.output.some(isReasoningItem)) {
      return { ...data, response: withholdResponses({ ...data.response }) };
    }
    return undefined;
  };
}

/** Chat Completions. */
export const openAIChat: Provider = {
  name: 'openai-chat',
  path: '/v1/chat/completions',
  adapter: createOpenAIChatAdapter(),
  errorBody: openAIErrorBody,
  maxTokens: (r) => count(r.max_completion_tokens) ?? count(r.max_tokens),
  withholdJson: withholdChat,
  withholdStream: chatStream,
};

/** Responses. */
export const openAIResponses: Provider = {
  name: 'openai-responses',
  path: '/v1/responses',
  adapter: createOpenAIResponsesAdapter(),
  errorBody: openAIErrorBody,
  maxTokens: (r) => count(r.max_output_tokens),
  withholdJson: withholdResponses,
  withholdStream: responsesStream,
};
