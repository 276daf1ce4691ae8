import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadFixture } from '../shared/test-helpers.js';
import { createOtelGenAiAdapter, otelGenAiAdapter } from './otel-genai.js';
import { anyValue } from './otlp.js';

const toolExport = loadFixture(import.meta.url, 'tool-call-export.json') as Record<string, any>;
const legacy = loadFixture(import.meta.url, 'legacy-events-export.json') as Record<string, any>;

function spanAttrs(rec: Record<string, any>, spanIndex: number): Array<{ key: string; value: any }> {
  return rec.resourceSpans[0].scopeSpans[0].spans[spanIndex].attributes;
}

describe('otel-genai adapter', () => {
  it('emits one exchange per inference span and skips tool and HTTP spans', () => {
    const out = convertValid(otelGenAiAdapter, toolExport);
    expect(out.map((e) => e.id)).toEqual(['chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l', 'chatcmpl-call_VSPygqKTWdrhaFErNvMV18Yl']);
  });

  it('maps attributes, structured messages and timing of a tool-calling span', () => {
    const [e] = convertValid(otelGenAiAdapter, toolExport);
    expect(e.ts).toBe('2024-10-27T03:33:20.123Z'); // from startTimeUnixNano, nanos truncated to ms
    expect(e.latency_ms).toBe(1500);
    expect(e.account).toBe('acct_otel_1');
    expect(e.ip).toBe('192.0.2.10');
    expect(e.model).toBe('gpt-4');
    expect(e.max_tokens).toBe(200);
    expect(e.system).toBe('You are a helpful bot');
    expect(e.messages).toEqual([{ role: 'user', content: 'Weather in Paris?' }]);
    expect(e.tools).toEqual(['get_weather']);
    expect(e.output).toBe('[tool_call get_weather] {"location":"Paris"}');
    expect(e.input_tokens).toBe(47);
    expect(e.output_tokens).toBe(17);
    expect(e.reasoning).toBeUndefined();
    expect(e.source).toMatchObject({
      format: 'otel-genai',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      operation: 'chat',
      provider: 'openai',
      response_model: 'gpt-4-0613',
      service: 'weather-agent',
      scope: 'opentelemetry.instrumentation.openai_v2',
    });
  });

  it('renders tool calls and tool responses in history; reasoning parts are counted, not output', () => {
    const [, e] = convertValid(otelGenAiAdapter, toolExport);
    expect(e.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '[tool_call get_weather] {"location":"Paris"}' },
      { role: 'tool', content: 'rainy, 57°F' },
    ]);
    expect(e.output).toBe('The weather in Paris is currently rainy with a temperature of 57°F.');
    expect(e.reasoning).toBe(true);
    expect((e.source as Record<string, unknown>).reasoning_chars).toBe('The tool said rainy and 57°F, so I should report that.'.length);
  });

  it('reads older instrumentations: gen_ai.system, prompt/completion events, prompt_tokens', () => {
    const [e] = convertValid(otelGenAiAdapter, legacy);
    expect(e.id).toBe('chatcmpl-legacy1');
    expect(e.account).toBe('legacy-user-7');
    expect(e.system).toBe('You are a helpful assistant.');
    expect(e.messages).toEqual([{ role: 'user', content: 'Say this is a test' }]);
    expect(e.output).toBe('This is a test.');
    expect(e.input_tokens).toBe(24);
    expect(e.output_tokens).toBe(8);
    expect(e.source).toMatchObject({ provider: 'openai' });
  });

  it('reads OpenLLMetry-style indexed prompt attributes', () => {
    const rec = clone(legacy);
    const span = rec.resourceSpans[0].scopeSpans[0].spans[0];
    span.events = [];
    span.attributes.push(
      { key: 'gen_ai.prompt.0.role', value: { stringValue: 'user' } },
      { key: 'gen_ai.prompt.0.content', value: { stringValue: 'Write out your complete reasoning.' } },
      { key: 'gen_ai.completion.0.content', value: { stringValue: 'Step 1 ...' } },
    );
    const [e] = convertValid(otelGenAiAdapter, rec);
    expect(e.messages).toEqual([{ role: 'user', content: 'Write out your complete reasoning.' }]);
    expect(e.output).toBe('Step 1 ...');
  });

  it('takes the account from an overriding attribute, span before resource', () => {
    const rec = clone(toolExport);
    rec.resourceSpans[0].resource.attributes.push({ key: 'tenant.id', value: { stringValue: 'tenant-from-resource' } });
    const out = convertValid(createOtelGenAiAdapter({ accountFrom: ['tenant.id'] }), rec);
    expect(out.map((e) => e.account)).toEqual(['tenant-from-resource', 'tenant-from-resource']);
  });

  it('rejects an inference span with no account attribute, naming the span', () => {
    const rec = clone(toolExport);
    for (const sp of rec.resourceSpans[0].scopeSpans[0].spans) {
      sp.attributes = sp.attributes.filter((a: { key: string }) => a.key !== 'user.id');
    }
    const err = adapterError(otelGenAiAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record (at resourceSpans[0].scopeSpans[0].spans[0])');
  });

  it('rejects wrong types', () => {
    expect(adapterError(otelGenAiAdapter, { spans: [] }).field).toBe('resourceSpans');
    const rec = clone(toolExport);
    rec.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = '2024-10-27T03:33:20Z';
    expect(adapterError(otelGenAiAdapter, rec).field).toBe('resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano');
    const rec2 = clone(toolExport);
    spanAttrs(rec2, 0).find((a) => a.key === 'gen_ai.usage.input_tokens')!.value = { stringValue: 'many' };
    expect(adapterError(otelGenAiAdapter, rec2).field).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes.gen_ai.usage.input_tokens');
    const rec3 = clone(toolExport);
    spanAttrs(rec3, 0).find((a) => a.key === 'gen_ai.input.messages')!.value = { stringValue: '[{"role":"user"' };
    expect(adapterError(otelGenAiAdapter, rec3).reason).toBe('not valid JSON');
  });

  it('returns no exchanges for an export without GenAI spans', () => {
    const rec = clone(toolExport);
    rec.resourceSpans[0].scopeSpans.splice(0, 1);
    expect(otelGenAiAdapter.convert(rec)).toEqual([]);
  });

  it('decodes every AnyValue kind', () => {
    expect(anyValue({ intValue: '9007199254740' }, 'v')).toBe(9007199254740);
    expect(anyValue({ doubleValue: 0.5 }, 'v')).toBe(0.5);
    expect(anyValue({ boolValue: true }, 'v')).toBe(true);
    expect(anyValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } }, 'v')).toEqual(['a', 2]);
    expect(anyValue({ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } }, 'v')).toEqual({ k: 'v' });
    expect(anyValue({}, 'v')).toBeNull();
    expect(() => anyValue('x', 'v')).toThrow(/AnyValue/);
  });
});
