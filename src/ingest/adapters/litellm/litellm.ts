/**
 * litellm: LiteLLM proxy StandardLoggingPayload records (one payload a line, as its s3/gcs/
 * generic-api/custom-callback loggers write them) → exchanges.
 * The caller comes from the virtual key's owner (`metadata.user_api_key_user_id`, then team,
 * then org, then the self-declared `end_user`); the key is LiteLLM's own hash of the virtual key.
 */
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import type { ChatResult } from '../openai-chat/body.js';
import { readMessages, readResponse, readTools } from '../openai-chat/body.js';
import type { AdapterOptions } from '../shared/options.js';
import { accountOverride } from '../shared/options.js';
import type { Json } from '../shared/read.js';
import { asRecord, compact, isRecord, optBool, optCount, optId, optNumber, optRecord, optString, requireAccount, toIsoTs } from '../shared/read.js';
import { Transcript, contentText } from '../shared/render.js';

export const NAME = 'litellm';

/** Call types that are not a conversation turn (embeddings, images, audio, moderation). */
const NON_CHAT = /embedding|image|moderation|transcription|speech|rerank|file|batch/;
/** What LiteLLM writes in place of messages/response when message logging is turned off. */
const REDACTED = 'redacted-by-litellm';

/**
 * Build the litellm adapter.
 * @example createLiteLLMAdapter().convert({ id: 'c1', call_type: 'acompletion', startTime: 1700000000.5,
 *   model: 'gpt-4o', messages: [], metadata: { user_api_key_user_id: 'u1' } })
 */
export function createLiteLLMAdapter(options?: AdapterOptions): Adapter {
  return {
    name: NAME,
    description: 'LiteLLM StandardLoggingPayload, one payload a line',
    convert(record: unknown): Exchange[] {
      let p = asRecord(record, 'record');
      if (isRecord(p.standard_logging_object)) p = p.standard_logging_object; // a logged kwargs dict
      const callType = optString(p, 'call_type');
      if (callType !== undefined && NON_CHAT.test(callType)) return [];
      const meta = optRecord(p, 'metadata') ?? {};
      const params = optRecord(p, 'model_parameters') ?? {};
      const transcript = readPrompt(p.messages);
      const result = readResult(p.response);
      const start = p.startTime;
      const end = optNumber(p, 'endTime');
      const errorInfo = optRecord(p, 'error_information');
      const errorCode = errorInfo !== undefined ? optId(errorInfo, 'error_code', 'error_information.error_code') : undefined;
      const status = optString(p, 'status');
      const usage = result.usage;
      const details = usage !== undefined ? optRecord(usage, 'completion_tokens_details', 'response.usage.completion_tokens_details') : undefined;
      const reasoningTokens = details !== undefined ? optCount(details, 'reasoning_tokens', 'response.usage.completion_tokens_details.reasoning_tokens') : undefined;
      const effort = optString(params, 'reasoning_effort', 'model_parameters.reasoning_effort');
      const account = requireAccount([
        accountOverride(p, options),
        optString(meta, 'user_api_key_user_id', 'metadata.user_api_key_user_id'),
        optString(meta, 'user_api_key_team_id', 'metadata.user_api_key_team_id'),
        optString(meta, 'user_api_key_org_id', 'metadata.user_api_key_org_id'),
        optString(p, 'end_user') ?? optString(meta, 'user_api_key_end_user_id', 'metadata.user_api_key_end_user_id'),
      ]);
      const ts = toIsoTs(start, 'startTime');
      const startNum = typeof start === 'number' ? start : Number(start);
      const httpStatus = errorCode !== undefined && /^\d{3}$/.test(errorCode) ? Number(errorCode) : status === 'success' ? 200 : undefined;
      const exchange = compact({
        id: optId(p, 'id') ?? result.id ?? `litellm_${String(start)}`,
        ts,
        account,
        messages: transcript.messages,
        system: transcript.system,
        key: optString(meta, 'user_api_key_hash', 'metadata.user_api_key_hash'),
        ip: optString(p, 'requester_ip_address') ?? optString(meta, 'requester_ip_address', 'metadata.requester_ip_address'),
        user_agent: optString(meta, 'user_agent', 'metadata.user_agent'),
        model: optString(p, 'model') ?? result.model,
        tools: readTools(params, 'model_parameters'),
        max_tokens:
          optCount(params, 'max_completion_tokens', 'model_parameters.max_completion_tokens') ??
          optCount(params, 'max_tokens', 'model_parameters.max_tokens'),
        reasoning: effort !== undefined ? effort !== 'none' : (reasoningTokens ?? 0) > 0 ? true : undefined,
        output: result.output,
        input_tokens: optCount(p, 'prompt_tokens'),
        output_tokens: optCount(p, 'completion_tokens'),
        reasoning_tokens: reasoningTokens,
        status: httpStatus !== undefined && httpStatus >= 100 && httpStatus <= 599 ? httpStatus : undefined,
        latency_ms: end !== undefined && Number.isFinite(startNum) && end >= startNum ? Math.round((end - startNum) * 1000) : undefined,
        source: compact({
          format: NAME,
          call_type: callType,
          payload_status: status,
          stream: optBool(p, 'stream'),
          model_group: optString(p, 'model_group'),
          api_base: optString(p, 'api_base'),
          response_cost: optNumber(p, 'response_cost'),
          cache_hit: optBool(p, 'cache_hit'),
          end_user: optString(p, 'end_user'),
          team_id: optString(meta, 'user_api_key_team_id', 'metadata.user_api_key_team_id'),
          org_id: optString(meta, 'user_api_key_org_id', 'metadata.user_api_key_org_id'),
          key_alias: optString(meta, 'user_api_key_alias', 'metadata.user_api_key_alias'),
          request_tags: Array.isArray(p.request_tags) && p.request_tags.length > 0 ? p.request_tags : undefined,
          error_class: errorInfo !== undefined ? optString(errorInfo, 'error_class') : undefined,
          finish_reason: result.finishReason,
          redacted: p.messages === REDACTED || p.response === REDACTED ? true : undefined,
        }),
      }) as Exchange;
      return [exchange];
    },
  };
}

/** `messages` is a chat message list, a single prompt string, or a dict (`{messages}` or `{input}`). */
function readPrompt(messages: unknown): Transcript {
  if (messages === undefined || messages === null || messages === REDACTED) return new Transcript();
  if (typeof messages === 'string') {
    const t = new Transcript();
    t.add('user', messages);
    return t;
  }
  if (Array.isArray(messages)) return readMessages({ messages }, '');
  const m = asRecord(messages, 'messages');
  if (Array.isArray(m.messages)) return readMessages(m, 'messages');
  const t = new Transcript();
  t.add('user', contentText(m.input ?? m.prompt ?? '', 'messages.input'));
  return t;
}

/** `response` is a ModelResponse dict (OpenAI chat shape), a plain string, or absent on failure. */
function readResult(response: unknown): ChatResult {
  if (response === undefined || response === null || response === REDACTED) return {};
  if (typeof response === 'string') return { output: response };
  const r = asRecord(response, 'response');
  if (Array.isArray(r.choices)) return readResponse(r, 'response');
  // Responses-API style or other dicts: keep whatever text is directly there
  return { id: optString(r, 'id', 'response.id'), output: typeof r.output_text === 'string' ? r.output_text : undefined };
}

/** The registered instance (defaults only). */
export const liteLLMAdapter: Adapter = createLiteLLMAdapter();
