/**
 * Text elicitation signals: requests for the model's reasoning trace, LLM-as-judge / rubric
 * grading, and reasoning reconstruction from a given answer. Patterns are precompiled,
 * case-insensitive and tolerant of punctuation/hyphenation between words (`\W+`); each family
 * only runs when the tokenizer saw one of its trigger words (lexicon F_COT / F_RUBRIC / F_RECON),
 * so ordinary prompts pay nothing here.
 */
import { F_COT, F_EFFORT, F_RECON, F_RUBRIC } from './lexicon.js';

/** Bit of each elicitation in a mask (index in ELICITATIONS). */
export const E_COT = 1;
export const E_COT_WEAK = 2;
export const E_RUBRIC = 4;
export const E_RECON = 8;
export const E_CEILING = 16;
export const E_EFFORT = 32;

const GAP = (max: number): string => `(?:[\\w'’]+\\W+){0,${max}}?`;
const VERB =
  "(?:write|spell|lay|set|print|output|give|show|provide|include|list|document|record|narrate|reproduce|transcribe|dump|reveal|expose|share|present|display|detail|state|return|produce|generate|explain|describe|walk\\W+(?:me|us)\\W+through|type|put|keep)";
const INTENS =
  '(?:complete|completely|full|fully|entire|entirety|whole|every|all|exhaustive|exhaustively|verbatim|raw|internal|hidden|private|unabridged|unfiltered|uncensored|thorough|extended|inner|detailed|each\\W+and\\W+every)';
const TRACE =
  '(?:reasoning|thought\\W+process|thinking|chain\\W*of\\W*thoughts?|reasoning\\W+(?:traces?|process|chain|steps)|scratch\\W?pad|monologue|rationale|deliberations?|thinking\\W+process|cognitive\\W+process|intermediate\\W+steps|working|derivations?)';

