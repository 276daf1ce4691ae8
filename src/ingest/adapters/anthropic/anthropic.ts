/**
 * anthropic: Anthropic Messages API pairs → exchanges.
 * Record: `{request, response, metadata?}`: `request` is the POST /v1/messages body, `response`
 * the `message` object or, for a streamed call, the array of SSE event payloads
 * (`message_start`, `content_block_*`, `message_delta`, `message_stop`).
 * Thinking text is not copied into `output` (it is not the answer and is often summarised or
 * redacted); its size and block counts are kept under `source`, its tokens in `reasoning_tokens`.
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import { callerFields, readEnvelope } from '../shared/envelope.js';
import type { AdapterOptions } from '../shared/options.js';
import { accountOverride } from '../shared/options.js';
import type { Json } from '../shared/read.js';
import { asRecord, compact, derivedId, optArray, optCount, optRecord, optString, requireAccount } from '../shared/read.js';
import { Transcript, argsText, contentText, joinLines, mapRole, toolCallText, uniqueNames } from '../shared/render.js';
import { assembleStream } from './stream.js';

export const NAME = 'anthropic';

interface BlockText {
  text: string;
  toolResults: string[];
  thinkingChars: number;
  thinkingBlocks: number;
  redactedBlocks: number;
}

/**
 * Build the anthropic adapter.
 * @example createAnthropicAdapter().convert({ request: { model: 'claude-sonnet-4-5', max_tokens: 1024,
 *   messages: [{ role: 'user', content: 'Hello' }] }, metadata: { account: 'a', ts: 1700000000 } })
 */
export function createAnthropicAdapter(options?: AdapterOptions): Adapter {
  return {
    name: NAME,
    description: 'Anthropic Messages {request, response, metadata} pairs; streamed event arrays accepted',
    convert(record: unknown): Exchange[] {
      const { request, response, meta } = readEnvelope(record);
      const history = readHistory(request);
      const res = response === undefined ? undefined : Array.isArray(response) ? assembleStream(response) : response;
      const errorObj = res !== undefined && res.type === 'error' ? optRecord(res, 'error', 'response.error') : undefined;
      const out = res !== undefined && errorObj === undefined ? blocksText(res.content ?? [], 'response.content') : undefined;
      const usage = res !== undefined ? optRecord(res, 'usage', 'response.usage') : undefined;
      const thinking = optRecord(request, 'thinking', 'request.thinking');
      const thinkingType = thinking !== undefined ? optString(thinking, 'type', 'request.thinking.type') : undefined;
      const details = usage !== undefined ? optRecord(usage, 'output_tokens_details', 'usage.output_tokens_details') : undefined;
      const reasoningTokens = details !== undefined ? optCount(details, 'thinking_tokens', 'usage.output_tokens_details.thinking_tokens') : undefined;
      if (meta.ts === undefined) throw new AdapterError('ts', 'no timestamp in record (metadata.ts; Messages responses carry none)');
      const reqMeta = optRecord(request, 'metadata', 'request.metadata');
      const account = requireAccount([
        accountOverride(asRecord(record, 'record'), options),
        meta.account,
        reqMeta !== undefined ? optString(reqMeta, 'user_id', 'request.metadata.user_id') : undefined,
      ]);
      const sawThinking = out !== undefined && out.thinkingBlocks + out.redactedBlocks > 0;
      const exchange = compact({
        id: meta.id ?? (res !== undefined ? optString(res, 'id', 'response.id') : undefined) ?? derivedId('an', record),
        ts: meta.ts,
        account,
        messages: history.messages,
        system: history.system,
        model: optString(request, 'model', 'request.model') ?? (res !== undefined ? optString(res, 'model', 'response.model') : undefined),
        tools: readTools(request),
        max_tokens: optCount(request, 'max_tokens', 'request.max_tokens'),
        reasoning:
          thinkingType !== undefined ? thinkingType !== 'disabled' : sawThinking || (reasoningTokens ?? 0) > 0 ? true : undefined,
        output: out !== undefined ? out.text : undefined,
        input_tokens: usage !== undefined ? inputTokens(usage) : undefined,
        output_tokens: usage !== undefined ? optCount(usage, 'output_tokens', 'usage.output_tokens') : undefined,
        reasoning_tokens: reasoningTokens,
        ...callerFields(meta),
        source: compact({
          format: NAME,
          stream: request.stream === true ? true : undefined,
          thinking: thinkingType,
          thinking_budget: thinking !== undefined ? optCount(thinking, 'budget_tokens', 'request.thinking.budget_tokens') : undefined,
          thinking_blocks: out !== undefined && out.thinkingBlocks > 0 ? out.thinkingBlocks : undefined,
          thinking_chars: out !== undefined && out.thinkingChars > 0 ? out.thinkingChars : undefined,
          redacted_thinking_blocks: out !== undefined && out.redactedBlocks > 0 ? out.redactedBlocks : undefined,
          stop_reason: res !== undefined ? optString(res, 'stop_reason', 'response.stop_reason') : undefined,
          error: errorObj !== undefined ? (optString(errorObj, 'type') ?? 'error') : undefined,
          metadata: meta.extra,
        }),
      }) as Exchange;
      return [exchange];
    },
  };
}

