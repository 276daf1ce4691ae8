/**
 * Keyword lexicon as data: single words and two-word phrases → capability (with weight) and
 * flags. Compiled once into an open-addressing Int32Array table keyed by the tokenizer's word
 * hash, so a lookup is a multiply, a mask and a compare (no Map, no substring).
 */
import { pairKey, wordHash } from './hash.js';
import type { Capability } from './types.js';

/** Flag bits in a lexicon value (bits 0-3 capability index, 4-5 weight). */
export const F_STOP = 1 << 8;
export const F_COT = 1 << 9;
export const F_RUBRIC = 1 << 10;
export const F_RECON = 1 << 11;
export const F_EFFORT = 1 << 12;
export const NO_CAP = 15;

/** Index of each capability in score arrays (stable; not the priority order). */
export const CAP_INDEX: Readonly<Record<Capability, number>> = {
  coding: 0,
  math: 1,
  agentic: 2,
  tool_use: 3,
  long_horizon: 4,
  reasoning: 5,
  chat: 6,
  writing: 7,
  knowledge: 8,
  other: 9,
};

type Entry = [capability: Capability | null, weight: 0 | 1 | 2 | 3, words: string];

/** Weight 2: specific to the capability; weight 1: suggestive but ambiguous. */
export const LEXICON: readonly Entry[] = [
  ['coding', 2, 'python javascript typescript golang rustlang kotlin swift sql regex regexp code coding codebase debug debugging compile compiler compiles compiling refactor refactoring endpoint recursion recursive traceback stacktrace segfault npm pip dockerfile docker kubernetes git github repo repository unittest pytest jest react django flask html css def const println printf lambda async await boolean nullptr leetcode programming programmer node.js java'],
  ['coding', 1, 'function functions bug bugs api json class method algorithm implement implementation script program array arrays integer runtime exception complexity variable variables compile library framework deploy database query'],
  ['coding', 2, 'time complexity|unit test|unit tests|pull request|stack trace|linked list|binary search|data structure|data structures|syntax error|type error|edge cases|this code|the code|my code|a function|a script|write code|the bug'],
  ['math', 2, 'equation equations integral integrals integrate derivative derivatives differentiate calculus algebra algebraic geometry polynomial polynomials matrix matrices eigenvalue eigenvalues probability probabilities combinatorics permutations factorial primes modulo divisible integers fraction fractions logarithm logarithms sqrt sine cosine trigonometry theorem lemma arithmetic olympiad triangle triangles perimeter hypotenuse quadratic exponent exponents vectors inequality inequalities'],
  ['math', 1, 'solve compute calculate sum prime percent percentage ratio area radius circle remainder digits number numbers expected average mean median variance angle'],
  ['math', 2, 'real numbers|positive integers|how many|find all|the value|the sum|the probability|the area'],
  ['reasoning', 2, 'puzzle puzzles riddle riddles logic logical syllogism deduce deduction deductive inductive premise premises paradox knights knaves liar liars brainteaser contradiction implies'],
  ['reasoning', 1, 'infer inference prove proof conclude conclusion valid argument'],
  ['reasoning', 2, 'must be true|cannot be true|logic puzzle|lateral thinking|which statement|follows logically'],
  ['agentic', 2, 'agent agents autonomous autonomously multi-agent subagent orchestrate orchestrator react-style'],
  ['agentic', 1, 'browse navigate click terminal shell workflow execute observation'],
  ['agentic', 2, 'browse the|the terminal|run the|execute the|tool calls|your task|available tools|next action'],
  ['tool_use', 2, 'tool_call tool_calls function_call tool_use'],
  ['tool_use', 1, 'tool tools invoke schema'],
  ['tool_use', 2, 'function call|function calling|json schema|call the|use the'],
  ['long_horizon', 2, 'roadmap milestones milestone subtasks subtask multi-step long-term end-to-end decompose'],
  ['long_horizon', 1, 'plan planning phases phase timeline project weeks months stages'],
  ['long_horizon', 2, 'step-by-step plan|detailed plan|project plan|over the|break down|breaking down|long term'],
  ['chat', 2, 'hi hello hey thanks lol haha bored lonely'],
  ['chat', 1, 'thank feel feeling advice recommend favorite chat talk joke weekend dinner friend friends girlfriend boyfriend relationship sad happy fun'],
  ['chat', 2, 'how are|what do|do you|are you|can we|any tips|should i|how do i|help me|what should|ideas for'],
  ['chat', 1, 'tips itinerary recipe cook cooking gift birthday wedding trip travel vacation holiday houseplants plants garden pet dog cat sleep workout diet hobby movie movies book books music song game games party invitation landlord neighbor neighbour'],
  ['writing', 2, 'essay essays story stories poem poems haiku novel blog article lyrics slogan tagline rewrite paraphrase proofread copywriting fiction screenplay limerick sonnet'],
  ['writing', 1, 'letter tone draft outline narrative character characters summarize summary headline translate translation email speech'],
  ['writing', 2, 'cover letter|short story|blog post|rewrite this|make it|more formal'],
  ['knowledge', 2, 'history historical capital biology chemistry economics geography president population century encyclopedia'],
  ['knowledge', 1, 'define definition meaning facts fact physics science scientific medicine medical law legal country war who when where invented discovered'],
  ['knowledge', 1, 'what is|what are|who is'],
  ['knowledge', 2, 'who was|when did|difference between|tell me about'],
];

