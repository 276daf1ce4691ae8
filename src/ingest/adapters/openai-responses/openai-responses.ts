/**
 * openai-responses: OpenAI Responses API pairs → exchanges.
 * Record: `{request, response, metadata?}`: `request` is the POST /v1/responses body, `response`
 * the `response` object or, for a streamed call, the array of stream events (`response.created`,
 * `response.output_text.delta`, ..., `response.completed`).
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import { callerFields, readEnvelope } from '../shared/envelope.js';
import type { AdapterOptions } from '../shared/options.js';
import { accountOverride } from '../shared/options.js';
import type { Json } from '../shared/read.js';
import { asRecord, compact, derivedId, isRecord, optArray, optCount, optRecord, optString, requireAccount, toIsoTs } from '../shared/read.js';
import { Transcript, argsText, contentText, joinLines, mapRole, toolCallText, uniqueNames } from '../shared/render.js';

export const NAME = 'openai-responses';

interface OutputSummary {
  output?: string;
  reasoningItems: number;
  summaryChars: number;
}

/**
 * Build the openai-responses adapter.
 * @example createOpenAIResponsesAdapter().convert({ request: { model: 'gpt-5', input: 'hi' },
 *   response: { id: 'resp_1', created_at: 1741476542, output: [] }, metadata: { account: 'a' } })
 */
export function createOpenAIResponsesAdapter(options?: AdapterOptions): Adapter {
  return {
    name: NAME,
    description: 'OpenAI Responses API {request, response, metadata} pairs; streamed event arrays accepted',
    convert(record: unknown): Exchange[] {
      const { request, response, meta } = readEnvelope(record);
      const transcript = readInput(request);
      const res = response === undefined ? undefined : Array.isArray(response) ? fromEvents(response) : response;
      const out: OutputSummary = res !== undefined ? readOutput(res) : { reasoningItems: 0, summaryChars: 0 };
      const usage = res !== undefined ? optRecord(res, 'usage', 'response.usage') : undefined;
      const outDetails = usage !== undefined ? optRecord(usage, 'output_tokens_details', 'usage.output_tokens_details') : undefined;
      const reasoningTokens = outDetails !== undefined ? optCount(outDetails, 'reasoning_tokens', 'usage.output_tokens_details.reasoning_tokens') : undefined;
      const reasoningCfg = optRecord(request, 'reasoning', 'request.reasoning');
      const effort = reasoningCfg !== undefined ? optString(reasoningCfg, 'effort', 'request.reasoning.effort') : undefined;
      const created = res?.created_at;
      const ts = meta.ts ?? (created !== undefined && created !== null ? toIsoTs(created, 'response.created_at') : undefined);
      if (ts === undefined) throw new AdapterError('ts', 'no timestamp in record (metadata.ts or response.created_at)');
      const account = requireAccount([
        accountOverride(asRecord(record, 'record'), options),
        meta.account,
        optString(request, 'user', 'request.user'),
        optString(request, 'safety_identifier', 'request.safety_identifier'),
      ]);
      const error = res !== undefined ? optRecord(res, 'error', 'response.error') : undefined;
      const incomplete = res !== undefined ? optRecord(res, 'incomplete_details', 'response.incomplete_details') : undefined;
      const exchange = compact({
        id: meta.id ?? (res !== undefined ? optString(res, 'id', 'response.id') : undefined) ?? derivedId('or', record),
        ts,
        account,
        messages: transcript.messages,
        system: transcript.system,
        model: optString(request, 'model', 'request.model') ?? (res !== undefined ? optString(res, 'model', 'response.model') : undefined),
        tools: readTools(request),
        max_tokens: optCount(request, 'max_output_tokens', 'request.max_output_tokens'),
        reasoning:
          effort !== undefined
            ? effort !== 'none'
            : out.reasoningItems > 0 || (reasoningTokens !== undefined && reasoningTokens > 0)
              ? true
              : undefined,
        output: out.output,
        input_tokens: usage !== undefined ? optCount(usage, 'input_tokens', 'usage.input_tokens') : undefined,
        output_tokens: usage !== undefined ? optCount(usage, 'output_tokens', 'usage.output_tokens') : undefined,
        reasoning_tokens: reasoningTokens,
        ...callerFields(meta),
        source: compact({
          format: NAME,
          stream: request.stream === true ? true : undefined,
          reasoning_effort: effort,
          response_status: res !== undefined ? optString(res, 'status', 'response.status') : undefined,
          incomplete_reason: incomplete !== undefined ? optString(incomplete, 'reason') : undefined,
          error: error !== undefined ? (optString(error, 'code') ?? 'error') : undefined,
          reasoning_summary_chars: out.summaryChars > 0 ? out.summaryChars : undefined,
          previous_response_id: optString(request, 'previous_response_id', 'request.previous_response_id'),
          metadata: meta.extra,
        }),
      }) as Exchange;
      return [exchange];
    },
  };
}

