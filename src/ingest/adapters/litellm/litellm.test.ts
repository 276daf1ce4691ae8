import { describe, expect, it } from 'vitest';
import { adapterError, clone, convertValid, loadJsonl } from '../shared/test-helpers.js';
import { createLiteLLMAdapter, liteLLMAdapter } from './litellm.js';

const [success, failure, redacted, embedding] = loadJsonl(import.meta.url, 'payloads.jsonl') as Array<Record<string, any>>;

describe('litellm adapter', () => {
  it('maps a successful chat payload', () => {
    const [e] = convertValid(liteLLMAdapter, success);
    expect(e.id).toBe('chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f');
    expect(e.ts).toBe('2025-02-17T22:20:00.125Z');
    expect(e.latency_ms).toBe(2750);
    expect(e.account).toBe('user-4821');
    expect(e.key).toBe('88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b');
    expect(e.ip).toBe('198.51.100.77');
    expect(e.user_agent).toBe('python-httpx/0.27.0');
    expect(e.model).toBe('gpt-4o');
    expect(e.system).toBe('You are an expert grader. Score the answer from 1 to 10 against the rubric.');
    expect(e.messages).toEqual([
      { role: 'user', content: 'Rubric: correctness, clarity. Answer: ... Write out your complete reasoning before the score.' },
    ]);
    expect(e.tools).toEqual(['record_score']);
    expect(e.max_tokens).toBe(512);
    expect(e.output).toBe('Reasoning: the answer is correct but terse.\n[tool_call record_score] {"score": 7}');
    expect(e.input_tokens).toBe(310);
    expect(e.output_tokens).toBe(120);
    expect(e.reasoning_tokens).toBe(0);
    expect(e.reasoning).toBeUndefined();
    expect(e.status).toBe(200);
    expect(e.source).toMatchObject({
      format: 'litellm',
      call_type: 'acompletion',
      team_id: 'team-research',
      key_alias: 'batch-key-3',
      request_tags: ['harvest-run-12'],
      response_cost: 0.00231,
      finish_reason: 'tool_calls',
    });
  });

  it('maps a failed call: status from error_code, no output, team as account', () => {
    const [e] = convertValid(liteLLMAdapter, failure);
    expect(e.account).toBe('team-9');
    expect(e.status).toBe(429);
    expect(e.output).toBeUndefined();
    expect(e.messages).toEqual([{ role: 'user', content: 'Solve step by step: 17 * 23' }]);
    expect(e.reasoning).toBe(true);
    expect(e.latency_ms).toBe(200);
    expect(e.source).toMatchObject({ payload_status: 'failure', error_class: 'RateLimitError', stream: true });
  });

  it('keeps a redacted payload as metadata only, account from end_user', () => {
    const [e] = convertValid(liteLLMAdapter, redacted);
    expect(e.account).toBe('customer-end-user-55');
    expect(e.ts).toBe('2025-02-17T22:23:20.000Z');
    expect(e.messages).toEqual([]);
    expect(e.output).toBeUndefined();
    expect(e.output_tokens).toBe(15);
    expect(e.source).toMatchObject({ redacted: true });
  });

  it('skips embedding calls', () => {
    expect(liteLLMAdapter.convert(embedding)).toEqual([]);
  });

  it('accepts a payload wrapped as kwargs.standard_logging_object', () => {
    const [e] = convertValid(liteLLMAdapter, { standard_logging_object: success, litellm_call_id: 'x' });
    expect(e.id).toBe(success.id);
  });

  it('rejects a payload with no account', () => {
    const rec = clone(redacted);
    rec.end_user = '';
    const err = adapterError(liteLLMAdapter, rec);
    expect(err.field).toBe('account');
    expect(err.reason).toBe('no account id in record');
  });

  it('can take the account from another field', () => {
    const [e] = convertValid(createLiteLLMAdapter({ accountFrom: ['metadata.user_api_key_team_id'] }), success);
    expect(e.account).toBe('team-research');
  });

  it('rejects wrong types', () => {
    const rec = clone(success);
    rec.startTime = '2025-02-17 22:20:00';
    expect(adapterError(liteLLMAdapter, rec).field).toBe('startTime');
    const rec2 = clone(success);
    rec2.prompt_tokens = 3.5;
    expect(adapterError(liteLLMAdapter, rec2).field).toBe('prompt_tokens');
    const rec3 = clone(success);
    rec3.messages = [{ role: 'user', content: 5 }];
    expect(adapterError(liteLLMAdapter, rec3).field).toBe('messages[0].content');
    const rec4 = clone(success);
    rec4.metadata.user_api_key_user_id = { id: 1 };
    expect(adapterError(liteLLMAdapter, rec4).field).toBe('metadata.user_api_key_user_id');
  });
});
