import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROMPTS } from './prompts-builtin.js';
import { CAPABILITIES, builtinPools, loadPromptDir } from './prompts.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prompt pools', () => {
  it('built-in sample covers every capability with 100–200 prompts, benchmark items included', () => {
    expect(BUILTIN_PROMPTS.length).toBeGreaterThanOrEqual(100);
    expect(BUILTIN_PROMPTS.length).toBeLessThanOrEqual(200);
    const pools = builtinPools();
    for (const c of CAPABILITIES) expect(pools.byCategory[c].length, c).toBeGreaterThan(0);
    expect(pools.bench.length).toBeGreaterThan(20);
    // Pre-escaped text embeds into JSON.
    for (const c of CAPABILITIES) for (const p of pools.byCategory[c]) expect(() => JSON.parse(`{"a":"${p.content}","b":"${p.answer}","c":"${p.answerCut}"${p.tools}}`)).not.toThrow();
  });

  it('loads dataset folders, skips bad lines, maps bfcl functions to tools and keeps built-ins for uncovered categories', () => {
    mkdirSync(join(dir, 'gsm8k'));
    writeFileSync(
      join(dir, 'gsm8k', 'prompts.jsonl'),
      ['{"prompt":"Tom has 3 apples and buys 4 more. How many?","answer":"3 + 4 = 7\\n#### 7"}', 'not json', '{"answer":"no prompt"}', '', '{"prompt":"Quote \\" and newline\\n ok"}'].join('\n'),
    );
    mkdirSync(join(dir, 'bfcl'));
    writeFileSync(
      join(dir, 'bfcl', 'prompts.jsonl'),
      JSON.stringify({ prompt: 'Weather in Oslo?', functions: JSON.stringify([{ name: 'get_weather', parameters: {} }, { name: 'get_time' }]) }) + '\n',
    );
    mkdirSync(join(dir, 'empty-folder'));
    const pools = loadPromptDir(dir);
    expect(pools.skipped).toBe(2);
    expect(pools.byCategory.math.map((p) => p.chars)).toEqual(["Tom has 3 apples and buys 4 more. How many?".length, "Quote \" and newline\n ok".length]);
    expect(pools.byCategory.math.every((p) => p.bench)).toBe(true);
    expect(pools.byCategory.tool_use).toHaveLength(1);
    expect(pools.byCategory.tool_use[0].tools).toBe(',"tools":["get_weather","get_time"]');
    expect(JSON.parse(`"${pools.byCategory.math[1].content}"`)).toBe('Quote " and newline\n ok');
    // Agentic prompts come from no dataset: built-in ones stay.
    expect(pools.byCategory.agentic.length).toBe(BUILTIN_PROMPTS.filter((p) => p.category === 'agentic').length);
  });

  it('refuses a missing folder or one without any prompts', () => {
    expect(() => loadPromptDir(join(dir, 'nope'))).toThrow(/not a directory/);
    expect(() => loadPromptDir(join(dir, 'empty-folder'))).toThrow(/no prompts.jsonl/);
  });

  it.skipIf(!existsSync('/work/shared/realdata/gsm8k/prompts.jsonl'))('loads the shared real datasets', () => {
    const pools = loadPromptDir('/work/shared/realdata');
    expect(pools.byCategory.math.length).toBeGreaterThan(1000);
    expect(pools.byCategory.tool_use.some((p) => p.tools.length > 0)).toBe(true);
    expect(pools.bench.length).toBeGreaterThan(5000);
  });
});
