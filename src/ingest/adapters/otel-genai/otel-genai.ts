/**
 * otel-genai: OpenTelemetry GenAI client spans (OTLP/JSON trace export) → exchanges.
 * One record = one export (`{resourceSpans: [...]}`, as written by the collector's file exporter,
 * one export a line); every inference span in it becomes one exchange, other spans are skipped.
 */
import type { Adapter } from '../../../core/adapter.js';
import type { Exchange } from '../../../core/exchange.js';
import type { AdapterOptions } from '../shared/options.js';
import { compact, nanosToIso, optString, requireAccount } from '../shared/read.js';
import { Transcript, joinLines, uniqueNames } from '../shared/render.js';
import { renderMessage, renderParts, structured, toolNames } from './genai-messages.js';
import { legacyContent } from './legacy.js';
import type { OtlpSpan } from './otlp.js';
import { attrCount, attrString, spansOf } from './otlp.js';

export const NAME = 'otel-genai';

/** Account attributes tried in order (span first, then resource) unless overridden. */
export const DEFAULT_ACCOUNT_ATTRIBUTES = ['user.id', 'enduser.id', 'enduser.pseudo.id'] as const;

/** Operations that are one model inference; agent, tool and embedding spans are not exchanges. */
const INFERENCE_OPS = new Set(['chat', 'text_completion', 'generate_content']);

/**
 * Build the otel-genai adapter. `accountFrom` lists attribute names tried before the defaults.
 * @example createOtelGenAiAdapter({ accountFrom: ['tenant.id'] }).convert(otlpExport)
 */
export function createOtelGenAiAdapter(options?: AdapterOptions): Adapter {
  const accountKeys = [...(options?.accountFrom ?? []), ...DEFAULT_ACCOUNT_ATTRIBUTES];
  return {
    name: NAME,
    description: 'OpenTelemetry GenAI spans as OTLP/JSON; one exchange per chat/text_completion/generate_content span',
    convert(record: unknown): Exchange[] {
      return spansOf(record).filter(isInference).map((s) => toExchange(s, accountKeys));
    },
  };
}

function isInference(s: OtlpSpan): boolean {
  const op = s.attrs.get('gen_ai.operation.name');
  if (typeof op === 'string') return INFERENCE_OPS.has(op);
  // pre-1.28 instrumentations set no operation name
  return s.attrs.has('gen_ai.request.model') && (s.attrs.has('gen_ai.system') || s.attrs.has('gen_ai.provider.name'));
}

function toExchange(s: OtlpSpan, accountKeys: readonly string[]): Exchange {
  const p = s.path;
  const ts = nanosToIso(s.span.startTimeUnixNano, `${p}.startTimeUnixNano`);
  const end = s.span.endTimeUnixNano;
  const latency = typeof end === 'string' || typeof end === 'number' ? durationMs(s.span.startTimeUnixNano, end) : undefined;
  const account = requireAccount(accountKeys.map((k) => attrString(s, k)), p);

  const t = new Transcript();
  let reasoningChars = 0;
  const sys = structured(s.attrs.get('gen_ai.system_instructions'), `${p}.attributes.gen_ai.system_instructions`);
  if (sys !== undefined) t.addSystem(renderParts(sys, `${p}.attributes.gen_ai.system_instructions`).content);
  const input = structured(s.attrs.get('gen_ai.input.messages'), `${p}.attributes.gen_ai.input.messages`);
  const outMsgs = structured(s.attrs.get('gen_ai.output.messages'), `${p}.attributes.gen_ai.output.messages`);
  let output: string | undefined;
  if (input !== undefined || outMsgs !== undefined) {
    (input ?? []).forEach((m, i) => {
      const r = renderMessage(m, `${p}.attributes.gen_ai.input.messages[${i}]`);
      t.add(r.role, r.content);
    });
    if (outMsgs !== undefined && outMsgs.length > 0) {
      // multiple choices: the first is the answer the caller most likely used
      const r = renderMessage(outMsgs[0], `${p}.attributes.gen_ai.output.messages[0]`);
      reasoningChars = r.reasoningChars;
      output = r.content;
    }
  } else {
    const legacy = legacyContent(s);
    for (const m of legacy.input) t.add(m.role, m.content);
    if (legacy.output.length > 0) output = joinLines(legacy.output.slice(0, 1));
  }
  const reasoningTokens = attrCount(s, 'gen_ai.usage.reasoning.output_tokens') ?? attrCount(s, 'gen_ai.usage.reasoning_tokens');
  const status = attrCount(s, 'http.response.status_code');
  const spanStatus = s.span.status;
  const statusCode = spanStatus !== null && typeof spanStatus === 'object' ? (spanStatus as { code?: unknown }).code : undefined;
  const defs = structured(s.attrs.get('gen_ai.tool.definitions'), `${p}.attributes.gen_ai.tool.definitions`);
  const traceId = optString(s.span, 'traceId', `${p}.traceId`);
  const spanId = optString(s.span, 'spanId', `${p}.spanId`);
  return compact({
    id: attrString(s, 'gen_ai.response.id') ?? `otel_${traceId ?? 'notrace'}_${spanId ?? s.path}`,
    ts,
    account,
    messages: t.messages,
    system: t.system,
    ip: attrString(s, 'client.address'),
    user_agent: attrString(s, 'user_agent.original'),
    model: attrString(s, 'gen_ai.request.model') ?? attrString(s, 'gen_ai.response.model'),
    tools: uniqueNames(toolNames(defs, `${p}.attributes.gen_ai.tool.definitions`)),
    max_tokens: attrCount(s, 'gen_ai.request.max_tokens'),
    reasoning: reasoningChars > 0 || (reasoningTokens ?? 0) > 0 ? true : undefined,
    output,
    input_tokens: attrCount(s, 'gen_ai.usage.input_tokens') ?? attrCount(s, 'gen_ai.usage.prompt_tokens'),
    output_tokens: attrCount(s, 'gen_ai.usage.output_tokens') ?? attrCount(s, 'gen_ai.usage.completion_tokens'),
    reasoning_tokens: reasoningTokens,
    status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
    latency_ms: latency,
    source: compact({
      format: NAME,
      trace_id: traceId,
      span_id: spanId,
      operation: attrString(s, 'gen_ai.operation.name'),
      provider: attrString(s, 'gen_ai.provider.name') ?? attrString(s, 'gen_ai.system'),
      response_model: attrString(s, 'gen_ai.response.model'),
      conversation_id: attrString(s, 'gen_ai.conversation.id'),
      service: attrString(s, 'service.name'),
      scope: s.scope,
      error_type: attrString(s, 'error.type'),
      span_error: statusCode === 2 || statusCode === 'STATUS_CODE_ERROR' ? true : undefined,
      reasoning_chars: reasoningChars > 0 ? reasoningChars : undefined,
    }),
  }) as Exchange;
}

function durationMs(start: unknown, end: unknown): number | undefined {
  try {
    const d = BigInt(String(end)) - BigInt(String(start));
    return d >= 0n ? Number(d) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** The registered instance (default account attributes). */
export const otelGenAiAdapter: Adapter = createOtelGenAiAdapter();