/** Flags only (no capability). */
export const FLAG_WORDS: ReadonlyArray<[number, string]> = [
  [F_STOP, 'the a an of to and or in on for is are be it this that with as at by you your i me my we our please can could would will what how do does did if then than so but not no from into out its'],
  // Elicitation trigger words and bigrams: rare enough that ordinary prompts seldom pay for the
  // patterns (common words such as "think", "work", "given" only count inside bigrams).
  [F_COT, 'reasoning rationale rationales scratchpad monologue chain-of-thought step-by-step cot thinking deliberation deliberations'],
  [F_COT, 'step by|your work|your working|your thinking|your logic|your steps|the steps|think carefully|think hard|think harder|think deeply|think through|reason through|reason carefully|of thought|thought process|intermediate steps|every step|each step|skip any|skipping any|omit any|summarize your|thinking tags|think tags'],
  [F_RUBRIC, 'rubric grade grading graded score scoring rate rating evaluate evaluation judge judging assess criteria verdict impartial helpfulness correctness harmlessness'],
  [F_RUBRIC, 'which response|which answer|which completion|which output|which assistant|which reply|which model|response a|answer a|assistant a|output a|completion a|model a'],
  [F_EFFORT, 'exhaustively maximal deepest thoroughness'],
  [F_EFFORT, 'maximum reasoning|max reasoning|maximum effort|max effort|reasoning effort|reasoning budget|thinking budget|as long|as hard|as deeply|reason exhaustively|highest level|deepest level'],
  [F_RECON, 'reconstruct reconstruction backwards backward derivation justification derive justify'],
  [F_RECON, 'reasoning behind|steps behind|logic behind|rationale behind|reasoning for|leads to|led to|leading to|to arrive|arrive at|to reach|answer is'],
];

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
const keys = new Int32Array(TABLE_SIZE);
const vals = new Int32Array(TABLE_SIZE);

function slotKey(h: number): number {
  return h === 0 ? 1 : h; // hashes arrive mixed (wordHash / pairKey); 0 marks an empty slot
}

function put(h: number, value: number, merge: boolean): void {
  const k = slotKey(h);
  let s = k & TABLE_MASK;
  for (;;) {
    if (keys[s] === 0) {
      keys[s] = k;
      vals[s] = value | (merge ? NO_CAP : 0);
      return;
    }
    if (keys[s] === k) {
      if (merge) vals[s] |= value;
      else vals[s] = (vals[s] & ~0xff) | value; // capability replaces, flags kept
      return;
    }
    s = (s + 1) & TABLE_MASK;
  }
}

/**
 * Hash of a lexicon phrase of one or two words, as the extractor computes it from tokens.
 * @example phraseHash('step by') === pairKey(wordHash('step'), wordHash('by')) // true
 */
export function phraseHash(phrase: string): number {
  const sp = phrase.indexOf(' ');
  return sp < 0 ? wordHash(phrase) : pairKey(wordHash(phrase.slice(0, sp)), wordHash(phrase.slice(sp + 1)));
}

for (const [flag, words] of FLAG_WORDS) {
  for (const w of words.includes('|') ? words.split('|') : words.split(' ')) put(phraseHash(w), flag, true);
}
for (const [cap, weight, words] of LEXICON) {
  const list = words.includes('|') ? words.split('|') : words.split(' ');
  for (const w of list) put(phraseHash(w), (cap === null ? NO_CAP : CAP_INDEX[cap]) | (weight << 4), false);
}

/**
 * Lexicon value for a token or bigram hash; 0 when absent. Capability index in bits 0-3
 * (NO_CAP = none), weight in bits 4-5, F_* flags above.
 * @example lookup(phraseHash('python')) & 15 // CAP_INDEX.coding
 */
export function lookup(h: number): number {
  const k = h === 0 ? 1 : h;
  let s = k & TABLE_MASK;
  for (;;) {
    const t = keys[s];
    if (t === k) return vals[s];
    if (t === 0) return 0;
    s = (s + 1) & TABLE_MASK;
  }
}
