import { describe, expect, it } from 'vitest';
import { SseTransform } from '../sse.js';
import { anthropicMessages } from './anthropic.js';
import { openAIChat, openAIResponses } from './openai.js';
import type { Provider } from './provider.js';

const sse = (events: Array<{ event?: string; data: unknown }>) => events.map((e) => (e.event ? `event: ${e.event}\n` : '') + `data: ${JSON.stringify(e.data)}\n\n`).join('');
function rewrite(p: Provider, events: Array<{ event?: string; data: Record<string, unknown> }>): Record<string, unknown>[] {
  const t = new SseTransform(p.withholdStream());
  const out = t.push(Buffer.from(sse(events))) + t.end();
  return out
    .split('\n\n')
    .filter(Boolean)
    .map((block) => JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as Record<string, unknown>);
}

describe('withholding reasoning: Chat Completions', () => {
  it('strips reasoning_content, reasoning and reasoning_details from messages and deltas', () => {
    const body = openAIChat.withholdJson({ choices: [{ message: { content: 'a', reasoning_content: 'r', reasoning: 'r', reasoning_details: [] } }] });
    expect(body).toEqual({ choices: [{ message: { content: 'a' } }] });
    const out = rewrite(openAIChat, [{ data: { choices: [{ delta: { reasoning_content: 'r' } }] } }, { data: { choices: [{ delta: { content: 'a' } }] } }]);
    expect(out).toEqual([{ choices: [{ delta: {} }] }, { choices: [{ delta: { content: 'a' } }] }]);
  });
});

describe('withholding reasoning: Responses', () => {
  it('drops reasoning items and events and renumbers output_index', () => {
    const resp = { output: [{ type: 'reasoning', summary: [] }, { type: 'message' }] };
    const out = rewrite(openAIResponses, [
      { event: 'response.created', data: { type: 'response.created', response: { output: [] } } },
      { data: { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning' } } },
      { data: { type: 'response.reasoning_summary_text.delta', output_index: 0, delta: 'r' } },
      { data: { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning' } } },
      { data: { type: 'response.output_item.added', output_index: 1, item: { type: 'message' } } },
      { data: { type: 'response.output_text.delta', output_index: 1, delta: 'hi' } },
      { data: { type: 'response.completed', response: resp } },
    ]);
    expect(out.map((e) => e.type)).toEqual(['response.created', 'response.output_item.added', 'response.output_text.delta', 'response.completed']);
    expect(out[1].output_index).toBe(0);
    expect(out[2].output_index).toBe(0);
    expect((out[3].response as { output: unknown[] }).output).toEqual([{ type: 'message' }]);
    expect(openAIResponses.withholdJson({ output: [{ type: 'reasoning' }, { type: 'message' }] })).toEqual({ output: [{ type: 'message' }] });
  });
});

describe('withholding reasoning: Anthropic Messages', () => {
  it('drops thinking and redacted_thinking blocks and renumbers index', () => {
    expect(anthropicMessages.withholdJson({ content: [{ type: 'redacted_thinking', data: 'x' }, { type: 'thinking', thinking: 't' }, { type: 'text', text: 'a' }] })).toEqual({
      content: [{ type: 'text', text: 'a' }],
    });
    const out = rewrite(anthropicMessages, [
      { data: { type: 'message_start', message: { content: [] } } },
      { data: { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'x' } } },
      { data: { type: 'content_block_stop', index: 0 } },
      { data: { type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '' } } },
      { data: { type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'r' } } },
      { data: { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 's' } } },
      { data: { type: 'content_block_stop', index: 1 } },
      { data: { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } } },
      { data: { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'a' } } },
      { data: { type: 'content_block_stop', index: 2 } },
      { data: { type: 'message_stop' } },
    ]);
    expect(out.map((e) => `${e.type}:${e.index ?? ''}`)).toEqual(['message_start:', 'content_block_start:0', 'content_block_delta:0', 'content_block_stop:0', 'message_stop:']);
  });
});

describe('error shapes and budgets', () => {
  it('OpenAI and Anthropic error bodies carry the reason code, appeal URL and retry-after', () => {
    const err = { status: 429, code: 'MOAT_THROTTLE_CAMPAIGN_TOKENS', message: 'm', appealUrl: 'https://a.test', retryAfterSeconds: 3 };
    expect(openAIChat.errorBody(err)).toEqual({ error: { message: 'm', type: 'rate_limit_error', param: null, code: err.code, appeal_url: 'https://a.test', retry_after_seconds: 3 } });
    expect(anthropicMessages.errorBody(err)).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'm', code: err.code, appeal_url: 'https://a.test', retry_after_seconds: 3 } });
  });

  it('reads the output budget from each API', () => {
    expect(openAIChat.maxTokens({ max_tokens: 10, max_completion_tokens: 20 })).toBe(20);
    expect(openAIResponses.maxTokens({ max_output_tokens: 30 })).toBe(30);
    expect(anthropicMessages.maxTokens({ max_tokens: 40 })).toBe(40);
    expect(anthropicMessages.maxTokens({ max_tokens: -1 })).toBeUndefined();
  });
});
