/**
 * The real `openai` and `@anthropic-ai/sdk` clients, through the gateway, to the local mock.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_REASONING, MOCK_TEXT } from './testing/mock-upstream.js';
import { startStack, type Stack } from './testing/harness.js';

const CLEAR = 'sk-test-alice-0001';
const SUSPECT = 'sk-test-bob-0002';
const ATTACK = 'sk-test-carol-0003';
const APPEAL = 'https://example.test/appeal';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ policyYaml: `appeal_url: ${APPEAL}\nactions: {suspect: withhold_reasoning}\nlimits:\n  account: {requests_per_second: 100, burst: 1000}` });
  await stack.store.setVerdict('acct_bob', { verdict: 'suspect', campaign: null, score: 0.5 });
  await stack.store.setVerdict('acct_carol', { verdict: 'attack', campaign: 'camp_9', score: 0.9 });
});
afterAll(async () => {
  await stack.close();
});

const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: stack.url + '/v1', maxRetries: 0 });
const anthropic = (key: string) => new Anthropic({ apiKey: key, baseURL: stack.url, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Explain recursion.' }];

describe('openai SDK through the gateway', () => {
  it('chat completions, JSON and streaming', async () => {
    const c = openai(CLEAR);
    const r = await c.chat.completions.create({ model: 'gpt-test', messages });
    expect(r.choices[0].message.content).toBe(MOCK_TEXT);
    const stream = await c.chat.completions.create({ model: 'gpt-test', messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage.completion_tokens;
    }
    expect(text).toBe(MOCK_TEXT);
    expect(usage).toBe(5);
  });

  it('chat completions stream for a suspect account carries no reasoning_content', async () => {
    const stream = await openai(SUSPECT).chat.completions.create({ model: 'gpt-test', messages, stream: true, reasoning_effort: 'high' });
    let text = '';
    let reasoning = '';
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta as Record<string, unknown> | undefined;
      text += (d?.content as string | undefined) ?? '';
      reasoning += (d?.reasoning_content as string | undefined) ?? '';
    }
    expect(text).toBe(MOCK_TEXT);
    expect(reasoning).toBe('');
  });

  it('responses, JSON and streaming (with and without reasoning withheld)', async () => {
    const r = await openai(CLEAR).responses.create({ model: 'o-test', input: 'hi', reasoning: { effort: 'high', summary: 'auto' } });
    expect(r.output_text).toBe(MOCK_TEXT);
    expect(r.output.some((i) => i.type === 'reasoning')).toBe(true);

    const withheld = await openai(SUSPECT).responses.create({ model: 'o-test', input: 'hi', reasoning: { effort: 'high', summary: 'auto' } });
    expect(withheld.output_text).toBe(MOCK_TEXT);
    expect(withheld.output.some((i) => i.type === 'reasoning')).toBe(false);

    // The SDK's stream helper assembles a snapshot by output_index: renumbering must keep it consistent.
    const s = openai(SUSPECT).responses.stream({ model: 'o-test', input: 'hi', reasoning: { effort: 'high', summary: 'auto' } });
    const types: string[] = [];
    for await (const ev of s) types.push(ev.type);
    const final = await s.finalResponse();
    expect(final.output_text).toBe(MOCK_TEXT);
    expect(final.output.map((i) => i.type)).toEqual(['message']);
    expect(types.some((t) => t.startsWith('response.reasoning'))).toBe(false);
    expect(types).toContain('response.output_text.delta');
  });

  it('a blocked account gets a PermissionDeniedError carrying the reason code', async () => {
    const err = await openai(ATTACK).chat.completions.create({ model: 'gpt-test', messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const e = err as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(e.status).toBe(403);
    expect(e.code).toBe('MOAT_BLOCK_CAMPAIGN');
    expect((e.error as { appeal_url?: string }).appeal_url).toBe(APPEAL);
  });

  it('an unknown key gets an AuthenticationError', async () => {
    const err = await openai('sk-nope').chat.completions.create({ model: 'gpt-test', messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('anthropic SDK through the gateway', () => {
  const thinking = { type: 'enabled' as const, budget_tokens: 1024 };

  it('messages, JSON and streaming, thinking kept for a clear account', async () => {
    const c = anthropic(CLEAR);
    const m = await c.messages.create({ model: 'claude-test', max_tokens: 2048, messages, thinking });
    expect(m.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const s = c.messages.stream({ model: 'claude-test', max_tokens: 2048, messages, thinking });
    const final = await s.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect((final.content[0] as { thinking: string }).thinking).toBe(MOCK_REASONING);
  });

  it('thinking withheld for a suspect account, JSON and streaming; the answer intact', async () => {
    const c = anthropic(SUSPECT);
    const m = await c.messages.create({ model: 'claude-test', max_tokens: 2048, messages, thinking });
    expect(m.content.map((b) => b.type)).toEqual(['text']);
    const s = c.messages.stream({ model: 'claude-test', max_tokens: 2048, messages, thinking });
    let text = '';
    s.on('text', (t) => (text += t));
    const final = await s.finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['text']);
    expect(text).toBe(MOCK_TEXT);
    expect(JSON.stringify(final)).not.toContain('MOCK-REASONING');
  });

  it('a blocked account gets a PermissionDeniedError with the Moat code', async () => {
    const err = await anthropic(ATTACK).messages.create({ model: 'claude-test', max_tokens: 16, messages }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const e = err as InstanceType<typeof Anthropic.PermissionDeniedError>;
    expect(e.status).toBe(403);
    expect(JSON.stringify(e.error)).toContain('MOAT_BLOCK_CAMPAIGN');
  });
});
