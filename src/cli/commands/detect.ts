/**
 * `moat detect`: the one online detector of a deployment with several gateways (`moat gateway
 * --exchange-stream`). Only wiring; the loop is src/verdict/run-detect.ts, the stream
 * src/store/exchange-stream.ts.
 */
import type { Command } from 'commander';
import { pino } from 'pino';
import { keySecretFromEnv } from '../../core/key-hash.js';
import { createQuarantine } from '../../ingest/quarantine.js';
import { watchAccounts } from '../../ingest/accounts-watch.js';
import { loadAllowlist, loadConfig, loadRules } from '../../rules/load.js';
import { DEFAULT_EXCHANGE_STREAM, createStreamReader } from '../../store/exchange-stream.js';
import { createStore } from '../../store/index.js';
import { createDetector } from '../../verdict/detector.js';
import { createDetectMetrics, serveDetectMetrics, type DetectSnapshot } from '../../verdict/detect-metrics.js';
import { startDetect } from '../../verdict/run-detect.js';
import { addAccountsOptions, parseAccountsEvery } from '../accounts-option.js';
import { integerOption } from '../number-option.js';
import { parseStreamKey } from '../store-options.js';

interface DetectCliOptions {
  redis: string;
  stream: string;
  from: string;
  out: string;
  accounts?: string;
  accountsEvery: string;
  config?: string;
  allowlist?: string;
  seed: string;
  resyncMs: string;
  metricsPort?: string;
  metricsHost: string;
  writeEvery: string;
  quiet?: boolean;
}

const STREAM_ID = /^(0|\$|\d+-\d+|\d+)$/;

