/**
 * `moat gateway`: an enforcing reverse proxy for the OpenAI Chat Completions / Responses and
 * Anthropic Messages APIs. Thin barrel; see ./server.ts for the entry point.
 *
 * @example
 * import { createGateway, createRecorder } from '../gateway/index.js';
 * const gw = createGateway({ upstream: 'http://127.0.0.1:9000', enforcer, keySecret, recorder: createRecorder({ detector, store }) });
 * await gw.listen(8080);
 */
export { createGateway, type Gateway, type GatewayOptions } from './server.js';
export { createRecorder, type Recorder, type RecorderOptions, type RecordItem } from './recorder.js';
export { createThreadedRecorder, type ThreadedRecorder, type ThreadedRecorderOptions } from './recorder-thread.js';
export { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
export { createKeyMap, keyFromHeaders, loadKeysFile, parseKeysFile, KeysFileError, type KeyMap } from './keys.js';
export { PROVIDERS, providerFor, type Provider } from './providers/index.js';
export { SseParser, SseTransform, sseJsonEvents } from './sse.js';
