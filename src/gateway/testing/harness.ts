/**
 * Test and benchmark wiring: a mock upstream, the real enforcer on a memory store, a recorder
 * and the gateway, on ephemeral ports. Detectors are passed in (tests bring their own doubles).
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Detector } from '../../core/detector.js';
import { createEnforcer, parsePolicy, type Enforcer } from '../../enforce/index.js';
import { createMemoryStore, type StateStore } from '../../store/index.js';
import { createKeyMap, type KeyMap } from '../keys.js';
import { createRecorder, type Recorder } from '../recorder.js';
import { createThreadedRecorder } from '../recorder-thread.js';
import { createGateway, type Gateway, type GatewayOptions } from '../server.js';
import { startMockUpstream, type MockUpstream, type MockUpstreamOptions } from './mock-upstream.js';

export const TEST_SECRET = 'test-secret';

export interface Stack {
  mock: MockUpstream;
  gateway: Gateway;
  /** Gateway base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  store: StateStore;
  enforcer: Enforcer;
  recorder: Recorder;
  keys: KeyMap;
  /** Exchange-log lines written so far. */
  lines: string[];
  /** Everything pino wrote. */
  logs: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  policyYaml?: string;
  keys?: Record<string, string>;
  detector?: Detector;
  mock?: MockUpstreamOptions;
  /** Use this upstream URL instead of the mock's. */
  upstream?: string;
  gateway?: Partial<GatewayOptions>;
  logLevel?: string;
  /** Run the real detector on a worker thread (createThreadedRecorder) with this seed. */
  threadedDetectorSeed?: number;
  /** Exchange log file for the threaded recorder. */
  logFile?: string;
  /** The state store (default: a fresh memory store), e.g. one Redis store shared by several stacks. */
  store?: StateStore;
  /** Also hand the recorder's exchange-log text here (e.g. an exchange-stream publisher). */
  sink?: (text: string) => void;
}

/** Default test keys: raw key → account. */
export const TEST_KEYS: Record<string, string> = {
  'sk-test-alice-0001': 'acct_alice',
  'sk-test-bob-0002': 'acct_bob',
  'sk-test-carol-0003': 'acct_carol',
};

/**
 * @example const s = await startStack({ policyYaml: 'actions: {attack: block}' }); … await s.close();
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const mock = await startMockUpstream(options.mock);
  const store = options.store ?? createMemoryStore();
  const enforcer = createEnforcer({ store, policy: parsePolicy(options.policyYaml ?? '') });
  const keyEntries = Object.entries(options.keys ?? TEST_KEYS).map(([key, account]) => ({ key, account }));
  const keys = createKeyMap(keyEntries, TEST_SECRET);
  const lines: string[] = [];
  const logs: string[] = [];
  const logger: Logger = pino(
    { level: options.logLevel ?? 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString('utf8'));
        cb();
      },
    }),
  );
  const threaded =
    options.threadedDetectorSeed !== undefined ? createThreadedRecorder({ store, enforcer, seed: options.threadedDetectorSeed, logFile: options.logFile }) : undefined;
  const recorder =
    threaded ??
    createRecorder({
      detector: options.detector,
      store,
      enforcer,
      sink: (t) => {
        lines.push(...t.split('\n').filter((l) => l.length > 0));
        options.sink?.(t);
      },
    });
  const gateway = createGateway({
    upstream: options.upstream ?? mock.url,
    enforcer,
    store,
    keys,
    keySecret: TEST_SECRET,
    recorder,
    logger,
    ...options.gateway,
  });
  const addr = await gateway.listen(0);
  return {
    mock,
    gateway,
    url: `http://127.0.0.1:${addr.port}`,
    store,
    enforcer,
    recorder,
    keys,
    lines,
    logs,
    async close() {
      await gateway.close();
      await threaded?.close();
      await mock.close();
    },
  };
}
