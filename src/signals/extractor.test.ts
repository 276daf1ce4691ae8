import { describe, expect, it } from 'vitest';
import type { Exchange, Message } from '../core/exchange.js';
import { createSignalExtractor } from './index.js';

let seq = 0;
const ex = (content: string, extra: Partial<Exchange> = {}): Exchange => ({
  id: `e${seq++}`,
  ts: '2026-01-01T00:00:00Z',
  account: 'a',
  messages: [{ role: 'user', content }],
  ...extra,
});
const one = (content: string, extra: Partial<Exchange> = {}) => createSignalExtractor().extract(ex(content, extra));

describe('capability taxonomy', () => {
  const cases: Array<[string, string]> = [
    ['Write a Python function that reverses a linked list in place.', 'coding'],
    ['Why does this throw?\n```ts\nconst x: number = "a";\n```', 'coding'],
    ['Solve for x: 2x + 3 = 7', 'math'],
    ['Find all positive integers n such that n^2 + 1 is divisible by n + 1.', 'math'],
    ['Knights always tell the truth and knaves always lie. A says B is a knave. Who is the liar?', 'reasoning'],
    ['Write a short story about a lighthouse keeper and a storm.', 'writing'],
    ['Who was the president of France during the Suez crisis?', 'knowledge'],
    ['hey, how are you doing today? lol', 'chat'],
    ['Give me a detailed project plan with milestones for migrating our data warehouse over the next six months.', 'long_horizon'],
    ['qwerty zxcv', 'other'],
  ];
  for (const [text, cap] of cases) it(`${cap}: ${text.slice(0, 40)}`, () => expect(one(text).capability).toBe(cap));

  it('lists secondary capabilities and always includes the primary', () => {
    const s = one('Write a Python script to compute the probability that two dice sum to 7.');
    expect(s.capabilities).toContain(s.capability);
    expect(s.capabilities).toEqual(expect.arrayContaining(['coding', 'math']));
  });

  it('tools make it tool use; tool messages or an agent system prompt make it agentic', () => {
    const tools = one('What is the weather in Oslo?', { tools: ['get_weather'] });
    expect(tools.capability).toBe('tool_use');
    expect(tools.agentic).toBe(true);
    expect(tools.toolCount).toBe(1);
    const msgs: Message[] = [
      { role: 'user', content: 'Fix the failing test in the repo.' },
      { role: 'assistant', content: 'Running the tests.' },
      { role: 'tool', content: 'FAIL src/a.test.ts' },
    ];
    const loop = createSignalExtractor().extract(ex('', { messages: msgs, tools: ['bash', 'read_file', 'edit_file'] }));
    expect(loop.capability).toBe('agentic');
    expect(loop.agentic).toBe(true);
    const sys = one('Open the settings page.', { system: 'You are an autonomous agent. Use the available tools to complete your task.' });
    expect(sys.agentic).toBe(true);
    expect(one('What is an autonomous agent?').agentic).toBe(false);
  });

  it('many turns make it long-horizon', () => {
    const msgs: Message[] = Array.from({ length: 14 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i} about the plan` }) as Message);
    expect(createSignalExtractor().extract(ex('', { messages: msgs })).capabilities).toContain('long_horizon');
  });
});

describe('extractor', () => {
  it('uses the last user message and reports its length', () => {
    const s = createSignalExtractor().extract(
      ex('', { messages: [{ role: 'user', content: 'Write a poem.' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'Now solve 2x + 3 = 9' }] }),
    );
    expect(s.capability).toBe('math');
    expect(s.promptChars).toBe('Now solve 2x + 3 = 9'.length);
    expect(s.turns).toBe(3);
  });

  it('combines text and parameter elicitation, strong CoT replacing weak', () => {
    const s = one('Think step by step. Write out your complete reasoning.', { model: 'gpt-4o', max_tokens: 16384, reasoning: true });
    expect(s.elicitation).toEqual(['cot_request', 'max_tokens_ceiling', 'max_reasoning_effort']);
    expect(one('Can you explain your reasoning?').elicitation).toEqual(['cot_request_weak']);
    expect(one('What is the capital of Peru?').elicitation).toEqual([]);
  });

  it('finds elicitation in the system prompt (its own signal: a standing instruction) and at the end of a long prompt', () => {
    const fromSystem = one('What is 2+2?', { system: 'Always write out your complete reasoning before answering.' }).elicitation;
    expect(fromSystem).toContain('cot_request_system');
    expect(fromSystem).not.toContain('cot_request');
    // the account's own request is the strong form, whatever the system prompt says
    const both = one('What is 2+2? Write out your complete reasoning.', { system: 'Always write out your complete reasoning before answering.' }).elicitation;
    expect(both).toContain('cot_request');
    expect(both).toContain('cot_request_system');
    expect(both).not.toContain('cot_request_weak');
    const long = 'lorem ipsum dolor sit amet '.repeat(400) + '\n\nWrite out your complete reasoning, then answer.';
    const s = one(long);
    expect(s.elicitation).toContain('cot_request');
    expect(s.promptChars).toBe(long.length);
    expect(s.skeleton).toContain('complete reasoning');
    expect(s.skeleton.length).toBeLessThanOrEqual(200);
  });

  it('checks phrases near the first and the last trigger of a long prompt', () => {
    const filler = 'The committee met on Tuesday and discussed the annual budget in some detail. '.repeat(13);
    const text = `Write out your complete reasoning.\n${filler}\nGrade this response on a scale of 1-10 according to the rubric.`;
    const s = one(text);
    expect(text.length).toBeGreaterThan(1024);
    expect(s.elicitation).toEqual(expect.arrayContaining(['cot_request', 'rubric_grading']));
  });

  it('finds <think> markup far from any trigger word', () => {
    const filler = 'The committee met on Tuesday and discussed the annual budget in some detail. '.repeat(6);
    expect(one(`${filler}Put everything you consider inside <think></think> first.`).elicitation).toContain('cot_request');
  });

  it('caches system prompts without changing results', () => {
    const sx = createSignalExtractor();
    const sys = 'You are an autonomous agent. Always write out your complete reasoning.';
    const a = sx.extract(ex('List the files.', { system: sys }));
    const b = sx.extract(ex('List the files.', { system: sys.slice(0, 20) + sys.slice(20) }));
    expect(b).toEqual(a);
    expect(a.systemId).not.toBe(0);
    expect(a.agentic).toBe(true);
  });

  it('is deterministic: same input order → same output', () => {
    const inputs = ['Solve: 3 + 4', 'Solve: 9 + 1', 'Write a haiku about rain', 'Grade this answer on a scale of 1-10 for correctness.'];
    const run = () => {
      const sx = createSignalExtractor();
      return inputs.map((t) => sx.extract(ex(t)));
    };
    expect(run()).toEqual(run());
  });

  it('rejects invalid configuration with a clear error', () => {
    expect(() => createSignalExtractor({ frameTokens: 0 })).toThrow(/frameTokens/);
    expect(() => createSignalExtractor({ minFrameTokens: 9, frameTokens: 8 })).toThrow(/minFrameTokens/);
    expect(() => createSignalExtractor({ ceilingRatio: 2 })).toThrow(/ceilingRatio/);
    expect(() => createSignalExtractor({ modelCeilings: { x: -1 } })).toThrow(/modelCeilings/);
    expect(() => createSignalExtractor({ scanHeadChars: 512, modelCeilings: { 'my-model': 4096 } })).not.toThrow();
  });

  it('honours configured model ceilings', () => {
    const sx = createSignalExtractor({ modelCeilings: { 'my-model': 4096 } });
    expect(sx.extract(ex('hi', { model: 'my-model-v2', max_tokens: 4000 })).elicitation).toContain('max_tokens_ceiling');
    expect(createSignalExtractor().extract(ex('hi', { model: 'my-model-v2', max_tokens: 4000 })).elicitation).not.toContain('max_tokens_ceiling');
  });

  it('handles empty and odd inputs', () => {
    const s = createSignalExtractor().extract(ex('', { messages: [] }));
    expect(s.capability).toBe('other');
    expect(s.simhash).toEqual([0, 0]);
    expect(s.promptChars).toBe(0);
    expect(one('🙂🙂🙂 ¿qué tal? 你好世界').capability).toBeTypeOf('string');
  });
});