/** Strong chain-of-thought requests: the full trace, verbatim, every step, or trace markup. */
const COT_STRONG: readonly RegExp[] = [
  new RegExp(`\\b${VERB}\\W+(?:out\\W+|down\\W+|up\\W+|me\\W+|us\\W+)?${GAP(3)}${INTENS}\\W+${GAP(2)}${TRACE}\\b`, 'i'),
  new RegExp(`\\b${VERB}\\W+${GAP(4)}(?:chain\\W*of\\W*thoughts?|reasoning\\W+traces?|scratch\\W?pad|(?:internal|inner)\\W+monologue|raw\\W+thinking|thinking\\W+tokens?)\\b`, 'i'),
  // "solutions with complete reasoning", "answers including the full derivation" (the trace ends
  // the clause: not "with full working hours")
  new RegExp(`\\b(?:with|including)\\W+(?:the\\W+|your\\W+|all\\W+(?:the\\W+)?)?${INTENS}\\W+${GAP(1)}${TRACE}(?=\\s*(?:$|[.,;:!?)]|(?:and|then|before|for)\\b))`, 'i'),
  /<\/?(?:think|thinking|reasoning|scratchpad|thoughts?|cot)>|\b(?:think|thinking|reasoning)\W+tags?\b/i,
  /\b(?:do\W+not|don'?t|never|without)\W+(?:skip(?:ping)?|omit(?:ting)?|leav(?:e|ing)\W+out|summari[sz](?:e|ing)|abbreviat(?:e|ing)|condens(?:e|ing))\W+(?:any\W+)?(?:of\W+)?(?:the\W+|your\W+)?(?:intermediate\W+|reasoning\W+)?(?:steps?|reasoning|thoughts?|thinking|calculations?)\b/i,
  /\bstep\W*by\W*step\b[\s\S]{0,160}?\b(?:include|show|write|list|explain|detail|spell\W+out)\W+(?:out\W+)?(?:every|each|all)\W+(?:single\W+)?(?:of\W+the\W+)?(?:intermediate\W+)?steps?\b/i,
  /\b(?:cover(?:ing)?|show(?:ing)?|includ(?:e|ing)|detail(?:ing)?|spell(?:ing)?\W+out|writ(?:e|ing)\W+out)\W+(?:every|each\W+and\W+every|all\W+(?:of\W+)?(?:the\W+|your\W+)?intermediate)\W+(?:single\W+)?(?:intermediate\W+)?(?:step|steps|inference|calculation)\b/i,
  /\b(?:every|each)\W+(?:single\W+)?(?:intermediate\W+)?(?:step|inference|deduction)\W+(?:of\W+|in\W+)(?:your|the)\W+(?:reasoning|thinking|thought)/i,
];

/** Everyday step-by-step / explain-your-reasoning requests. */
const COT_WEAK: readonly RegExp[] = [
  /\bstep\W*by\W*step\b/i,
  new RegExp(`\\b(?:explain|show|describe|share|walk\\W+(?:me|us)\\W+through|give|justify|write\\W+out|include|provide|outline)\\W+${GAP(3)}(?:reasoning|thought\\W+process|thinking|work|working|your\\W+steps|rationale|logic)\\b`, 'i'),
  /\b(?:let'?s|please)?\W*(?:think|reason)\W+(?:carefully|hard|harder|deeply|it\W+through|through\W+(?:this|it|the))\b/i,
];

const GRADED =
  '(?:responses?|answers?|completions?|outputs?|repl(?:y|ies)|generations?|assistants?|models?|summar(?:y|ies)|submissions?|candidates?|transcripts?)';
const RUBRIC: readonly RegExp[] = [
  /\b(?:grade|score|rate|evaluate|assess|judge|mark)\W+(?:[\w'’]+\W+){0,8}?(?:rubric|scoring\W+criteria|evaluation\W+criteria|grading\W+criteria)\b/i,
  /\b(?:according\W+to|using|based\W+on|following|per)\W+(?:the\W+|this\W+|a\W+)?(?:following\W+|given\W+|provided\W+)?(?:scoring\W+|grading\W+)?rubric\b/i,
  /\bwhich\W+(?:of\W+the\W+(?:two|following)\W+|of\W+these\W+)?(?:responses?|answers?|completions?|outputs?|assistants?|repl(?:y|ies)|models?)\W+(?:is|was|did|does)\W+(?:better|best|more\W+\w+|preferred|superior|worse)\b/i,
  /\b(?:response|answer|assistant|output|completion|model)\W+a\W+(?:or|vs\.?|versus|and|compared\W+to)\W+(?:response\W+|answer\W+|assistant\W+|output\W+|completion\W+|model\W+)?b\b/i,
  /\[\[\s*[ab]\s*\]\]|\[\[\s*\d+(?:\.\d+)?\s*\]\]|\bimpartial\W+judge\b|\bfinal\W+verdict\b/i,
];
const RUBRIC_VERB_NOUN = new RegExp(`\\b(?:grade|score|rate|evaluate|assess|judge)\\W+${GAP(4)}${GRADED}\\b`, 'i');
const RUBRIC_SCALE =
  /\b(?:on\W+a\W+scale|scale\W+(?:of|from)|out\W+of\W+\d+|from\W+\d+\W+to\W+\d+|\d+\W*(?:-|–|to)\W*(?:5|7|10|100)\b|correctness|helpfulness|harmlessness|honesty|coherence|relevance|fluency|factuality|faithfulness|instruction\W+following)/i;

const RECON: readonly RegExp[] = [
  /\b(?:reasoning|steps|derivation|rationale|justification|thought\W+process|chain\W+of\W+thought|solution\W+path|logic|work(?:ing)?)\W+(?:behind|for|that\W+(?:leads?|led)\W+to|leading\W+to|to\W+(?:arrive\W+at|reach|get\W+to|obtain))\W+(?:this|the|that|these|a)\W+(?:given\W+|following\W+|provided\W+|correct\W+|final\W+|known\W+|reference\W+|gold\W+)*(?:answers?|solutions?|results?|conclusions?|outputs?|labels?)\b/i,
  /\bgiven\W+(?:the|this|a|that|an)\W+(?:\w+\W+)?(?:answers?|solutions?|results?|labels?|outputs?)\b[\s\S]{0,80}?\b(?:reconstruct|derive|work\W+backwards?|write\W+out|produce|generate|justify|explain\W+how)\b/i,
  /\bexplain\W+how\W+(?:one|someone|a\W+(?:student|person|solver|model|mathematician|human|expert)|an\W+expert|you)\W+(?:would|could|might|should|can)\W+(?:arrive|get|reach|derive|come|obtain)\b/i,
  /\b(?:work|reason|working|reasoning)\W+backwards?\W+from\W+(?:the|this|a|that)\W+(?:\w+\W+)?(?:answers?|solutions?|results?|conclusions?)\b/i,
  /\breconstruct\W+(?:[\w'’]+\W+){0,6}?(?:reasoning|steps|derivation|thought\W+process|solution|chain|thinking|rationale)\b/i,
  /\b(?:explain|show|walk\W+(?:me\W+|us\W+)?through|justify|prove|demonstrate|argue)\W+(?:\w+\W+){0,2}?why\W+(?:this|the|that|the\W+given|the\W+final|the\W+provided)\W+(?:final\W+)?(?:answer|solution|result)\W+(?:is|was)\W+(?:correct|right|true|valid)\b/i,
  /\b(?:the\W+)?(?:correct|final|right|reference|gold)\W+answer\W+is\b[\s\S]{0,160}?\b(?:reconstruct|derive|justify|write\W+out|produce|generate)\W+(?:the\W+|a\W+|your\W+)?(?:full\W+|complete\W+)?(?:steps|reasoning|derivation|solution|rationale|explanation)\b/i,
];

/** Text requests for maximum reasoning effort / maximal thinking length. */
const EFFORT: readonly RegExp[] = [
  /\b(?:use|apply|with|at)\W+(?:your\W+|the\W+)?(?:maximum|max|maximal|highest|deepest|full|greatest)\W+(?:level\W+of\W+)?(?:reasoning|thinking|thought|effort|deliberation)(?:\W+effort)?\b/i,
  /\breason\W+(?:as\W+)?(?:exhaustively|as\W+deeply\W+as|as\W+long\W+as|maximally|extensively)\b/i,
  /\bthink\W+(?:as\W+long\W+and\W+as\W+hard|as\W+hard\W+and\W+as\W+long|as\W+long|as\W+hard|as\W+deeply)\W+as\W+(?:you\W+(?:need|can|like|want)|possible)\b/i,
  /\b(?:reasoning|thinking)\W+budget\W+(?:to\W+(?:the\W+)?)?(?:max(?:imum)?|unlimited|as\W+high)\b/i,
  /\bthoroughness\W+matters\W+more\W+than\W+speed\b/i,
];

/**
 * The top-level alternatives of a pattern source: split at each `|` outside every group and
 * character class (`A|B` matches somewhere exactly when `A` or `B` does).
 * @example splitTopLevel('\\bab|(?:c|d)') // ['\\bab', '(?:c|d)']
 */
export function splitTopLevel(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/**
 * One regex per family: the alternation of its patterns. `test` of `(?:A)|(?:B)|…` is true exactly
 * when one of A, B, … matches somewhere in the text (alternatives are tried at every start
 * position, order only decides which match is found first), so the mask is the one the patterns
 * give one by one; the text is scanned once per family instead of once per pattern. The patterns
 * share the 'i' flag and have no backreferences, which is what makes the join exact
 * (elicitation.test.ts checks both, and compares against the patterns one by one).
 * Each pattern is split into its top-level alternatives, and those that open with `\b` are
 * grouped behind one shared `\b`: `\b(?:A'|B')|(?:C)`, where A = `\bA'`. `\b` is a zero-width test
 * of the position alone, so `\bA'` and `\b(?:A'|B')` match at the same positions as before, and
 * the engine tests the word boundary once per position instead of once per alternative (≈ 25 %
 * less regex time on prompts without a match).
 * @example family([/\bstep\W*by\W*step\b/i, /<think>/i]).source // '\\b(?:(?:step\\W*by\\W*step\\b))|(?:<think>)'
 */
export function family(res: readonly RegExp[]): RegExp {
  const bounded: string[] = [];
  const rest: string[] = [];
  for (const r of res) {
    for (const alt of splitTopLevel(r.source)) {
      if (alt.startsWith('\\b')) bounded.push(`(?:${alt.slice(2)})`);
      else rest.push(`(?:${alt})`);
    }
  }
  if (bounded.length > 0) rest.unshift(`\\b(?:${bounded.join('|')})`);
  return new RegExp(rest.join('|'), 'i');
}
const COT_STRONG_RE = family(COT_STRONG);
const COT_WEAK_RE = family(COT_WEAK);
const RUBRIC_RE = family(RUBRIC);
const RECON_RE = family(RECON);
const EFFORT_RE = family(EFFORT);

/** The patterns one by one, per family (for tests: the joined regexes must agree with them). */
export const PATTERNS = { COT_STRONG, COT_WEAK, RUBRIC, RUBRIC_VERB_NOUN: [RUBRIC_VERB_NOUN], RUBRIC_SCALE: [RUBRIC_SCALE], RECON, EFFORT } as const;

/**
 * Elicitation mask (E_COT | E_COT_WEAK | E_RUBRIC | E_RECON | E_EFFORT) of a text, given the lexicon flags
 * its tokens carried (pass -1 to run every family).
 * @example textElicitation('Solve x. Write out your complete reasoning.', -1) === E_COT // true
 */
export function textElicitation(text: string, flags: number): number {
  let m = 0;
  if (flags & F_COT) {
    if (COT_STRONG_RE.test(text)) m |= E_COT;
    else if (COT_WEAK_RE.test(text)) m |= E_COT_WEAK;
  }
  if (flags & F_RUBRIC) {
    if (RUBRIC_RE.test(text) || (RUBRIC_VERB_NOUN.test(text) && RUBRIC_SCALE.test(text))) m |= E_RUBRIC;
  }
  if (flags & (F_RECON | F_COT)) {
    if (RECON_RE.test(text)) m |= E_RECON;
  }
  if (flags & F_EFFORT) {
    if (EFFORT_RE.test(text)) m |= E_EFFORT;
  }
  return m;
}
