import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { CeilingTable, DEFAULT_MODEL_CEILINGS, paramElicitation } from './ceiling.js';
import { E_CEILING, E_EFFORT } from './elicitation.js';

const table = new CeilingTable(DEFAULT_MODEL_CEILINGS, 32768);
const ex = (extra: Record<string, unknown>): Exchange =>
  ({ id: 'e', ts: '2026-01-01T00:00:00Z', account: 'a', messages: [], ...extra }) as Exchange;
const p = (extra: Record<string, unknown>): number => paramElicitation(ex(extra), table, 0.9, 32000);

describe('CeilingTable', () => {
  it('uses the longest matching prefix, strips provider routing prefixes, falls back', () => {
    expect(table.ceilingOf('gpt-4o-mini-2024')).toBe(16384);
    expect(table.ceilingOf('gpt-4-0613')).toBe(8192);
    expect(table.ceilingOf('claude-opus-4-5-20251101')).toBe(64000);
    expect(table.ceilingOf('claude-opus-4-1')).toBe(32000);
    expect(table.ceilingOf('openai/gpt-4o')).toBe(16384);
    expect(table.ceilingOf('some-local-model')).toBe(32768);
    expect(table.ceilingOf(undefined)).toBe(32768);
  });

  it('gives the same answers when a model repeats, alternates or follows undefined (last-model memo)', () => {
    const t = new CeilingTable(DEFAULT_MODEL_CEILINGS, 32768);
    const seq = ['gpt-4o', 'gpt-4o', 'o3', 'gpt-4o', undefined, 'gpt-4o', 'unknown-x', 'unknown-x', 'claude-3-5-haiku', 'gpt-4o'];
    const want = [16384, 16384, 100000, 16384, 32768, 16384, 32768, 32768, 8192, 16384];
    expect(seq.map((m) => t.ceilingOf(m))).toEqual(want);
  });
});

describe('max_tokens ceiling', () => {
  it('fires at ≥ 90 % of the model ceiling or ≥ the absolute bound', () => {
    expect(p({ model: 'gpt-4o', max_tokens: 16384 }) & E_CEILING).toBe(E_CEILING);
    expect(p({ model: 'gpt-4o', max_tokens: 15000 }) & E_CEILING).toBe(E_CEILING);
    expect(p({ model: 'o3', max_tokens: 40000 }) & E_CEILING).toBe(E_CEILING);
    expect(p({ max_tokens: 32000 }) & E_CEILING).toBe(E_CEILING);
  });
  it('does not fire for ordinary limits', () => {
    expect(p({ model: 'gpt-4o', max_tokens: 4096 }) & E_CEILING).toBe(0);
    expect(p({ model: 'claude-sonnet-4', max_tokens: 8192 }) & E_CEILING).toBe(0);
    expect(p({}) & E_CEILING).toBe(0);
  });
});

describe('max reasoning effort', () => {
  it('fires on reasoning=true, high/max effort and a maximal thinking budget', () => {
    expect(p({ reasoning: true })).toBe(E_EFFORT);
    expect(p({ reasoning_effort: 'high' })).toBe(E_EFFORT);
    expect(p({ reasoning_effort: 'MAX' })).toBe(E_EFFORT);
    expect(p({ thinking: { type: 'enabled', budget_tokens: 60000 }, model: 'claude-sonnet-4' })).toBe(E_EFFORT);
  });
  it('does not fire on low effort or small budgets', () => {
    expect(p({ reasoning: false })).toBe(0);
    expect(p({ reasoning_effort: 'low' })).toBe(0);
    expect(p({ reasoning_effort: 7 })).toBe(0);
    expect(p({ thinking: { type: 'enabled', budget_tokens: 2048 } })).toBe(0);
  });
  it('reads the nested and fallback fields, ignoring values of the wrong type', () => {
    expect(p({ reasoning: { effort: 'high' } })).toBe(E_EFFORT);
    expect(p({ reasoning: { effort: 'low' }, reasoning_effort: 'max' })).toBe(E_EFFORT);
    expect(p({ reasoning_effort: 'low', reasoning: { effort: 'high' } })).toBe(0); // a string effort is taken as given
    expect(p({ reasoning_effort: 5, reasoning: { effort: 'xhigh' } })).toBe(E_EFFORT);
    expect(p({ reasoning: null, thinking: null })).toBe(0);
    expect(p({ reasoning: ['high'], thinking: [60000] })).toBe(0);
    expect(p({ thinking_budget: 40000 })).toBe(E_EFFORT);
    expect(p({ budget_tokens: 40000 })).toBe(E_EFFORT);
    expect(p({ thinking: { budget_tokens: 'lots' }, budget_tokens: 40000 })).toBe(E_EFFORT);
    expect(p({ thinking: { budget_tokens: 100 }, budget_tokens: 40000 })).toBe(0); // the first number found decides
    expect(p({ thinking_budget: Number.POSITIVE_INFINITY })).toBe(0);
    expect(p({ thinking_budget: Number.NaN, budget_tokens: 40000 })).toBe(E_EFFORT);
  });
});
