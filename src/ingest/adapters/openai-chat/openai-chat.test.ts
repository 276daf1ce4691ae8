import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadFixture } from '../shared/test-helpers.js';
import { createOpenAIChatAdapter, openAIChatAdapter } from './openai-chat.js';

const toolCall = loadFixture(import.meta.url, 'tool-call.json') as Record<string, any>;
const stream = loadFixture(import.meta.url, 'stream.json') as Record<string, any>;

describe('openai-chat adapter', () => {
  it('maps a tool-calling reasoning request/response pair', () => {
    const [e] = convertValid(openAIChatAdapter, toolCall);
    expect(e.id).toBe('chatcmpl-abc123');
    expect(e.ts).toBe('2023-11-13T17:35:16.250Z');
    expect(e.account).toBe('acct_7f3a');
    expect(e.key).toBe('sk-proj-EXAMPLEKEYDONOTUSE0001');
    expect(e.ip).toBe('203.0.113.7');
    expect(e.country).toBe('US');
    expect(e.user_agent).toBe('OpenAI/Python 1.54.0');
    expect(e.status).toBe(200);
    expect(e.latency_ms).toBe(812);
    expect(e.model).toBe('o4-mini');
    expect(e.system).toBe('You are a helpful assistant.');
    expect(e.messages).toEqual([
      {
        role: 'user',
        content: "What's the weather like in Boston today? Write out your complete reasoning.\n[image_url]",
      },
    ]);
    expect(e.tools).toEqual(['get_current_weather']);
    expect(e.max_tokens).toBe(4096);
    expect(e.reasoning).toBe(true);
    expect(e.output).toBe('[tool_call get_current_weather] {\n"location": "Boston, MA"\n}');
    expect(e.input_tokens).toBe(82);
    expect(e.output_tokens).toBe(17);
    expect(e.reasoning_tokens).toBe(10);
    expect(e.source).toMatchObject({
      format: 'openai-chat',
      reasoning_effort: 'high',
      finish_reason: 'tool_calls',
      response_model: 'o4-mini-2025-04-16',
      metadata: { region: 'us-east-1' },
    });
  });

  it('never copies the raw key anywhere but `key`', () => {
    const rec = clone(toolCall);
    rec.metadata.api_token = 'sk-proj-EXAMPLEKEYDONOTUSE0001';
    rec.metadata.forwarded = { headers: { authorization: 'Bearer sk-proj-EXAMPLEKEYDONOTUSE0001', 'x-team': 't1' } };
    const [e] = convertValid(openAIChatAdapter, rec);
    expect(e.source).toMatchObject({ metadata: { region: 'us-east-1', forwarded: { headers: { 'x-team': 't1' } } } });
    const { key, ...rest } = e;
    expect(key).toContain('sk-proj');
    expect(JSON.stringify(rest)).not.toContain('sk-proj');
  });

  it('reassembles a streamed completion from its chunks, usage from the last chunk', () => {
    const [e] = convertValid(openAIChatAdapter, stream);
    expect(e.id).toBe('chatcmpl-123');
    expect(e.ts).toBe(new Date(1694268190 * 1000).toISOString());
    expect(e.account).toBe('user-1234'); // request.user when no metadata.account
    expect(e.output).toBe('Hello! How can I help?');
    expect(e.input_tokens).toBe(19);
    expect(e.output_tokens).toBe(9);
    expect(e.max_tokens).toBe(256);
    expect(e.reasoning).toBeUndefined();
    expect(e.source).toMatchObject({ stream: true, finish_reason: 'stop' });
  });

  it('reassembles streamed tool-call fragments by index', () => {
    const rec = {
      request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }] },
      response: [
        { id: 'c1', created: 1700000000, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] } }] },
        { id: 'c1', created: 1700000000, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }] },
        { id: 'c1', created: 1700000000, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: 'tool_calls' }] },
      ],
      metadata: { account: 'a1' },
    };
    const [e] = convertValid(openAIChatAdapter, rec);
    expect(e.output).toBe('[tool_call get_weather] {"city":"Paris"}');
  });

  it('renders assistant tool calls and tool results in the history', () => {
    const rec = {
      request: {
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'rainy, 57F' },
        ],
      },
      metadata: { account: 'a1', ts: 1700000000 },
    };
    const [e] = convertValid(openAIChatAdapter, rec);
    expect(e.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(e.messages[1].content).toBe('[tool_call get_weather] {"city":"Paris"}');
    expect(e.output).toBeUndefined();
    expect(e.ts).toBe('2023-11-14T22:13:20.000Z');
    expect(e.id).toMatch(/^oc_[0-9a-f]{24}$/); // derived, deterministic
    expect(convertValid(openAIChatAdapter, rec)[0].id).toBe(e.id);
  });

  it('rejects a record with no account', () => {
    const rec = clone(toolCall);
    delete rec.metadata.account;
    const err = adapterError(openAIChatAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record');
  });

  it('rejects wrong types with the field that is wrong', () => {
    const rec = clone(toolCall);
    rec.request.messages = 'hello';
    expect(adapterError(openAIChatAdapter, rec).field).toBe('request.messages');
    const rec2 = clone(toolCall);
    rec2.response.usage.prompt_tokens = '82 tokens';
    expect(adapterError(openAIChatAdapter, rec2).field).toBe('usage.prompt_tokens');
    expect(adapterError(openAIChatAdapter, 'not an object').field).toBe('record');
    const rec3 = clone(toolCall);
    rec3.request.messages[0].role = 'narrator';
    expect(adapterError(openAIChatAdapter, rec3).field).toBe('request.messages[0].role');
  });

  it('rejects a timestamp without a zone instead of guessing one', () => {
    const rec = clone(toolCall);
    rec.metadata.ts = '2023-11-13 17:35:16';
    expect(adapterError(openAIChatAdapter, rec).field).toBe('metadata.ts');
  });

  it('reads the account from an override path first', () => {
    const rec = clone(toolCall);
    rec.metadata.tenant = { id: 'tenant-9' };
    const [e] = convertValid(createOpenAIChatAdapter({ accountFrom: ['metadata.tenant.id'] }), rec);
    expect(e.account).toBe('tenant-9');
  });

  it('marks reasoning off for reasoning_effort none', () => {
    const rec = clone(toolCall);
    rec.request.reasoning_effort = 'none';
    rec.response.usage.completion_tokens_details.reasoning_tokens = 0;
    expect(convertValid(openAIChatAdapter, rec)[0].reasoning).toBe(false);
  });
});
