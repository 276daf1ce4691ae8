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
import {
  asRecord,
  compact,
  derivedId,
  isRecord,
  optArray,
  optCount,
  optRecord,
  optString,
  requireAccount,
  toIsoTs,
} from '../shared/read.js';
import { Transcript, contentText, joinLines, mapRole, toolCallText, uniqueNames } from '../shared/render.js';

export const NAME = 'openai-chat';

/** What the response (whole or streamed) contributes. */
interface ChatResult {
  id?: string;
  created?: unknown;
  model?: string;
  output?: string;
  finishReason?: string;
  usage?: Json;
  choices?: number;
  error?: string;
}

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

function readMessages(request: Json): Transcript {
  const messages = optArray(request, 'messages', 'request.messages');
  if (messages === undefined) throw new AdapterError('request.messages', 'missing');
  const t = new Transcript();
  messages.forEach((raw, i) => {
    const field = `request.messages[${i}]`;
    const m = asRecord(raw, field);
    const role = mapRole(m.role, `${field}.role`);
    const calls = (optArray(m, 'tool_calls', `${field}.tool_calls`) ?? []).map((c, j) => callText(c, `${field}.tool_calls[${j}]`));
    const legacy = optRecord(m, 'function_call', `${field}.function_call`);
    if (legacy !== undefined) calls.push(toolCallText(optString(legacy, 'name') ?? 'function', legacy.arguments));
    t.add(role, joinLines([contentText(m.content, `${field}.content`), optString(m, 'refusal', `${field}.refusal`), ...calls]));
  });
  return t;
}

/** A tool call: `{type:'function', function:{name, arguments}}` or `{type:'custom', custom:{name, input}}`. */
function callText(raw: unknown, field: string): string {
  const c = asRecord(raw, field);
  const fn = optRecord(c, 'function', `${field}.function`) ?? optRecord(c, 'custom', `${field}.custom`);
  if (fn === undefined) return toolCallText(optString(c, 'type') ?? 'tool', undefined);
  return toolCallText(optString(fn, 'name', `${field}.name`) ?? 'tool', fn.arguments ?? fn.input);
}

function readTools(request: Json): string[] | undefined {
  const tools = optArray(request, 'tools', 'request.tools') ?? [];
  const names = tools.map((raw, i) => {
    const t = asRecord(raw, `request.tools[${i}]`);
    const inner = optRecord(t, 'function', `request.tools[${i}].function`) ?? optRecord(t, 'custom', `request.tools[${i}].custom`);
    return (inner !== undefined ? optString(inner, 'name', `request.tools[${i}].name`) : undefined) ?? optString(t, 'type');
  });
  const legacy = (optArray(request, 'functions', 'request.functions') ?? []).map((f, i) =>
    optString(asRecord(f, `request.functions[${i}]`), 'name', `request.functions[${i}].name`),
  );
  return uniqueNames([...names, ...legacy]);
}

function readResponse(res: Json): ChatResult {
  const error = optRecord(res, 'error', 'response.error');
  const choices = optArray(res, 'choices', 'response.choices') ?? [];
  const first = choices.length > 0 ? asRecord(choices[0], 'response.choices[0]') : undefined;
  const msg = first !== undefined ? optRecord(first, 'message', 'response.choices[0].message') : undefined;
  let output: string | undefined;
  if (msg !== undefined) {
    const calls = (optArray(msg, 'tool_calls', 'response.choices[0].message.tool_calls') ?? []).map((c, j) =>
      callText(c, `response.choices[0].message.tool_calls[${j}]`),
    );
    output = joinLines([contentText(msg.content, 'response.choices[0].message.content'), optString(msg, 'refusal'), ...calls]);
  }
  return {
    id: optString(res, 'id', 'response.id'),
    created: res.created,
    model: optString(res, 'model', 'response.model'),
    output,
    finishReason: first !== undefined ? optString(first, 'finish_reason', 'response.choices[0].finish_reason') : undefined,
    usage: optRecord(res, 'usage', 'response.usage'),
    choices: choices.length,
    error: error !== undefined ? (optString(error, 'type') ?? optString(error, 'code') ?? 'error') : undefined,
  };
}

/** Reassemble a streamed completion: concatenate choice 0's deltas; usage comes in the last chunk. */
function readChunks(chunks: unknown[]): ChatResult {
  const out: ChatResult = {};
  let text = '';
  const calls = new Map<number, { name: string; args: string }>();
  chunks.forEach((raw, i) => {
    const field = `response[${i}]`;
    const chunk = asRecord(raw, field);
    out.id ??= optString(chunk, 'id', `${field}.id`);
    out.created ??= chunk.created;
    out.model ??= optString(chunk, 'model', `${field}.model`);
    const usage = optRecord(chunk, 'usage', `${field}.usage`);
    if (usage !== undefined) out.usage = usage;
    for (const [j, rawChoice] of (optArray(chunk, 'choices', `${field}.choices`) ?? []).entries()) {
      const choice = asRecord(rawChoice, `${field}.choices[${j}]`);
      if ((choice.index ?? 0) !== 0) continue;
      out.finishReason = optString(choice, 'finish_reason') ?? out.finishReason;
      const delta = optRecord(choice, 'delta', `${field}.choices[${j}].delta`);
      if (delta === undefined) continue;
      text += contentText(delta.content, `${field}.choices[${j}].delta.content`);
      for (const [k, rawCall] of (optArray(delta, 'tool_calls') ?? []).entries()) {
        const c = asRecord(rawCall, `${field}.choices[${j}].delta.tool_calls[${k}]`);
        const idx = typeof c.index === 'number' ? c.index : k;
        const fn = isRecord(c.function) ? c.function : {};
        const cur = calls.get(idx) ?? { name: '', args: '' };
        if (typeof fn.name === 'string') cur.name += fn.name;
        if (typeof fn.arguments === 'string') cur.args += fn.arguments;
        calls.set(idx, cur);
      }
    }
  });
  out.output = joinLines([text, ...[...calls.values()].map((c) => toolCallText(c.name || 'tool', c.args))]);
  out.choices = 1;
  return out;
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
