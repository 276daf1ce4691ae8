/**
 * openai-chat: OpenAI Chat Completions request/response pairs → exchanges.
 * Record: `{request, response, metadata?}` where `request` is the POST /v1/chat/completions body,
 * `response` the `chat.completion` object or, for a streamed call, the array of
 * `chat.completion.chunk` objects; `metadata` carries the caller (account, key, ts, ip, ...).
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import type { EnvelopeMeta } from '../shared/envelope.js';
import { callerFields, readEnvelope } from '../shared/envelope.js';
import type { AdapterOptions } from '../shared/options.js';
import { accountOverride } from '../shared/options.js';
import type { Json } from '../shared/read.js';
import { asRecord, compact, derivedId, optCount, optRecord, optString, requireAccount, toIsoTs } from '../shared/read.js';
import type { ChatResult } from './body.js';
import { readChunks, readMessages, readResponse, readTools } from './body.js';

export const NAME = 'openai-chat';

/**
 * Build the openai-chat adapter.
 * @example createOpenAIChatAdapter().convert({ request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
 *   response: { id: 'chatcmpl-1', created: 1700000000, choices: [] }, metadata: { account: 'acct_1' } })
 */
export function createOpenAIChatAdapter(options?: AdapterOptions): Adapter {
  return {
    name: NAME,
    description: 'OpenAI Chat Completions {request, response, metadata} pairs; streamed chunk arrays accepted',
    convert(record: unknown): Exchange[] {
      const { request, response, meta } = readEnvelope(record);
      const transcript = readMessages(request);
      const result = response === undefined ? {} : Array.isArray(response) ? readChunks(response) : readResponse(response);
      const usage = result.usage;
      const details = usage !== undefined ? optRecord(usage, 'completion_tokens_details', 'usage.completion_tokens_details') : undefined;
      const reasoningTokens = details !== undefined ? optCount(details, 'reasoning_tokens', 'usage.completion_tokens_details.reasoning_tokens') : undefined;
      const effort = optString(request, 'reasoning_effort', 'request.reasoning_effort');
      const ts = meta.ts ?? (result.created !== undefined ? toIsoTs(result.created, 'response.created') : undefined);
      if (ts === undefined) throw new AdapterError('ts', 'no timestamp in record (metadata.ts or response.created)');
      const account = requireAccount([
        accountOverride(asRecord(record, 'record'), options),
        meta.account,
        optString(request, 'user', 'request.user'),
        optString(request, 'safety_identifier', 'request.safety_identifier'),
      ]);
      const exchange = compact({
        id: meta.id ?? result.id ?? derivedId('oc', record),
        ts,
        account,
        messages: transcript.messages,
        system: transcript.system,
        model: optString(request, 'model', 'request.model') ?? result.model,
        tools: readTools(request),
        max_tokens:
          optCount(request, 'max_completion_tokens', 'request.max_completion_tokens') ??
          optCount(request, 'max_tokens', 'request.max_tokens'),
        reasoning: effort !== undefined ? effort !== 'none' : reasoningTokens !== undefined && reasoningTokens > 0 ? true : undefined,
        output: result.output,
        input_tokens: usage !== undefined ? optCount(usage, 'prompt_tokens', 'usage.prompt_tokens') : undefined,
        output_tokens: usage !== undefined ? optCount(usage, 'completion_tokens', 'usage.completion_tokens') : undefined,
        reasoning_tokens: reasoningTokens,
        ...callerFields(meta),
        source: sourceOf(request, result, meta, effort),
      }) as Exchange;
      return [exchange];
    },
  };
}

function sourceOf(request: Json, result: ChatResult, meta: EnvelopeMeta, effort: string | undefined): Json {
  return compact({
    format: NAME,
    stream: request.stream === true ? true : undefined,
    reasoning_effort: effort,
    response_model: result.model,
    finish_reason: result.finishReason,
    choices: result.choices !== undefined && result.choices > 1 ? result.choices : undefined,
    error: result.error,
    metadata: meta.extra,
  });
}

/** The registered instance (defaults only). */
export const openAIChatAdapter: Adapter = createOpenAIChatAdapter();
