/**
 * `moat serve`: decision API for LiteLLM (generic guardrail), Envoy (ext_authz HTTP) and nginx
 * (auth_request). Only wiring; the work is in src/serve, src/enforce and src/store.
 */
import type { Command } from 'commander';
import { keySecretFromEnv } from '../../core/key-hash.js';
import { createEnforcer } from '../../enforce/decide.js';
import { DEFAULT_POLICY, loadPolicy } from '../../enforce/policy.js';
import { buildServeApp } from '../../serve/app.js';
import { createKeyResolver, loadKeyResolver } from '../../serve/identity.js';
import { loadAllowlistFile, loadVerdictsFile, type LoadReport } from '../../serve/load.js';
import { createStore } from '../../store/index.js';
import { addAccountsOptions, parseAccountsEvery, startAccountsWatch } from '../accounts-option.js';
import { integerOption } from '../number-option.js';
import { addExchangeStreamOptions, addStoreOptions, openExchangeStream, parseExchangeStream, parseVerdictCacheMs } from '../store-options.js';
import { createProgress } from '../progress.js';
import { createDetector } from '../../verdict/detector.js';
import { createCallObserver } from '../../serve/observe.js';

interface ServeOptions {
  port: string;
  host: string;
  config?: string;
  redis?: string;
  keys?: string;
  verdicts?: string;
  allowlist?: string;
  quiet?: boolean;
  log?: boolean;
  detect?: boolean;
  accounts?: string;
  accountsEvery: string;
  exchangeStream?: string | boolean;
  exchangeStreamMaxlen: string;
  verdictCacheMs?: string;
}

function report(what: string, r: LoadReport, quiet: boolean): void {
  if (quiet) return;
  process.stderr.write(`moat serve: ${what}: ${r.loaded} loaded, ${r.quarantined.length} quarantined\n`);
  for (const q of r.quarantined.slice(0, 10)) process.stderr.write(`  quarantined ${q.where}: ${q.reason}\n`);
}

export function register(program: Command): void {
  addStoreOptions(addAccountsOptions(addExchangeStreamOptions(program.command('serve'), 'pair LiteLLM calls into exchanges as --detect does, but publish them'), 'the --detect detector'), 'share verdicts, allowlist and limits through Redis (redis://host:port)')
    .description('decision API for existing gateways: LiteLLM guardrail, Envoy ext_authz, nginx auth_request')
    .option('--port <port>', 'port to listen on', '8787')
    .option('--host <host>', 'address to bind (keep it internal)', '127.0.0.1')
    .option('--config <file>', 'enforcement policy (YAML); see docs/enforcement.md')
    .option('--keys <file>', 'API key → account map (YAML/JSON); keys are hashed on load')
    .option('--verdicts <file>', 'accounts.jsonl from `moat scan --out DIR` to load at start')
    .option('--allowlist <file>', 'accounts never restricted, one a line')
    .option('--detect', 'run the online detector on LiteLLM pre/post_call pairs and write its verdicts to the store')
    .option('--log', 'log every request (pino JSON on stdout)')
    .option('--quiet', 'no startup messages')
    .action(async (opts: ServeOptions) => {
      const port = integerOption('--port', opts.port, { min: 0, max: 65535 }); // 0: any free port
      const stream = parseExchangeStream(opts);
      if (stream && opts.detect) throw new Error('--exchange-stream or --detect, not both: with a stream the detector is `moat detect`');
      const accountsEverySeconds = parseAccountsEvery(opts.accountsEvery);
      if (opts.accounts && !opts.detect) throw new Error(`--accounts feeds the --detect detector${stream ? '; with --exchange-stream give it to `moat detect`' : ''}`);
      const policy = opts.config ? loadPolicy(opts.config) : DEFAULT_POLICY;
      const secret = keySecretFromEnv();
      const keys = opts.keys ? loadKeyResolver(opts.keys, secret) : createKeyResolver({ keys: [] }, secret);
      let lastErr = 0;
      const verdictCacheMs = parseVerdictCacheMs(opts.verdictCacheMs);
      const store = await createStore({
        redis: opts.redis,
        verdictCacheMs,
        onError: (err) => {
          if (Date.now() - lastErr > 5000 && !opts.quiet) process.stderr.write(`moat serve: redis: ${err.message}\n`);
          lastErr = Date.now();
        },
      });
      if (opts.verdicts) {
        const bar = createProgress({ label: 'verdicts', unit: 'bytes', quiet: opts.quiet });
        report('verdicts', await loadVerdictsFile(store, opts.verdicts, bar), !!opts.quiet);
      }
      if (opts.allowlist) report('allowlist', await loadAllowlistFile(store, opts.allowlist), !!opts.quiet);
      const enforcer = createEnforcer({ store, policy });
      const publisher = stream ? await openExchangeStream(opts.redis!, stream, (m) => !opts.quiet && process.stderr.write(`moat serve: ${m}\n`)) : undefined;
      const detector = opts.detect ? createDetector() : undefined;
      const warnLine = (message: string, fields: Record<string, unknown>): void => void (!opts.quiet && process.stderr.write(`moat serve: ${message} ${JSON.stringify(fields)}\n`));
      const accounts = opts.accounts && detector ? await startAccountsWatch(opts.accounts, (r) => detector.addAccount(r), accountsEverySeconds, warnLine) : undefined;
      const observer = detector || publisher
        ? createCallObserver({
            detector,
            publish: publisher?.publish,
            store,
            onError: (what, err) => {
              if (!opts.quiet) process.stderr.write(`moat serve: detect: ${what}: ${(err as Error)?.message ?? String(err)}\n`);
            },
          })
        : undefined;
      const resync = observer ? setInterval(() => void observer.resync(), 5000) : undefined;
      resync?.unref();
      const app = buildServeApp({
        observer,
        enforcer,
        store,
        policy,
        keys,
        adminToken: process.env.MOAT_ADMIN_TOKEN || undefined,
        logger: opts.log ? { level: 'info' } : false,
      });
      const address = await app.listen({ port, host: opts.host });
      if (!opts.quiet) {
        process.stderr.write(
          `moat serve: listening on ${address} (store: ${store.kind}, fail mode: ${policy.fail_mode}${policy.shadow ? ', SHADOW' : ''}` +
            `${opts.detect ? `, detector: on${accounts ? ` (${accounts.records} account records)` : ''}` : stream ? `, detector: moat detect (exchanges to stream ${stream.key})` : ''})\n`,
        );
      }
      const stop = async () => {
        accounts?.stop();
        await app.close();
        await observer?.flush();
        await publisher?.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
