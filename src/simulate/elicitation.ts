/**
 * Elicitation styles: the wording harvesting campaigns add to get long, explicit reasoning out of
 * a model, each with several paraphrases so no detector can key on one exact string. Eval harnesses
 * use some of the same wording (zero-shot chain-of-thought), on purpose.
 */
import type { Rng } from './rng.js';
import { escapeInner } from './prompts.js';

export type ElicitationStyle = 'cot' | 'rubric' | 'explain' | 'max_effort' | 'none';

export const COT_SUFFIXES: readonly string[] = [
  "Let's think step by step.",
  'Think step by step and show all of your reasoning before giving the final answer.',
  'Write out your complete reasoning, then give the final answer on its own line.',
  'Reason through this carefully, showing every intermediate step.',
  'Explain your chain of thought in full before you answer.',
  'Work through the problem step by step; do not skip any steps.',
  'Show your full working, then state the answer.',
];

export const RUBRIC_SUFFIXES: readonly string[] = [
  'Grade the candidate answer against a rubric of correctness, completeness and clarity (1-10 each), justifying every score in detail.',
  'Act as a strict grader: score the response on accuracy, reasoning quality and style from 1 to 10, with a paragraph of justification per criterion.',
  'Evaluate the answer above using this rubric: factual accuracy, logical soundness, helpfulness. Give a score and detailed rationale for each.',
  'You are a reward model. Rate the response 1-10 on each of: correctness, depth of reasoning, instruction following, and explain each rating step by step.',
];

export const EXPLAIN_SUFFIXES: readonly string[] = [
  'Write out the reasoning behind this answer.',
  'Explain in detail the reasoning that leads to this answer.',
  'Reconstruct, step by step, the full derivation that produces this answer.',
  'Give the complete chain of reasoning that justifies the answer above.',
  'Walk through why this answer is correct, covering every step.',
];

export const MAX_EFFORT_SUFFIXES: readonly string[] = [
  'Use your maximum reasoning effort.',
  'Think as long and as hard as you need; thoroughness matters more than speed.',
  'Take your time and reason exhaustively before answering.',
  'Apply the deepest level of reasoning you can.',
];

const OPENERS = ['Before answering,', 'Prior to your final answer,', 'First,', 'Please', 'Make sure you', 'Kindly'];
const VERBS = ['walk me through', 'lay out', 'spell out', 'narrate', 'document', 'detail'];
const OBJECTS = [
  'every step of your thinking',
  'your full reasoning',
  'the chain of logic you used',
  'each intermediate conclusion',
  'how you arrived at the result',
  'your thought process from start to finish',
];

/**
 * Paraphrased elicitation for stealthy campaigns: 216 variants built from parts, so the exact
 * string rarely repeats across accounts.
 * @example paraphrase(new Rng(1)) // e.g. 'First, lay out your full reasoning.'
 */
export function paraphrase(rng: Rng): string {
  return `${rng.pick(OPENERS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)}.`;
}

/** Pre-escaped suffix lists (JSON inner text), one per style. */
export const ESCAPED: Readonly<Record<Exclude<ElicitationStyle, 'none'>, readonly string[]>> = {
  cot: COT_SUFFIXES.map(escapeInner),
  rubric: RUBRIC_SUFFIXES.map(escapeInner),
  explain: EXPLAIN_SUFFIXES.map(escapeInner),
  max_effort: MAX_EFFORT_SUFFIXES.map(escapeInner),
};
