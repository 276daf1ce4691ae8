/**
 * The simulated provider's model line-up and the release event: a new model id appears on the
 * scenario's release day; legit users adopt it over days to weeks, model-switch campaigns within 24 h.
 */
import { flat } from './strings.js';

export const MODEL_BASE = 'atlas-4';
export const MODEL_MINI = 'atlas-4-mini';
export const MODEL_NEW = 'atlas-5';

/** Largest max_tokens the API accepts: what harvesters ask for. */
export const MAX_TOKENS_CEILING = 32768;

/** Pre-rendered `,"model":"…"` fragments. */
export const MODEL_JSON = {
  base: flat(`,"model":"${MODEL_BASE}"`),
  mini: flat(`,"model":"${MODEL_MINI}"`),
  next: flat(`,"model":"${MODEL_NEW}"`),
} as const;
