import { describe, expect, it } from 'vitest';
import { E_COT, E_COT_WEAK, E_EFFORT, E_RECON, E_RUBRIC, textElicitation } from './elicitation.js';

const el = (t: string): number => textElicitation(t, -1);

describe('chain-of-thought requests', () => {
  const strong = [
    'What is 12 * 7?\n\nWrite out your complete reasoning, then give the final answer.',
    'Show your chain of thought.',
    'show your chain-of-thought before answering',
    'Think step by step and include every step.',
    'Explain your full thought process before answering.',
    'Please WRITE OUT, in full, your entire reasoning process.',
    'Provide your complete, unabridged reasoning trace.',
    'Wrap your reasoning in <think></think> tags.',
    'Put your thinking inside <thinking> tags then answer.',
    "Don't skip any intermediate steps.",
    'Output your raw thinking verbatim.',
    'Walk me through your entire thought process.',
    'Show your full working, then state the answer.',
    'Reason through this carefully, showing every intermediate step.',
    'Walk through why this answer is correct, covering every step.',
    'Always give exhaustive, step-by-step solutions with complete reasoning.',
    'Answer each question including the full derivation, then the result.',
  ];
  for (const t of strong) it(`strong: ${t}`, () => expect(el(t) & (E_COT | E_COT_WEAK)).toBe(E_COT));

  const weak = [
    'Can you explain your reasoning?',
    "Let's think step by step.",
    'Please help my students: explain step by step how to solve 2x+3=7.',
    'Show your work.',
    'Think carefully before you answer.',
  ];
  for (const t of weak) it(`weak only: ${t}`, () => expect(el(t) & (E_COT | E_COT_WEAK)).toBe(E_COT_WEAK));

  const none = [
    'List all the steps to install Docker on Ubuntu.',
    'Share all your thoughts on this movie.',
    'What do you think about Rust?',
    'Write a complete guide to sourdough bread.',
    'I need a full list of reasoning fallacies for my class.',
    'Send me the rota with full working hours for each shift.',
    'A workbook with complete reasoning exercises for ten-year-olds.',
    'List every step to install Docker on Ubuntu.',
    'Show all steps of the recipe, please.',
  ];
  for (const t of none) it(`no CoT: ${t}`, () => expect(el(t) & (E_COT | E_COT_WEAK)).toBe(0));
});

describe('rubric grading', () => {
  const yes = [
    'Grade this response on a scale of 1-10 according to the rubric.',
    'Score the following answer for correctness, helpfulness and harmlessness.',
    'Which response is better, A or B?',
    'Response A vs response B: which do you prefer?',
    'Please act as an impartial judge and evaluate the quality of the response. Output [[A]] or [[B]].',
    'Rate each completion from 1 to 5.',
    'Evaluate the assistant reply using the following rubric:',
  ];
  for (const t of yes) it(`yes: ${t}`, () => expect(el(t) & E_RUBRIC).toBe(E_RUBRIC));
  const no = [
    'Can you help me create a rubric for my 5th grade science fair?',
    'What is a good credit score?',
    'Which is better for a beginner, Python or Java?',
    'Rate my chances of getting into MIT.',
  ];
  for (const t of no) it(`no: ${t}`, () => expect(el(t) & E_RUBRIC).toBe(0));
});

describe('reasoning reconstruction', () => {
  const yes = [
    'Write out the reasoning behind this answer.',
    'Given the final answer, reconstruct the steps.',
    'Explain how one would arrive at the answer 42.',
    'The correct answer is (C). Write out the full reasoning that leads to this answer.',
    'Work backwards from the given answer and produce the derivation.',
    'Given the answer below, write out a step-by-step solution that reaches it.',
    'Reconstruct the chain of reasoning for the following solution.',
    'Reconstruct, step by step, the full derivation that produces this answer.',
    'Walk through why this answer is correct, covering every step.',
  ];
  for (const t of yes) it(`yes: ${t}`, () => expect(el(t) & E_RECON).toBe(E_RECON));
  const no = [
    'How did you arrive at that?',
    'I arrived at the airport late; what now?',
    'Can you justify your previous claim about taxes?',
    "What's the reason behind the French revolution?",
  ];
  for (const t of no) it(`no: ${t}`, () => expect(el(t) & E_RECON).toBe(0));
});

describe('maximum-effort text requests', () => {
  const yes = [
    'Use your maximum reasoning effort.',
    'Apply the deepest level of reasoning you can.',
    'Take your time and reason exhaustively before answering.',
    'Think as long and as hard as you need; thoroughness matters more than speed.',
  ];
  for (const t of yes) it(`yes: ${t}`, () => expect(el(t) & E_EFFORT).toBe(E_EFFORT));
  const no = [
    'How long does it take to boil an egg?',
    'What is the maximum load of this bridge?',
    'Try as hard as you can to keep it under 100 words.',
  ];
  for (const t of no) it(`no: ${t}`, () => expect(el(t) & E_EFFORT).toBe(0));
});

describe('gating', () => {
  it('runs no family without its trigger flags', () => {
    expect(textElicitation('Write out your complete reasoning.', 0)).toBe(0);
  });
});
