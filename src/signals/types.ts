/**
 * Public types of the per-exchange signal stage. Everything downstream (sketches, graph, rules,
 * verdicts) reads only these shapes, never the raw prompt.
 */
import type { Exchange } from '../core/exchange.js';

/** Capability taxonomy, in tie-break priority order for the primary capability (first wins). */
export const CAPABILITIES = [
  'agentic',
  'tool_use',
  'coding',
  'math',
  'reasoning',
  'long_horizon',
  'writing',
  'knowledge',
  'chat',
  'other',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Elicitation signals. `cot_request` is the strong form (demands the complete/verbatim reasoning
 * trace, chain of thought, every step, <think> tags); `cot_request_weak` is the everyday form
 * ("think step by step", "explain your reasoning", "show your work") that legitimate users and
 * eval harnesses send too. The two are exclusive: a prompt gets the strong one or the weak one.
 * `max_tokens_ceiling` and `max_reasoning_effort` come from request parameters (max_tokens near the
 * model's ceiling; reasoning=true, reasoning_effort high/max, a maximal thinking budget);
 * `max_reasoning_effort` also fires on text asking for it ("use your maximum reasoning effort",
 * "reason exhaustively", "think as long and as hard as you need"). `cot_request_system` is the
 * strong form found in the system prompt only: a standing instruction configured once (a product, a
 * developer's copied recipe, or a fleet that moved its elicitation out of its requests), counted
 * per account, not as the account's own requests.
 */
export const ELICITATIONS = [
  'cot_request',
  'cot_request_weak',
  'rubric_grading',
  'reasoning_reconstruction',
  'max_tokens_ceiling',
  'max_reasoning_effort',
  'cot_request_system',
] as const;
export type Elicitation = (typeof ELICITATIONS)[number];

/**
 * Suggested evidence weight of each elicitation signal in [0, 1], for engines that want one
 * number. A weak CoT request alone is close to noise; rubric grading and reconstruction are rare
 * in ordinary traffic.
 */
export const ELICITATION_WEIGHT: Readonly<Record<Elicitation, number>> = {
  cot_request: 0.8,
  cot_request_weak: 0.2,
  rubric_grading: 0.7,
  reasoning_reconstruction: 0.9,
  max_tokens_ceiling: 0.3,
  max_reasoning_effort: 0.3,
  cot_request_system: 0.4,
};

/** What one exchange looks like to the detector. */
export interface ExchangeSignals {
  /** Primary capability (highest score, ties broken by CAPABILITIES order). */
  capability: Capability;
  /** Every capability whose evidence passed the threshold (always contains `capability`). */
  capabilities: Capability[];
  /** Elicitation signals found; may be empty. Order follows ELICITATIONS. */
  elicitation: Elicitation[];
  /**
   * 32-bit id of the prompt skeleton: system-prompt skeleton + the framing (first/last tokens of
   * the masked last user message). Same template with different fill-ins → same id.
   */
  templateId: number;
  /** 32-bit id of the system prompt skeleton; 0 when there is no system prompt. */
  systemId: number;
  /** Masked skeleton text (what templateId hashes), truncated, for evidence. Untrusted text. */
  skeleton: string;
  /** 64-bit SimHash of the masked prompt as [high, low] uint32. */
  simhash: [number, number];
  /** Characters in the last user message. */
  promptChars: number;
  /** Number of tools offered. */
  toolCount: number;
  /** Tools offered, tool-role messages, or an agent-style system prompt. */
  agentic: boolean;
  /** Number of messages in the request (turns). */
  turns: number;
}

/** Stateful (template miner), deterministic extractor: same input order → same output. */
export interface SignalExtractor {
  extract(ex: Exchange): ExchangeSignals;
}

/** Tunables; every field has a default in DEFAULT_SIGNAL_CONFIG. */
export interface SignalConfig {
  /** Characters scanned from the start of a prompt. */
  scanHeadChars: number;
  /** Characters scanned from the end of a long prompt (framing often sits at the end). */
  scanTailChars: number;
  /** Characters of a system prompt scanned. */
  scanSystemChars: number;
  /** Max tokens in a framing window (prefix and suffix each). */
  frameTokens: number;
  /** A sentence/line boundary shortens a framing window only if it keeps at least this many tokens. */
  minFrameTokens: number;
  /** Times a framing window must be seen before it alone is taken as the template. */
  templateMinSupport: number;
  /** Bound on the template miner's count table; it is cleared when full. */
  templateTableCap: number;
  /** Max characters of `skeleton`. */
  skeletonChars: number;
  /**
   * Distinct prompts whose analysis is memoised (0 = none). A pure cache: outputs are the same
   * with any value; repeated prompts (a shared question bank, eval suites, retries) cost a lookup.
   */
  promptCacheEntries: number;
  /** Model-id prefix → max output tokens ceiling (longest prefix wins). */
  modelCeilings: Record<string, number>;
  /** Ceiling for models not in modelCeilings. */
  defaultCeiling: number;
  /** max_tokens ≥ ratio × ceiling fires max_tokens_ceiling. */
  ceilingRatio: number;
  /** max_tokens (or a thinking budget) ≥ this fires regardless of model. */
  ceilingAbsolute: number;
}
