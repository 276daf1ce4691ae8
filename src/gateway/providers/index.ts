/**
 * The APIs the gateway serves, by path. Thin barrel.
 * @example providerFor('/v1/messages')?.name // 'anthropic'
 */
import { anthropicMessages } from './anthropic.js';
import { openAIChat, openAIResponses } from './openai.js';
import type { Provider } from './provider.js';

export type { GatewayError, Provider } from './provider.js';
export { anthropicMessages, anthropicErrorBody } from './anthropic.js';
export { openAIChat, openAIResponses, openAIErrorBody } from './openai.js';

export const PROVIDERS: readonly Provider[] = [openAIChat, openAIResponses, anthropicMessages];

const BY_PATH = new Map(PROVIDERS.map((p) => [p.path, p]));

/** The provider serving a request path (query string ignored), or undefined. */
export function providerFor(url: string): Provider | undefined {
  const q = url.indexOf('?');
  return BY_PATH.get(q < 0 ? url : url.slice(0, q));
}