function readInput(request: Json): Transcript {
  const t = new Transcript();
  const instructions = request.instructions;
  if (typeof instructions === 'string') t.addSystem(instructions);
  else if (instructions !== undefined && instructions !== null) t.addSystem(contentText(instructions, 'request.instructions'));
  const input = request.input;
  if (typeof input === 'string') {
    t.add('user', input);
    return t;
  }
  if (input === undefined || input === null) return t;
  if (!Array.isArray(input)) throw new AdapterError('request.input', 'expected a string or an array of input items');
  input.forEach((raw, i) => addInputItem(t, asRecord(raw, `request.input[${i}]`), `request.input[${i}]`));
  return t;
}

/** One input item: a message (has `role`), a tool call, a tool call output, or a skipped item. */
function addInputItem(t: Transcript, item: Json, field: string): void {
  const type = optString(item, 'type', `${field}.type`);
  if (item.role !== undefined && (type === undefined || type === 'message')) {
    t.add(mapRole(item.role, `${field}.role`), contentText(item.content, `${field}.content`));
    return;
  }
  if (type === 'function_call' || type === 'custom_tool_call') {
    t.add('assistant', toolCallText(optString(item, 'name', `${field}.name`) ?? 'tool', item.arguments ?? item.input));
  } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
    const o = item.output;
    t.add('tool', typeof o === 'string' || Array.isArray(o) ? contentText(o, `${field}.output`) : argsText(o));
  } else if (type !== undefined && type.endsWith('_call')) {
    t.add('assistant', `[${type}]`);
  } else if (type !== undefined && type.endsWith('_output')) {
    t.add('tool', `[${type}]`);
  }
  // reasoning items passed back, item_reference and compaction items carry no readable turn.
}

function readTools(request: Json): string[] | undefined {
  const tools = optArray(request, 'tools', 'request.tools') ?? [];
  return uniqueNames(
    tools.map((raw, i) => {
      const tool = asRecord(raw, `request.tools[${i}]`);
      const label = optString(tool, 'server_label');
      return optString(tool, 'name', `request.tools[${i}].name`) ?? (label !== undefined ? `mcp:${label}` : optString(tool, 'type'));
    }),
  );
}

/** Output items: message text and tool calls form `output`; reasoning summaries are counted, not copied. */
function readOutput(res: Json): OutputSummary {
  const items = optArray(res, 'output', 'response.output') ?? [];
  const pieces: string[] = [];
  let reasoningItems = 0;
  let summaryChars = 0;
  items.forEach((raw, i) => {
    const field = `response.output[${i}]`;
    const item = asRecord(raw, field);
    const type = optString(item, 'type', `${field}.type`);
    if (type === 'message') pieces.push(contentText(item.content, `${field}.content`));
    else if (type === 'function_call' || type === 'custom_tool_call') {
      pieces.push(toolCallText(optString(item, 'name', `${field}.name`) ?? 'tool', item.arguments ?? item.input));
    } else if (type === 'reasoning') {
      reasoningItems += 1;
      summaryChars += contentText(item.summary ?? [], `${field}.summary`).length;
    } else if (type !== undefined) pieces.push(`[${type}]`);
  });
  const text = joinLines(pieces);
  return { output: items.length > 0 ? text : undefined, reasoningItems, summaryChars };
}

/** A streamed call: the final `response.*` event carries the whole response; else rebuild text deltas. */
function fromEvents(events: unknown[]): Json {
  let last: Json | undefined;
  let text = '';
  events.forEach((raw, i) => {
    const ev = asRecord(raw, `response[${i}]`);
    if (isRecord(ev.response)) last = ev.response;
    if (ev.type === 'response.output_text.delta' && typeof ev.delta === 'string') text += ev.delta;
  });
  if (last === undefined) throw new AdapterError('response', 'stream events without a response object');
  const output = optArray(last, 'output') ?? [];
  if (output.length === 0 && text.length > 0) {
    return { ...last, output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }] };
  }
  return last;
}

/** The registered instance (defaults only). */
export const openAIResponsesAdapter: Adapter = createOpenAIResponsesAdapter();
