/**
 * `moat gateway`: an enforcing reverse proxy in front of an OpenAI- or Anthropic-compatible API.
 * Only wiring; the work is in src/gateway, src/enforce, src/store and src/verdict.
 */
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { pino } from 'pino';
import { keySecretFromEnv } from '../../core/key-hash.js';
import { createEnforcer } from '../../enforce/decide.js';
import { DEFAULT_POLICY, loadPolicy } from '../../enforce/policy.js';
import { createGateway } from '../../gateway/server.js';
import { loadKeysFile } from '../../gateway/keys.js';
import { createGatewayMetrics } from '../../gateway/metrics.js';
import { createRecorder } from '../../gateway/recorder.js';
import { createThreadedRecorder } from '../../gateway/recorder-thread.js';
import { DEFAULT_YOUNG_GEN_MB, needsRelaunch, onParentGone, relaunch } from '../../gateway/young-gen.js';
import { loadVerdictsFile } from '../../serve/load.js';
import { createStore } from '../../store/index.js';
import { addAccountsOptions, parseAccountsEvery, startAccountsWatch } from '../accounts-option.js';
import { integerOption } from '../number-option.js';
import { addExchangeStreamOptions, addStoreOptions, openExchangeStream, parseExchangeStream, parseVerdictCacheMs } from '../store-options.js';
import { createDetector } from '../../verdict/detector.js';
import type { AccountRecord } from '../../core/exchange.js';
import { tallyCounter } from '../../core/tally-counter.js';

interface GatewayCliOptions {
  upstream: string;
  port: string;
  host: string;
  keys?: string;
  config?: string;
  redis?: string;
  verdictCacheMs?: string;
  logExchanges?: string;
  verdicts?: string;
  detector: boolean;
  detectorThread?: boolean;
  exchangeStream?: string | boolean;
  accounts?: string;
  accountsEvery: string;
  exchangeStreamMaxlen: string;
  seed: string;
  bodyLimit: string;
  upstreamTimeout: string;
  trustProxy?: boolean;
  log?: boolean;
  quiet?: boolean;
  youngGen: string;
}

