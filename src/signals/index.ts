/**
 * Per-exchange signals: capability taxonomy, elicitation signals, template framing ids and
 * near-duplicate SimHash. The detection engine imports only from here.
 */
export type { Capability, Elicitation, ExchangeSignals, SignalConfig, SignalExtractor } from './types.js';
export { CAPABILITIES, ELICITATIONS, ELICITATION_WEIGHT } from './types.js';
export { createSignalExtractor, DEFAULT_SIGNAL_CONFIG } from './extractor.js';
export type { TemplateAssigner } from './extractor.js';
export { TemplateMiner } from './template.js';
export { DEFAULT_MODEL_CEILINGS } from './ceiling.js';
export { hammingDistance64, fnv1a } from './hash.js';
