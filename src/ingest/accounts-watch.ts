/**
 * The accounts side file of a long-running detector (`moat detect --accounts FILE`): accounts sign
 * up while it runs, and their sign-up traits (payment fingerprint, e-mail domain, sign-up time,
 * verified organisation) are what links a new fleet's accounts before their traffic does. The file
 * is read again whenever its size or modification time changes, validated as at start (bad lines
 * to the quarantine, once each), and only new or changed records are handed on.
 */
import { statSync } from 'node:fs';
import type { AccountRecord } from '../core/exchange.js';
import { IngestError } from './errors.js';
import type { Quarantine } from './quarantine.js';
import { readAccounts } from './read-log.js';

export interface AccountsWatch {
  /** Read the file now if it changed since the last read; resolves to how many records were new or changed. */
  check(): Promise<number>;
  /** Records handed on so far. */
  readonly records: number;
  stop(): void;
}

const key = (r: AccountRecord): string => JSON.stringify(r);

/**
 * @example
 * const watch = watchAccounts('billing/accounts.jsonl', (r) => detector.addAccount(r), quarantine, 60_000);
 * await watch.check(); // the first read
 */
export function watchAccounts(file: string, add: (r: AccountRecord) => void, quarantine: Quarantine, everyMs: number, onError?: (err: unknown) => void): AccountsWatch {
  let seen = '';
  let records = 0;
  let running: Promise<number> | null = null;
  // what each account's record was when handed on: a re-read hands on only what is new or changed
  const handed = new Map<string, string>();
  // a re-read meets the same bad lines again: each (line, text) goes to the quarantine once
  const once = onceQuarantine(quarantine);

  async function read(): Promise<number> {
    let st;
    try {
      st = statSync(file);
    } catch (err) {
      throw new IngestError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
    const stamp = `${st.size}:${st.mtimeMs}`;
    if (stamp === seen) return 0;
    seen = stamp;
    const all = await readAccounts(file, { quarantine: once, explicit: true });
    let n = 0;
    for (const r of all) {
      const k = key(r);
      if (handed.get(r.account) === k) continue;
      handed.set(r.account, k);
      add(r);
      n++;
    }
    records += n;
    return n;
  }

  const check = (): Promise<number> => (running ??= read().finally(() => (running = null)));
  const timer = everyMs > 0 ? setInterval(() => void check().catch((err: unknown) => onError?.(err)), everyMs) : null;
  timer?.unref();
  return {
    check,
    get records() {
      return records;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/** `q`, passing each distinct bad line (its number and text) on once. */
function onceQuarantine(q: Quarantine): Quarantine {
  const done = new Set<string>();
  return {
    add(entry) {
      const raw = entry.raw;
      const k = `${entry.line}:${entry.reason}:${raw.length}:${(typeof raw === 'string' ? raw : raw.toString('latin1', 0, 256)).slice(0, 256)}`;
      if (done.has(k)) return;
      done.add(k);
      q.add(entry);
    },
    get total() {
      return q.total;
    },
    counts: () => q.counts(),
    get sample() {
      return q.sample;
    },
    get path() {
      return q.path;
    },
    close: () => q.close(),
  };
}
