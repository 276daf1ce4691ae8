import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadFixture } from '../shared/test-helpers.js';
import { openAIResponsesAdapter } from './openai-responses.js';

const fc = loadFixture(import.meta.url, 'reasoning-function-call.json') as Record<string, any>;
const stream = loadFixture(import.meta.url, 'stream.json') as Record<string, any>;

describe('openai-responses adapter', () => {
  it('maps instructions, input items, tools, reasoning and output items', () => {
    const [e] = convertValid(openAIResponsesAdapter, fc);
    expect(e.id).toBe('resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41');
    expect(e.ts).toBe(new Date(1741476777 * 1000).toISOString());
    expect(e.account).toBe('acct_r1');
    expect(e.key).toBe('sk-proj-EXAMPLEKEYDONOTUSE0002');
    expect(e.ip).toBe('198.51.100.23');
    expect(e.model).toBe('o4-mini');
    expect(e.system).toBe('You are a weather assistant. Explain your reasoning step by step.');
    expect(e.messages).toEqual([{ role: 'user', content: 'What is the weather like in Paris today?' }]);
    expect(e.tools).toEqual(['get_weather', 'web_search_preview']);
    expect(e.max_tokens).toBe(2000);
    expect(e.reasoning).toBe(true);
    // the reasoning summary is not part of the answer; only its size is kept
    expect(e.output).toBe('[tool_call get_weather] {"location":"Paris, France"}');
    expect(e.input_tokens).toBe(328);
    expect(e.output_tokens).toBe(152);
    expect(e.reasoning_tokens).toBe(128);
    expect(e.source).toMatchObject({ format: 'openai-responses', reasoning_effort: 'medium', response_status: 'completed' });
    expect((e.source as { reasoning_summary_chars: number }).reasoning_summary_chars).toBeGreaterThan(50);
  });

  it('takes the final response from a stream of events', () => {
    const [e] = convertValid(openAIResponsesAdapter, stream);
    expect(e.id).toBe('resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654');
    expect(e.account).toBe('user_9f8e'); // safety_identifier when no metadata.account
    expect(e.messages).toEqual([{ role: 'user', content: 'Tell me a three sentence bedtime story about a unicorn.' }]);
    expect(e.output).toBe('Under a silver moon, a unicorn named Luna drifted to sleep.');
    expect(e.output_tokens).toBe(14);
    expect(e.reasoning).toBeUndefined();
  });

  it('rebuilds text from deltas when the stream was cut before response.completed', () => {
    const rec = clone(stream);
    rec.response = rec.response.slice(0, 4);
    const [e] = convertValid(openAIResponsesAdapter, rec);
    expect(e.output).toBe('Under a silver moon, a unicorn named Luna drifted to sleep.');
    expect(e.output_tokens).toBeUndefined();
    expect(e.source).toMatchObject({ response_status: 'in_progress' });
  });

  it('maps function_call / function_call_output input items into the history', () => {
    const rec = clone(fc);
    rec.request.input.push(
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris, France"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"temperature": 14}' },
      { type: 'reasoning', id: 'rs_1', summary: [] },
    );
    const [e] = convertValid(openAIResponsesAdapter, rec);
    expect(e.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(e.messages[2].content).toBe('{"temperature": 14}');
  });

  it('rejects a record with no account', () => {
    const rec = clone(stream);
    delete rec.request.safety_identifier;
    const err = adapterError(openAIResponsesAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record');
  });

  it('rejects wrong types', () => {
    const rec = clone(fc);
    rec.request.input = 42;
    expect(adapterError(openAIResponsesAdapter, rec).field).toBe('request.input');
    const rec2 = clone(fc);
    rec2.response.output[1].name = ['get_weather'];
    expect(adapterError(openAIResponsesAdapter, rec2).field).toBe('response.output[1].name');
    const rec3 = clone(fc);
    rec3.response.usage.output_tokens_details.reasoning_tokens = -1;
    expect(adapterError(openAIResponsesAdapter, rec3).field).toBe('usage.output_tokens_details.reasoning_tokens');
  });

  it('needs a timestamp from metadata or created_at', () => {
    const rec = clone(fc);
    delete rec.response;
    expect(adapterError(openAIResponsesAdapter, rec).field).toBe('ts');
    rec.metadata.ts = '2025-03-08T23:32:57+01:00';
    expect(convertValid(openAIResponsesAdapter, rec)[0].ts).toBe('2025-03-08T22:32:57.000Z');
  });
});
