/**
 * Withholding reasoning traces from response texts (action `withhold_reasoning`): tagged blocks
 * such as <think>…</think> and <reasoning>…</reasoning> are replaced by a short marker. Final
 * answers stay. Reasoning that a provider returns in a separate field never reaches the LiteLLM
 * guardrail as text; the gateway handles that field itself.
 */
const BLOCK = /<(think|thinking|reasoning|scratchpad)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi;

export const WITHHELD_MARKER = '[reasoning withheld]';

/**
 * @example stripReasoning('<think>step 1…</think>42') // '[reasoning withheld]42'
 */
export function stripReasoning(text: string): string {
  return text.replace(BLOCK, WITHHELD_MARKER);
}
