import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadFixture } from '../shared/test-helpers.js';
import { anthropicAdapter } from './anthropic.js';

const tool = loadFixture(import.meta.url, 'thinking-tool-use.json') as Record<string, any>;
const stream = loadFixture(import.meta.url, 'stream.json') as Record<string, any>;

describe('anthropic adapter', () => {
  it('maps system blocks, tools, thinking and tool_use; thinking text stays out of output', () => {
    const [e] = convertValid(anthropicAdapter, tool);
    expect(e.id).toBe('msg_01Aq9w938a90dw8q');
    expect(e.ts).toBe('2025-10-01T06:15:30.000Z');
    expect(e.account).toBe('org_anthropic_customer_42');
    expect(e.key).toBe('sk-ant-api03-EXAMPLEKEYDONOTUSE');
    expect(e.ip).toBe('2001:db8::1');
    expect(e.model).toBe('claude-sonnet-4-5');
    expect(e.system).toBe('You are a meteorology assistant.');
    expect(e.messages).toEqual([{ role: 'user', content: "What's the weather like in San Francisco?" }]);
    expect(e.tools).toEqual(['get_weather', 'web_search']);
    expect(e.max_tokens).toBe(16000);
    expect(e.reasoning).toBe(true);
    expect(e.output).toBe(
      "I'll check the current weather in San Francisco for you.\n" +
        '[tool_call get_weather] {"location":"San Francisco, CA","unit":"celsius"}',
    );
    expect(e.output).not.toContain('The user wants to know');
    expect(e.input_tokens).toBe(502); // 472 + 0 cache writes + 30 cache reads
    expect(e.output_tokens).toBe(189);
    expect(e.reasoning_tokens).toBe(96);
    const thinkingText = tool.response.content[0].thinking as string;
    expect(e.source).toMatchObject({
      format: 'anthropic',
      thinking: 'enabled',
      thinking_budget: 10000,
      thinking_blocks: 1,
      thinking_chars: thinkingText.length,
      redacted_thinking_blocks: 1,
      stop_reason: 'tool_use',
    });
  });

  it('falls back to request.metadata.user_id for the account', () => {
    const rec = clone(tool);
    delete rec.metadata.account;
    expect(convertValid(anthropicAdapter, rec)[0].account).toBe('13803d75-b4b5-4c3e-b2a2-6f21399b021b');
  });

  it('reassembles a streamed message: thinking counted, text and tool input joined, usage merged', () => {
    const [e] = convertValid(anthropicAdapter, stream);
    expect(e.id).toBe('msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY');
    expect(e.ts).toBe(new Date(1759300000123).toISOString());
    expect(e.system).toBe('Be concise.');
    expect(e.messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: '[tool_call get_weather] {"location":"Paris"}' },
      { role: 'tool', content: '15 degrees, light rain' },
    ]);
    expect(e.output).toBe('It is 15 degrees with light rain in Paris.\n[tool_call get_weather] {"location":"London"}');
    expect(e.input_tokens).toBe(25);
    expect(e.output_tokens).toBe(15);
    expect(e.reasoning).toBe(true);
    expect(e.source).toMatchObject({ thinking: 'adaptive', thinking_blocks: 1, thinking_chars: 40, stop_reason: 'tool_use', stream: true });
  });

  it('records an error response without output', () => {
    const rec = clone(tool);
    rec.response = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    rec.metadata.status = 529;
    const [e] = convertValid(anthropicAdapter, rec);
    expect(e.output).toBeUndefined();
    expect(e.status).toBe(529);
    expect(e.source).toMatchObject({ error: 'overloaded_error' });
  });

  it('marks reasoning off when thinking is disabled', () => {
    const rec = clone(tool);
    rec.request.thinking = { type: 'disabled' };
    rec.response.content = rec.response.content.slice(2);
    delete rec.response.usage.output_tokens_details;
    expect(convertValid(anthropicAdapter, rec)[0].reasoning).toBe(false);
  });

  it('rejects a record with no account', () => {
    const rec = clone(tool);
    delete rec.metadata.account;
    delete rec.request.metadata;
    const err = adapterError(anthropicAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record');
  });

  it('rejects a record with no timestamp (Messages bodies carry none)', () => {
    const rec = clone(tool);
    delete rec.metadata.ts;
    expect(adapterError(anthropicAdapter, rec).field).toBe('ts');
  });

  it('rejects wrong types', () => {
    const rec = clone(tool);
    rec.request.system = { text: 'x' };
    expect(adapterError(anthropicAdapter, rec).field).toBe('request.system');
    const rec2 = clone(tool);
    rec2.response.content[3].name = 7;
    expect(adapterError(anthropicAdapter, rec2).field).toBe('response.content[3].name');
    const rec3 = clone(stream);
    rec3.response[2].index = 'zero';
    expect(adapterError(anthropicAdapter, rec3).field).toBe('response[2].index');
  });
});
