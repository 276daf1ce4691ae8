/**
 * Prompt pools for the simulator: the built-in sample, or real datasets from `--prompts DIR`
 * (one folder a dataset holding prompts.jsonl lines {prompt, answer?, category?, functions?}).
 * Every text is JSON-escaped once here, so rendering an exchange is string concatenation only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BUILTIN_ANSWERS, BUILTIN_PROMPTS, type BuiltinPrompt } from './prompts-builtin.js';
import { escapeInner, flat, isAscii } from './strings.js';

export const CAPABILITIES = [
  'chat',
  'writing',
  'coding',
  'math',
  'knowledge',
  'reasoning',
  'tool_use',
  'agentic',
  'long_horizon',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** One prompt, pre-rendered. */
export interface PromptItem {
  category: Capability;
  /** JSON-escaped text without the surrounding quotes. */
  content: string;
  /** Length of the raw text, for token estimates. */
  chars: number;
  /** JSON-escaped short answer (synthetic or the dataset's, cut), without quotes. */
  answer: string;
  /** The answer cut off mid-way, as a response truncated at max_tokens looks (escaped, no quotes). */
  answerCut: string;
  /** `,"tools":[…]` fragment, or '' when the prompt has no tools. */
  tools: string;
  /** Benchmark item: graded dataset item that eval harnesses and harvesters both send. */
  bench: boolean;
  /** Every rendered fragment of this item is ASCII. */
  ascii: boolean;
}

export interface PromptPools {
  byCategory: Record<Capability, PromptItem[]>;
  /** Benchmark items over all categories, in a fixed order (harnesses walk them in sequence). */
  bench: PromptItem[];
  /** Where the prompts came from, for docs and logs. */
  source: string;
  /** Dataset lines skipped as invalid. */
  skipped: number;
}

const MAX_PROMPT_CHARS = 4000;
const MAX_ANSWER_CHARS = 240;
const MAX_ITEMS_PER_DATASET = 5000;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export { escapeInner } from './strings.js';

function toolsFragment(tools: readonly string[] | undefined): string {
  if (!tools || tools.length === 0) return '';
  return flat(',"tools":' + JSON.stringify(tools));
}

function compile(p: BuiltinPrompt, answerIndex: number): PromptItem {
  const text = p.prompt.slice(0, MAX_PROMPT_CHARS);
  const answers = BUILTIN_ANSWERS[p.category];
  const answer = (p.answer ?? answers[answerIndex % answers.length]).slice(0, MAX_ANSWER_CHARS);
  const item = {
    category: p.category,
    content: escapeInner(text),
    chars: text.length,
    answer: escapeInner(answer),
    answerCut: escapeInner(Array.from(answer).slice(0, Math.max(1, answer.length >> 1)).join('')),
    tools: toolsFragment(p.tools),
    bench: p.bench === true,
    ascii: true,
  };
  item.ascii = isAscii(item.content) && isAscii(item.answer) && isAscii(item.answerCut) && isAscii(item.tools);
  return item;
}

function emptyPools(): Record<Capability, PromptItem[]> {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, [] as PromptItem[]])) as unknown as Record<Capability, PromptItem[]>;
}

function finish(items: readonly BuiltinPrompt[], source: string, skipped: number): PromptPools {
  const byCategory = emptyPools();
  const bench: PromptItem[] = [];
  items.forEach((p, i) => {
    const item = compile(p, i);
    byCategory[p.category].push(item);
    if (item.bench) bench.push(item);
  });
  // A category no dataset covered keeps the built-in prompts.
  for (const c of CAPABILITIES) {
    if (byCategory[c].length === 0) {
      BUILTIN_PROMPTS.forEach((p, i) => {
        if (p.category === c) {
          const item = compile(p, i);
          byCategory[c].push(item);
          if (item.bench) bench.push(item);
        }
      });
    }
  }
  return { byCategory, bench, source, skipped };
}

/**
 * The built-in sample (about 130 original prompts).
 * @example builtinPools().byCategory.coding.length > 0 // true
 */
export function builtinPools(): PromptPools {
  return finish(BUILTIN_PROMPTS, 'builtin', 0);
}

/** Which capability a known dataset folder feeds, and whether its items are benchmark items. */
const DATASETS: Readonly<Record<string, { category: Capability; bench: boolean }>> = {
  gsm8k: { category: 'math', bench: true },
  humaneval: { category: 'coding', bench: true },
  mbpp: { category: 'coding', bench: true },
  codealpaca: { category: 'coding', bench: false },
  mmlu: { category: 'knowledge', bench: true },
  bfcl: { category: 'tool_use', bench: true },
  awesome_chatgpt_prompts: { category: 'writing', bench: false },
  alpaca_eval: { category: 'chat', bench: false },
  self_instruct: { category: 'chat', bench: false },
};

const DatasetLine = z.looseObject({
  prompt: z.string().min(1),
  answer: z.string().optional(),
  category: z.string().optional(),
  functions: z.string().optional(),
});

function toolNames(functions: string | undefined): string[] | undefined {
  if (!functions) return undefined;
  try {
    const parsed: unknown = JSON.parse(functions);
    if (!Array.isArray(parsed)) return undefined;
    const names = parsed
      .map((f: unknown) => (f && typeof f === 'object' && 'name' in f ? String((f as { name: unknown }).name) : ''))
      .filter((n) => n.length > 0 && n.length < 120);
    return names.length > 0 ? names.slice(0, 16) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Load prompt pools from a folder of datasets (see /work/shared/realdata/INDEX.md). Lines that are
 * not JSON or lack a prompt are skipped and counted; each dataset is capped at 5,000 prompts and
 * each file at 64 MiB. Categories no dataset covers (agentic, long-horizon) keep the built-in sample.
 * @example loadPromptDir('/work/shared/realdata').byCategory.math.length // up to 5000
 */
export function loadPromptDir(dir: string): PromptPools {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--prompts: not a directory: ${dir}`);
  const items: BuiltinPrompt[] = [];
  let skipped = 0;
  const names = readdirSync(dir).sort();
  for (const name of names) {
    const file = join(dir, name, 'prompts.jsonl');
    if (!existsSync(file)) continue;
    if (statSync(file).size > MAX_FILE_BYTES) {
      skipped++;
      continue;
    }
    const known = DATASETS[name];
    const lines = readFileSync(file, 'utf8').split('\n');
    let taken = 0;
    for (const line of lines) {
      if (taken >= MAX_ITEMS_PER_DATASET) break;
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const r = DatasetLine.safeParse(parsed);
      if (!r.success) {
        skipped++;
        continue;
      }
      const fromField = (CAPABILITIES as readonly string[]).includes(r.data.category ?? '')
        ? (r.data.category as Capability)
        : undefined;
      const category = known?.category ?? fromField ?? 'chat';
      items.push({
        category,
        prompt: r.data.prompt,
        answer: r.data.answer,
        tools: toolNames(r.data.functions),
        bench: known?.bench ?? false,
      });
      taken++;
    }
  }
  if (items.length === 0) throw new Error(`--prompts: no prompts.jsonl with valid lines under ${dir}`);
  return finish(items, dir, skipped);
}