export function register(program: Command): void {
  addStoreOptions(addAccountsOptions(addExchangeStreamOptions(program.command('gateway'), 'append every recorded exchange'), "the gateway's detector"), 'share verdicts and limits with other gateway/serve processes through Redis')
    .description('enforcing reverse proxy for OpenAI Chat Completions/Responses and Anthropic Messages')
    .requiredOption('--upstream <url>', 'upstream API base URL, e.g. https://api.anthropic.com')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--keys <file>', 'API key → account map (JSON, JSONL or the moat serve YAML); keys are hashed on load; unknown keys get 401')
    .option('--config <file>', 'enforcement policy (YAML): verdict → action, limits, shadow, appeal URL; see docs/enforcement.md')
    .option('--log-exchanges <file>', 'append every exchange (contract JSONL, keys hashed) to this file')
    .option('--verdicts <file>', 'accounts.jsonl from `moat scan --out DIR` to load at start')
    .option('--no-detector', 'do not run the online detector (enforce stored verdicts only)')
    .option('--detector-thread', 'run recording and the detector on a worker thread instead of the event loop (machines with spare cores)')
    .option('--seed <n>', 'seed of the online detector', '1')
    .option('--body-limit <bytes>', 'largest request body accepted', String(4 * 1024 * 1024))
    .option('--upstream-timeout <seconds>', 'upstream must answer (headers, and between body chunks) within this', '120')
    .option('--trust-proxy', 'take the client address from X-Forwarded-For')
    .option('--log', 'log every request (pino JSON on stderr; never keys)')
    .option('--quiet', 'no startup messages')
    .option('--young-gen <mb>', "V8 semi-space size (MB) of the gateway process: fewer scavenges on the event loop; moat relaunches itself once with --max-semi-space-size unless node already has it; 0: Node's default", String(DEFAULT_YOUNG_GEN_MB))
    .action(async (opts: GatewayCliOptions) => {
      // Every number first, so a bad one fails before a relaunch, a store or a listener.
      // --port 0: any free port (the address is printed); --young-gen 0: Node's default, no relaunch.
      const port = integerOption('--port', opts.port, { min: 0, max: 65535 });
      const youngGen = integerOption('--young-gen', opts.youngGen, { min: 0, max: 4096 });
      const upstreamTimeoutMs = integerOption('--upstream-timeout', opts.upstreamTimeout, { min: 1 }) * 1000;
      const seed = integerOption('--seed', opts.seed, { min: 0 });
      const maxBodyBytes = integerOption('--body-limit', opts.bodyLimit, { min: 1 });
      const verdictCacheMs = parseVerdictCacheMs(opts.verdictCacheMs);
      // With an exchange stream the deployment's one detector is `moat detect`: a detector here would
      // see only this gateway's share of each fleet and name campaigns other gateways name otherwise.
      const stream = parseExchangeStream(opts);
      if (stream && opts.detectorThread) throw new Error('--exchange-stream and --detector-thread: with a stream the detector is `moat detect`, not a thread of this gateway');
      const accountsEverySeconds = parseAccountsEvery(opts.accountsEvery);
      if (opts.accounts && (stream || !opts.detector)) throw new Error(`--accounts feeds this gateway's detector, and ${stream ? 'with --exchange-stream the detector is `moat detect`: give it --accounts' : '--no-detector runs none'}`);
      if (needsRelaunch(youngGen, process.execArgv, process.env)) {
        process.exitCode = await relaunch(youngGen);
        return;
      }
      let upstreamUrl: URL;
      try {
        upstreamUrl = new URL(opts.upstream);
      } catch {
        throw new Error(`--upstream: not a URL: ${opts.upstream}`);
      }
      if (upstreamUrl.protocol !== 'http:' && upstreamUrl.protocol !== 'https:') throw new Error('--upstream: must be http(s)');
      const policy = opts.config ? loadPolicy(opts.config) : DEFAULT_POLICY;
      const secret = keySecretFromEnv();
      const keys = opts.keys ? loadKeysFile(opts.keys, secret) : undefined;
      const logger = pino({ level: opts.log ? 'debug' : 'info', base: { svc: 'moat-gateway' } }, pino.destination(2));
      let lastErr = 0;
      const store = await createStore({
        redis: opts.redis,
        verdictCacheMs,
        onError: (err) => {
          if (Date.now() - lastErr > 5000) logger.warn({ err: err.message }, 'redis');
          lastErr = Date.now();
        },
      });
      if (opts.verdicts) {
        const r = await loadVerdictsFile(store, opts.verdicts);
        if (!opts.quiet) process.stderr.write(`moat gateway: verdicts: ${r.loaded} loaded, ${r.quarantined.length} quarantined\n`);
      }
      const enforcer = createEnforcer({ store, policy, onStoreError: (err) => logger.warn({ err: (err as Error).message }, 'store') });
      const metrics = createGatewayMetrics({ defaultMetrics: true });
      const onError = (what: string, err: unknown): void => logger.warn({ what, err: (err as Error).message }, 'recording failed');
      const detectHere = opts.detector && !stream;
      const publisher = stream ? await openExchangeStream(opts.redis!, stream, (m) => logger.warn(m), () => metrics.recordError()) : undefined;
      if (publisher) {
        tallyCounter(metrics.registry, 'moat_gateway_stream_entries_total', 'Entries appended to the exchange stream (one a recording slice).', () => publisher.stats.entries);
        tallyCounter(metrics.registry, 'moat_gateway_stream_failed_total', 'Appends to the exchange stream that failed (those exchanges never reach moat detect).', () => publisher.stats.failed);
      }
      // Recording and detection run on the event loop in ≤ 1 ms slices (default), or on a worker thread.
      const threaded =
        detectHere && opts.detectorThread
          ? createThreadedRecorder({ store, enforcer, seed, logFile: opts.logExchanges, metrics, onError })
          : undefined;
      const inProcessDetector = detectHere && !opts.detectorThread ? createDetector({ seed }) : undefined;
      // accounts sign up while the gateway runs: the file is read again when it changes; bad lines are logged with file:line
      const addAccount = inProcessDetector ? (r: AccountRecord) => inProcessDetector.addAccount(r) : threaded ? (r: AccountRecord) => threaded.addAccount(r) : undefined;
      const accounts =
        opts.accounts && addAccount
          ? await startAccountsWatch(opts.accounts, addAccount, accountsEverySeconds, (message, fields) => logger.warn(fields, message))
          : undefined;
      const out = !threaded && opts.logExchanges ? createWriteStream(opts.logExchanges, { flags: 'a' }) : undefined;
      out?.on('error', (err) => logger.error({ err: err.message }, 'exchange log'));
      const recorder =
        threaded ??
        createRecorder({
          detector: inProcessDetector,
          store,
          enforcer,
          metrics,
          sink:
            out || publisher
              ? (t) => {
                  out?.write(t);
                  publisher?.publish(t);
                }
              : undefined,
          onError,
        });
      const resync = detectHere ? setInterval(() => void recorder.resync(), 2_000) : undefined;
      resync?.unref();
      const gateway = createGateway({
        upstream: opts.upstream,
        enforcer,
        store,
        keys,
        keySecret: secret,
        recorder,
        metrics,
        logger,
        maxBodyBytes,
        upstreamHeadersTimeoutMs: upstreamTimeoutMs,
        upstreamIdleTimeoutMs: upstreamTimeoutMs,
        trustProxy: !!opts.trustProxy,
      });
      const addr = await gateway.listen(port, opts.host);
      if (!opts.quiet) {
        process.stderr.write(
          `moat gateway: listening on http://${addr.address}:${addr.port} → ${upstreamUrl.origin} ` +
            `(keys: ${keys ? keys.size : 'none: each key is its own account'}, store: ${store.kind}, ` +
            `detector: ${threaded || inProcessDetector ? `on (${threaded ? 'worker thread' : 'event loop'}${accounts ? `, ${accounts.records} account records` : ''})` : stream ? `moat detect (exchanges to stream ${stream.key})` : 'off'}${policy.shadow ? ', SHADOW' : ''})\n`,
        );
      }
      const stop = async (): Promise<void> => {
        accounts?.stop();
        if (resync) clearInterval(resync);
        await gateway.close();
        await recorder.flush();
        await threaded?.close();
        if (out) await new Promise<void>((r) => out.end(() => r()));
        await publisher?.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      onParentGone(() => void stop());
    });
}
