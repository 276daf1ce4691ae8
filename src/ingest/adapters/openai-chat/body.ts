/**
 * Reading OpenAI Chat Completions bodies: request messages and tools, a whole response or its
 * streamed chunks. Shared by openai-chat, litellm and kong-ai (which log OpenAI-format bodies).
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Json } from '../shared/read.js';
import { asRecord, isRecord, optArray, optRecord, optString } from '../shared/read.js';
import { Transcript, contentText, joinLines, mapRole, toolCallText, uniqueNames } from '../shared/render.js';

/** What the response (whole or streamed) contributes. */
export interface ChatResult {
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
 * Chat `messages` into a transcript (system/developer → system; tool calls rendered).
 * @example readMessages({ messages: [{ role: 'user', content: 'hi' }] }).messages // [{ role: 'user', content: 'hi' }]
 */
export function readMessages(request: Json, prefix = 'request', t: Transcript = new Transcript()): Transcript {
  const base = prefix.length > 0 ? `${prefix}.messages` : 'messages';
  const messages = optArray(request, 'messages', base);
  if (messages === undefined) throw new AdapterError(base, 'missing');
  messages.forEach((raw, i) => {
    const field = `${base}[${i}]`;
    const m = asRecord(raw, field);
    const role = mapRole(m.role, `${field}.role`);
    // Fast path, the usual message: string content, no tool calls, no refusal — same text as below.
    if (typeof m.content === 'string' && (m.tool_calls === undefined || m.tool_calls === null) && (m.function_call === undefined || m.function_call === null) && (m.refusal === undefined || m.refusal === null)) {
      t.add(role, m.content);
      return;
    }
    const calls = (optArray(m, 'tool_calls', `${field}.tool_calls`) ?? []).map((c, j) => callText(c, `${field}.tool_calls[${j}]`));
    const legacy = optRecord(m, 'function_call', `${field}.function_call`);
    if (legacy !== undefined) calls.push(toolCallText(optString(legacy, 'name') ?? 'function', legacy.arguments));
    t.add(role, joinLines([contentText(m.content, `${field}.content`), optString(m, 'refusal', `${field}.refusal`), ...calls]));
  });
  return t;
}

/** A tool call: `{type:'function', function:{name, arguments}}` or `{type:'custom', custom:{name, input}}`. */
export function callText(raw: unknown, field: string): string {
  const c = asRecord(raw, field);
  const fn = optRecord(c, 'function', `${field}.function`) ?? optRecord(c, 'custom', `${field}.custom`);
  if (fn === undefined) return toolCallText(optString(c, 'type') ?? 'tool', undefined);
  return toolCallText(optString(fn, 'name', `${field}.name`) ?? 'tool', fn.arguments ?? fn.input);
}

/**
 * Tool names offered in a chat request (`tools[].function.name`, custom tools, legacy `functions`).
 * @example readTools({ tools: [{ type: 'function', function: { name: 'f' } }] }) // ['f']
 */
export function readTools(request: Json, prefix = 'request'): string[] | undefined {
  // The usual case (no tools offered) allocates nothing.
  if ((request.tools === undefined || request.tools === null) && (request.functions === undefined || request.functions === null)) return undefined;
  const tools = optArray(request, 'tools', `${prefix}.tools`) ?? [];
  const names = tools.map((raw, i) => {
    const t = asRecord(raw, `${prefix}.tools[${i}]`);
    const inner = optRecord(t, 'function', `${prefix}.tools[${i}].function`) ?? optRecord(t, 'custom', `${prefix}.tools[${i}].custom`);
    return (inner !== undefined ? optString(inner, 'name', `${prefix}.tools[${i}].name`) : undefined) ?? optString(t, 'type');
  });
  const legacy = (optArray(request, 'functions', `${prefix}.functions`) ?? []).map((f, i) =>
    optString(asRecord(f, `${prefix}.functions[${i}]`), 'name', `${prefix}.functions[${i}].name`),
  );
  return uniqueNames([...names, ...legacy]);
}

const okString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const okRecord = (v: unknown): boolean => v === undefined || v === null || isRecord(v);
const okArray = (v: unknown): boolean => v === undefined || v === null || Array.isArray(v);

/** Field names of a response's errors, built once per prefix (prefixes are code constants). */
interface ResponseFields {
  error: string;
  choices: string;
  choice0: string;
  message: string;
  content: string;
  id: string;
  model: string;
  finishReason: string;
  usage: string;
}
const RESPONSE_FIELDS = new Map<string, ResponseFields>();
function responseFields(prefix: string): ResponseFields {
  let f = RESPONSE_FIELDS.get(prefix);
  if (f !== undefined) return f;
  const c0 = `${prefix}.choices[0]`;
  f = { error: `${prefix}.error`, choices: `${prefix}.choices`, choice0: c0, message: `${c0}.message`, content: `${c0}.message.content`, id: `${prefix}.id`, model: `${prefix}.model`, finishReason: `${c0}.finish_reason`, usage: `${prefix}.usage` };
  if (RESPONSE_FIELDS.size < 32) RESPONSE_FIELDS.set(prefix, f);
  return f;
}

/**
 * A whole `chat.completion` body: choice 0's text and tool calls, usage, finish reason.
 * @example readResponse({ id: 'c', choices: [{ message: { content: 'ok' } }] }).output // 'ok'
 */
export function readResponse(res: Json, prefix = 'response'): ChatResult {
  const f = responseFields(prefix);
  const error = optRecord(res, 'error', f.error);
  const choices = optArray(res, 'choices', f.choices) ?? [];
  const first = choices.length > 0 ? asRecord(choices[0], f.choice0) : undefined;
  const msg = first !== undefined ? optRecord(first, 'message', f.message) : undefined;
  let output: string | undefined;
  if (msg !== undefined && typeof msg.content === 'string' && (msg.tool_calls === undefined || msg.tool_calls === null) && (msg.refusal === undefined || msg.refusal === null)) {
    output = msg.content; // the usual reply: same text as joinLines below, without its arrays
  } else if (msg !== undefined) {
    const calls = (optArray(msg, 'tool_calls', `${prefix}.choices[0].message.tool_calls`) ?? []).map((c, j) =>
      callText(c, `${prefix}.choices[0].message.tool_calls[${j}]`),
    );
    output = joinLines([contentText(msg.content, f.content), optString(msg, 'refusal'), ...calls]);
  }
  return {
    id: optString(res, 'id', f.id),
    created: res.created,
    model: optString(res, 'model', f.model),
    output,
    finishReason: first !== undefined ? optString(first, 'finish_reason', f.finishReason) : undefined,
    usage: optRecord(res, 'usage', f.usage),
    choices: choices.length,
    error: error !== undefined ? (optString(error, 'type') ?? optString(error, 'code') ?? 'error') : undefined,
  };
}

/**
 * Reassemble a streamed completion: concatenate choice 0's deltas; usage comes in the last chunk.
 * @example readChunks([{ choices: [{ index: 0, delta: { content: 'o' } }] }, { choices: [{ index: 0, delta: { content: 'k' } }] }]).output // 'ok'
 */
export function readChunks(chunks: unknown[], prefix = 'response'): ChatResult {
  const out: ChatResult = {};
  let text = '';
  const calls = new Map<number, { name: string; args: string }>();
  for (let i = 0; i < chunks.length; i++) {
    // A field name is built only for a value that fails its check (it names the error): a
    // stream has one chunk per token or so, and this runs for each.
    const at = (s: string): string => `${prefix}[${i}]${s}`;
    const raw = chunks[i];
    const chunk = isRecord(raw) ? raw : asRecord(raw, at(''));
    out.id ??= optString(chunk, 'id', okString(chunk.id) ? '' : at('.id'));
    out.created ??= chunk.created;
    out.model ??= optString(chunk, 'model', okString(chunk.model) ? '' : at('.model'));
    const usage = optRecord(chunk, 'usage', okRecord(chunk.usage) ? '' : at('.usage'));
    if (usage !== undefined) out.usage = usage;
    const choices = optArray(chunk, 'choices', okArray(chunk.choices) ? '' : at('.choices'));
    if (choices === undefined) continue;
    for (let j = 0; j < choices.length; j++) {
      const rawChoice = choices[j];
      const choice = isRecord(rawChoice) ? rawChoice : asRecord(rawChoice, at(`.choices[${j}]`));
      if ((choice.index ?? 0) !== 0) continue;
      out.finishReason = optString(choice, 'finish_reason') ?? out.finishReason;
      const delta = optRecord(choice, 'delta', okRecord(choice.delta) ? '' : at(`.choices[${j}].delta`));
      if (delta === undefined) continue;
      const content = delta.content;
      if (typeof content === 'string') text += content;
      else if (content !== undefined && content !== null) text += contentText(content, at(`.choices[${j}].delta.content`));
      const toolCalls = optArray(delta, 'tool_calls');
      if (toolCalls === undefined) continue;
      for (let k = 0; k < toolCalls.length; k++) {
        const rawCall = toolCalls[k];
        const c = isRecord(rawCall) ? rawCall : asRecord(rawCall, at(`.choices[${j}].delta.tool_calls[${k}]`));
        const idx = typeof c.index === 'number' ? c.index : k;
        const fn = isRecord(c.function) ? c.function : {};
        const cur = calls.get(idx) ?? { name: '', args: '' };
        if (typeof fn.name === 'string') cur.name += fn.name;
        if (typeof fn.arguments === 'string') cur.args += fn.arguments;
        calls.set(idx, cur);
      }
    }
  }
  out.output = calls.size === 0 ? text : joinLines([text, ...[...calls.values()].map((c) => toolCallText(c.name || 'tool', c.args))]);
  out.choices = 1;
  return out;
}
