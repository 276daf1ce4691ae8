/**
 * System prompts published in prompt libraries and blog posts. A fleet's scripts copy one; so do
 * ordinary developers and a few casual users, which is why a shared system prompt is a weak link
 * (src/rules/defaults.yaml, kind_weights.system_prompt) and why the simulator gives it to both.
 */
export const PUBLIC_SYSTEM_PROMPTS = [
  'You are an expert problem solver. Always give exhaustive, step-by-step solutions with complete reasoning.',
  'You are a senior engineer and tutor. Produce thorough, fully worked answers.',
  'Respond as a world-class expert. Include all intermediate reasoning and a final answer.',
] as const;

/** The recipes among them that ask for the complete reasoning (a chain-of-thought request in the system prompt). */
export const COT_SYSTEM_PROMPTS = [PUBLIC_SYSTEM_PROMPTS[0], PUBLIC_SYSTEM_PROMPTS[2]] as const;

/** Share of legitimate developers who configure one of them, and of casual users (for some sessions). */
export const RECIPE_SHARE = { developer: 0.1, casual: 0.03 } as const;
