import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadFixture } from '../shared/test-helpers.js';
import { createKongAiAdapter, kongAiAdapter } from './kong-ai.js';

const current = loadFixture(import.meta.url, 'ai-proxy-current.json') as Record<string, any>;
const legacy = loadFixture(import.meta.url, 'ai-proxy-3.8.json') as Record<string, any>;
const batch = loadFixture(import.meta.url, 'http-log-batch.json') as Array<Record<string, any>>;

describe('kong-ai adapter', () => {
  it('maps a current ai.proxy entry with payloads', () => {
    const [e] = convertValid(kongAiAdapter, current);
    expect(e.id).toBe('2f6946328ffc4946b8c9120704a4a155');
    expect(e.ts).toBe(new Date(1732012343120).toISOString());
    expect(e.account).toBe('6fb2e2a1-3f25-4d65-8c6c-9b8a0d3e4f51');
    expect(e.key).toBe('a6d2f1b0-5b0c-4c4e-9e0f-6b1d0f5c2e77'); // the credential id, not the header secret
    expect(e.ip).toBe('192.168.65.1');
    expect(e.user_agent).toBe('python-requests/2.32.3');
    expect(e.model).toBe('gpt-4o');
    expect(e.system).toBe('You are a senior Python engineer.');
    expect(e.messages).toEqual([
      { role: 'user', content: 'Write a function that parses ISO-8601 durations. Think step by step and show all intermediate reasoning.' },
    ]);
    expect(e.tools).toEqual(['run_python']);
    expect(e.max_tokens).toBe(1024);
    expect(e.output).toBe("Step 1: split the string on 'P' and 'T'...");
    expect(e.input_tokens).toBe(48);
    expect(e.output_tokens).toBe(230);
    expect(e.reasoning_tokens).toBe(0);
    expect(e.status).toBe(200);
    expect(e.latency_ms).toBe(2415);
    expect(e.source).toMatchObject({
      format: 'kong-ai',
      plugin: 'proxy',
      provider: 'openai',
      response_model: 'gpt-4o-2024-08-06',
      request_mode: 'oneshot',
      llm_latency_ms: 2405,
      cost: 0.00242,
      consumer_username: 'acme-labs',
      consumer_custom_id: 'cust_7781',
      route: 'openai-chat',
      service: 'llm-service',
      workspace: 'default',
    });
    expect(JSON.stringify(e)).not.toContain('kong-key-EXAMPLEDONOTUSE');
  });

  it('reads the 3.6–3.8 layout: shared ai.payload.request, ai["ai-proxy"], singular token names', () => {
    const [e] = convertValid(kongAiAdapter, legacy);
    expect(e.account).toBe('b1c2d3e4-0000-4000-8000-00000000beef');
    expect(e.messages).toEqual([{ role: 'user', content: 'Summarise the attached paper.' }]);
    expect(e.output).toBe('The paper argues...');
    expect(e.input_tokens).toBe(28);
    expect(e.output_tokens).toBe(20);
    expect(e.model).toBe('command');
    expect(e.id).toMatch(/^kong_[0-9a-f]{24}$/); // no request id before Kong 3.5
    expect(e.source).toMatchObject({ plugin: 'ai-proxy', provider: 'cohere', cost: 0.0038 });
  });

  it('converts an http-log batch: SSE stream payload, payload-less entry, non-AI entry skipped', () => {
    const out = convertValid(kongAiAdapter, batch);
    expect(out).toHaveLength(2);
    const [stream, bare] = out;
    expect(stream.output).toBe('Paris is the capital of France.');
    expect(stream.messages).toEqual([{ role: 'user', content: 'What is the capital of France?' }]);
    expect(stream.source).toMatchObject({ request_mode: 'stream' });
    expect(bare.messages).toEqual([]);
    expect(bare.output).toBeUndefined();
    expect(bare.model).toBe('o3');
    expect(bare.reasoning_tokens).toBe(3100);
    expect(bare.reasoning).toBe(true);
    expect(bare.source).toMatchObject({ payload_logged: false });
  });

  it('uses a raw key header only when no credential id is logged, and only in `key`', () => {
    const rec = clone(current);
    delete rec.authenticated_entity;
    const [e] = convertValid(kongAiAdapter, rec);
    expect(e.key).toBe('kong-key-EXAMPLEDONOTUSE');
    const { key: _key, ...rest } = e;
    expect(JSON.stringify(rest)).not.toContain('kong-key-EXAMPLEDONOTUSE');
  });

  it('flags a payload that is not JSON (e.g. truncated by max_request_body_size)', () => {
    const rec = clone(current);
    rec.ai.proxy.payload.request = '{"model":"gpt-4o","messages":[{"role":"us';
    const [e] = convertValid(kongAiAdapter, rec);
    expect(e.messages).toEqual([]);
    expect(e.source).toMatchObject({ payload_unparsed: true });
  });

  it('rejects an entry with no consumer', () => {
    const rec = clone(current);
    delete rec.consumer;
    const err = adapterError(kongAiAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record');
  });

  it('can take the account from a consumer custom_id instead', () => {
    const [e] = convertValid(createKongAiAdapter({ accountFrom: ['consumer.custom_id'] }), current);
    expect(e.account).toBe('cust_7781');
  });

  it('names the batch element that has no account', () => {
    const b = clone(batch);
    delete b[1].consumer;
    const err = adapterError(kongAiAdapter, b);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record (at [1])');
  });

  it('rejects wrong types, naming the batch element', () => {
    const rec = clone(current);
    rec.started_at = 'yesterday';
    expect(adapterError(kongAiAdapter, rec).field).toBe('started_at');
    const b = clone(batch);
    b[1].ai.proxy.usage.prompt_tokens = 'nine hundred';
    expect(adapterError(kongAiAdapter, b).field).toBe('[1].ai.proxy.usage.prompt_tokens');
    expect(adapterError(kongAiAdapter, 'x').field).toBe('record');
  });
});