/** `input_tokens` excludes cache reads and writes; the contract counts the whole prompt. */
function inputTokens(usage: Json): number | undefined {
  const base = optCount(usage, 'input_tokens', 'usage.input_tokens');
  if (base === undefined) return undefined;
  return (
    base +
    (optCount(usage, 'cache_creation_input_tokens', 'usage.cache_creation_input_tokens') ?? 0) +
    (optCount(usage, 'cache_read_input_tokens', 'usage.cache_read_input_tokens') ?? 0)
  );
}

function readHistory(request: Json): Transcript {
  const t = new Transcript();
  const system = request.system;
  if (system !== undefined && system !== null) t.addSystem(contentText(system, 'request.system'));
  const messages = optArray(request, 'messages', 'request.messages');
  if (messages === undefined) throw new AdapterError('request.messages', 'missing');
  messages.forEach((raw, i) => {
    const field = `request.messages[${i}]`;
    const m = asRecord(raw, field);
    const role = mapRole(m.role, `${field}.role`);
    const c = blocksText(m.content, `${field}.content`);
    // tool_result blocks are the tool's turn; they precede any text the user adds after them
    for (const r of c.toolResults) t.add('tool', r);
    if (c.text.length > 0 || c.toolResults.length === 0) t.add(role, c.text);
  });
  return t;
}

/** Text of a content value (string or blocks); thinking is counted, tool results split out. */
function blocksText(content: unknown, field: string): BlockText {
  const out: BlockText = { text: '', toolResults: [], thinkingChars: 0, thinkingBlocks: 0, redactedBlocks: 0 };
  if (typeof content === 'string') {
    out.text = content;
    return out;
  }
  if (!Array.isArray(content)) throw new AdapterError(field, 'expected a string or an array of content blocks');
  const pieces: string[] = [];
  content.forEach((raw, i) => {
    const f = `${field}[${i}]`;
    const b = asRecord(raw, f);
    const type = optString(b, 'type', `${f}.type`);
    switch (type) {
      case 'text':
        pieces.push(contentText([b], f));
        break;
      case 'thinking':
        out.thinkingBlocks += 1;
        out.thinkingChars += (optString(b, 'thinking', `${f}.thinking`) ?? '').length;
        break;
      case 'redacted_thinking':
        out.redactedBlocks += 1;
        break;
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use':
        pieces.push(toolCallText(optString(b, 'name', `${f}.name`) ?? 'tool', b.input));
        break;
      case 'tool_result':
      case 'mcp_tool_result': {
        const c = b.content;
        out.toolResults.push(typeof c === 'string' || Array.isArray(c) ? contentText(c, `${f}.content`) : argsText(c));
        break;
      }
      default:
        pieces.push(`[${type ?? 'block'}]`);
    }
  });
  out.text = joinLines(pieces);
  return out;
}

function readTools(request: Json): string[] | undefined {
  const tools = optArray(request, 'tools', 'request.tools') ?? [];
  return uniqueNames(
    tools.map((raw, i) => {
      const t = asRecord(raw, `request.tools[${i}]`);
      return optString(t, 'name', `request.tools[${i}].name`) ?? optString(t, 'type');
    }),
  );
}


/** The registered instance (defaults only). */
export const anthropicAdapter: Adapter = createAnthropicAdapter();