export function register(program: Command): void {
  addAccountsOptions(program.command('detect'), 'the detector')
    .description('one online detector for several gateways: read their exchange stream in Redis, write verdicts to the shared store')
    .requiredOption('--redis <url>', 'the Redis the gateways publish to (moat gateway --redis URL --exchange-stream) and read verdicts from')
    .option('--stream <key>', 'stream key', DEFAULT_EXCHANGE_STREAM)
    .option('--from <id>', "where to start: 0 = everything the stream holds (a restart rebuilds the detector's state), $ = new entries only, or an entry id", '0')
    .option('-o, --out <dir>', 'quarantine.jsonl as it goes; accounts.jsonl, campaigns.json, stats.json at the stop (SIGINT/SIGTERM)', 'out/detect')
    .option('--config <file>', 'thresholds overriding src/rules/defaults.yaml (partial, same shape)')
    .option('--allowlist <file>', 'known customers: {entries: [{account|org|payment|email_domain, action: clear|lower, note}]}')
    .option('--seed <n>', 'seed of community detection', '1')
    .option('--resync-ms <ms>', "re-read quiet accounts' verdicts this often (campaign membership formed after their last request)", '2000')
    .option('--metrics-port <port>', 'serve GET /metrics (Prometheus) and GET /healthz on this port (0: any free port, printed)')
    .option('--metrics-host <host>', 'address the metrics port binds', '127.0.0.1')
    .option('--write-every <seconds>', 'also write accounts.jsonl, campaigns.json and stats.json this often while running (0: only at the stop)', '0')
    .option('-q, --quiet', 'no status lines on stderr')
    .addHelpText(
      'after',
      `
Example (two gateways, one detector):
  $ moat gateway --upstream http://model:8000 --redis redis://r:6379 --exchange-stream --port 8080
  $ moat gateway --upstream http://model:8000 --redis redis://r:6379 --exchange-stream --port 8081
  $ moat detect --redis redis://r:6379 --out out/detect

Every line is validated as in \`moat scan\`; bad ones go to OUT/quarantine.jsonl with stream:line and
the reason. A status line goes to stderr every 10 s. Environment: MOAT_KEY_SECRET (the gateways' secret).`,
    )
    .action(async (opts: DetectCliOptions) => {
      const seed = integerOption('--seed', opts.seed, { min: 0 });
      const resyncMs = integerOption('--resync-ms', opts.resyncMs, { min: 100 });
      const metricsPort = opts.metricsPort === undefined ? undefined : integerOption('--metrics-port', opts.metricsPort, { min: 0, max: 65535 });
      const writeEverySeconds = integerOption('--write-every', opts.writeEvery, { min: 0, max: 86_400 });
      const accountsEverySeconds = parseAccountsEvery(opts.accountsEvery);
      parseStreamKey('--stream', opts.stream);
      if (!STREAM_ID.test(opts.from)) throw new Error(`--from must be 0, $ or a stream id (1700000000000-0), got "${opts.from}"`);
      const logger = pino({ level: 'info', base: { svc: 'moat-detect' } }, pino.destination(2));
      const rules = loadRules();
      const config = loadConfig(opts.config, rules);
      const allowlist = opts.allowlist ? loadAllowlist(opts.allowlist) : undefined;
      const detector = createDetector({ config, rules, allowlist, seed });
      const quarantine = createQuarantine(opts.out, { append: true }); // a restart keeps the earlier entries
      let lastErr = 0;
      const warn = (what: string, err: unknown): void => {
        if (Date.now() - lastErr < 5000) return;
        lastErr = Date.now();
        logger.warn({ what, err: (err as Error).message }, 'detect');
      };
      // accounts sign up while it runs: the file is read again when it changes
      const accounts = opts.accounts ? watchAccounts(opts.accounts, (r) => detector.addAccount(r), quarantine, accountsEverySeconds * 1000, (err) => warn('accounts', err)) : undefined;
      await accounts?.check();
      const store = await createStore({ redis: opts.redis, verdictCacheMs: 0, onError: (err) => warn('redis', err) });
      const reader = createStreamReader({ url: opts.redis, key: opts.stream, from: opts.from, onError: (err) => warn('stream', err) });
      const name = `redis:${opts.stream}`;
      const run = startDetect({
        source: { name, chunks: reader.chunks, bytesRead: reader.bytesRead },
        detector,
        store,
        quarantine,
        keySecret: keySecretFromEnv(),
        resyncMs,
        accountRecords: () => accounts?.records ?? 0,
        onError: warn,
      });
      let lagSeconds: number | null = null;
      const snapshot = (): DetectSnapshot => ({
        ...run.stats,
        accounts: detector.ids.length,
        flagged: detector.flaggedAt.size,
        campaigns: detector.campaigns.length + detector.groups.length,
        missed: reader.missed,
        lagSeconds,
      });
      const status = (): string => {
        const s = snapshot();
        return `${s.exchanges} exchanges, ${s.accounts} accounts, ${s.flagged} flagged, ${s.verdictsWritten} verdicts written, ${s.quarantined} quarantined, ${s.late} out of order, ${s.missed} stream entries missed; stream ${name} at ${reader.lastId}${lagSeconds === null ? '' : `, ${lagSeconds.toFixed(1)} s behind`}`;
      };
      const lagTimer = setInterval(() => void reader.lag().then((l) => (lagSeconds = l)), 5_000);
      lagTimer.unref();
      const metrics = metricsPort === undefined ? undefined : await serveDetectMetrics(createDetectMetrics(snapshot), snapshot, metricsPort, opts.metricsHost);
      if (!opts.quiet) {
        process.stderr.write(`moat detect: reading ${name} from ${opts.from} (seed ${seed}); Ctrl-C writes ${opts.out}/accounts.jsonl and campaigns.json\n`);
        const addr = metrics?.address();
        if (addr && typeof addr === 'object') process.stderr.write(`moat detect: metrics on http://${addr.address}:${addr.port}/metrics\n`);
      }
      const ticker = opts.quiet ? undefined : setInterval(() => process.stderr.write(`moat detect: ${status()}\n`), 10_000);
      ticker?.unref();
      // snapshots while running, one at a time (each file replaced whole: a reader never sees half of one)
      let writing: Promise<unknown> | null = null;
      const snapshots =
        writeEverySeconds > 0
          ? setInterval(() => {
              writing ??= run.writeResult(opts.out).catch((err: unknown) => warn('write', err)).finally(() => (writing = null));
            }, writeEverySeconds * 1000)
          : undefined;
      const stop = (): void => void reader.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await run.done;
      accounts?.stop();
      if (ticker) clearInterval(ticker);
      if (snapshots) clearInterval(snapshots);
      clearInterval(lagTimer);
      await writing;
      const { accountsPath, campaignsPath } = await run.writeResult(opts.out);
      metrics?.close();
      quarantine.close();
      await store.close();
      process.stderr.write(`moat detect: stopped: ${status()}\nwrote ${accountsPath} and ${campaignsPath}${quarantine.total ? `; quarantine: ${quarantine.path}` : ''}\n`);
    });
}
