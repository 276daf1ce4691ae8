/**
 * `--accounts FILE` / `--accounts-every S` for the long-running commands whose detector runs in
 * their own process (`moat gateway`, `moat serve --detect`): the file is watched
 * (src/ingest/accounts-watch.ts) and each bad line is reported once with file:line and the reason
 * (they have no output directory for a quarantine file; `moat detect` writes one).
 */
import type { Command } from 'commander';
import type { AccountRecord } from '../core/exchange.js';
import { watchAccounts, type AccountsWatch } from '../ingest/accounts-watch.js';
import { createQuarantine } from '../ingest/quarantine.js';
import { integerOption } from './number-option.js';

/** Add `--accounts <file>` and `--accounts-every <seconds>` to a command. */
export function addAccountsOptions(command: Command, forWhat: string): Command {
  return command
    .option('--accounts <file>', `accounts side file for ${forWhat} (sign-up time, e-mail domain, payment fingerprint): read at start and again when it changes`)
    .option('--accounts-every <seconds>', 'how often to look whether the accounts file changed (0: read it at start only)', '60');
}

/** Validate `--accounts-every`. */
export function parseAccountsEvery(value: string): number {
  return integerOption('--accounts-every', value, { min: 0, max: 86_400 });
}

/**
 * Read the file once now, then watch it; `warn` gets each quarantined line (the first 100) and,
 * past them, running totals.
 * @example const w = await startAccountsWatch('accounts.jsonl', (r) => det.addAccount(r), 60, (m, f) => log.warn(f, m));
 */
export async function startAccountsWatch(
  file: string,
  add: (r: AccountRecord) => void,
  everySeconds: number,
  warn: (message: string, fields: Record<string, unknown>) => void,
): Promise<AccountsWatch> {
  const quarantine = createQuarantine(null);
  let reported = 0, counted = 0;
  const report = (): void => {
    for (const q of quarantine.sample.slice(reported)) warn('accounts file: line quarantined', { file: q.file, line: q.line, field: q.field, reason: q.reason, detail: q.detail });
    reported = quarantine.sample.length;
    if (quarantine.total > Math.max(counted, reported)) warn('accounts file: lines quarantined so far', { quarantined: quarantine.total, by_reason: quarantine.counts() });
    counted = quarantine.total;
  };
  const watch = watchAccounts(file, add, quarantine, everySeconds * 1000, (err) => warn('accounts file: not read', { err: (err as Error).message }));
  await watch.check();
  report();
  const timer = setInterval(report, 5_000);
  timer.unref();
  return {
    check: watch.check,
    get records() {
      return watch.records;
    },
    stop() {
      clearInterval(timer);
      watch.stop();
    },
  };
}
