/**
 * The adapter registry used by `moat convert --from NAME`. One adapter a folder under
 * src/ingest/adapters/<format>/; add each here.
 */
import type { Adapter } from '../../core/adapter.js';
import { anthropicAdapter, createAnthropicAdapter } from './anthropic/anthropic.js';
import { createKongAiAdapter, kongAiAdapter } from './kong-ai/kong-ai.js';
import { createLiteLLMAdapter, liteLLMAdapter } from './litellm/litellm.js';
import { createOpenAIChatAdapter, openAIChatAdapter } from './openai-chat/openai-chat.js';
import { createOpenAIResponsesAdapter, openAIResponsesAdapter } from './openai-responses/openai-responses.js';
import { createOtelGenAiAdapter, otelGenAiAdapter } from './otel-genai/otel-genai.js';
import type { AdapterOptions } from './shared/options.js';

export type { AdapterOptions } from './shared/options.js';

export const adapters: Adapter[] = [
  openAIChatAdapter,
  openAIResponsesAdapter,
  anthropicAdapter,
  otelGenAiAdapter,
  liteLLMAdapter,
  kongAiAdapter,
];

/** Factories for adapters built with options (e.g. where to read the account from). */
export const adapterFactories: Record<string, (options?: AdapterOptions) => Adapter> = {
  'openai-chat': createOpenAIChatAdapter,
  'openai-responses': createOpenAIResponsesAdapter,
  anthropic: createAnthropicAdapter,
  'otel-genai': createOtelGenAiAdapter,
  litellm: createLiteLLMAdapter,
  'kong-ai': createKongAiAdapter,
};

/**
 * The named adapter with options applied, or undefined for an unknown name.
 * @example createAdapter('otel-genai', { accountFrom: ['tenant.id'] })?.name // 'otel-genai'
 */
export function createAdapter(name: string, options?: AdapterOptions): Adapter | undefined {
  return adapterFactories[name]?.(options);
}
