/**
 * The core of `moat convert --from FORMAT`: run each line of a foreign log through an adapter
 * from the registry, check what it produces against the contract (and hash keys), and write
 * exchanges.jsonl + quarantine.jsonl. A record the adapter rejects (AdapterError) is quarantined
 * with the adapter's field and reason.
 */
import { existsSync, statSync } from 'node:fs';
import { AdapterError } from '../core/adapter.js';
import type { Adapter } from '../core/adapter.js';
import type { Exchange } from '../core/exchange.js';
import { keySecretFromEnv } from '../core/key-hash.js';
import { adapterFactories, adapters as registry } from './adapters/index.js';
import { exchangeTransform } from './contract-transform.js';
import { IngestError } from './errors.js';
import { resolveLogFile } from './open-input.js';
import type { LineTransform } from './scan.js';
import { ingestToDir } from './validate-log.js';
import type { IngestResult, ValidateOptions } from './validate-log.js';

/**
 * Find an adapter by name, or throw one line naming the valid ones.
 * @example findAdapter('openai-chat').name // 'openai-chat'
 */
export function findAdapter(name: string, list: readonly Adapter[] = registry): Adapter {
  const found = list.find((a) => a.name === name);
  if (found) return found;
  const names = list.map((a) => a.name).sort();
  throw new IngestError(`unknown format "${name}"; valid formats: ${names.length > 0 ? names.join(', ') : '(none registered)'}`);
}

/**
 * Adapter, then the contract check and key hashing on each exchange it yields.
 * @example adapterTransform(findAdapter('openai-chat'), 'secret')(record)
 */
export function adapterTransform(adapter: Adapter, keySecret: string): LineTransform<Exchange> {
  const contract = exchangeTransform(keySecret);
  return (value) => {
    let produced: Exchange[];
    try {
      produced = adapter.convert(value);
    } catch (err) {
      if (err instanceof AdapterError) return { ok: false, field: err.field, reason: 'adapter_error', detail: err.reason };
      return { ok: false, field: '', reason: 'adapter_error', detail: `${adapter.name} failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    const out: Exchange[] = [];
    for (const ex of produced) {
      const res = contract(ex);
      if (!res.ok) return { ...res, detail: `${adapter.name} produced an invalid exchange: ${res.detail}` };
      out.push(...res.value);
    }
    return { ok: true, value: out, unchanged: false };
  };
}

/**
 * @example const r = await convertLog('openai-chat', 'capture.jsonl', 'out'); r.stats.records
 */
export async function convertLog(
  format: string,
  input: string,
  outDir: string,
  opts: ValidateOptions & { adapters?: readonly Adapter[]; accountFrom?: string[] } = {},
): Promise<IngestResult> {
  let adapter = findAdapter(format, opts.adapters);
  if (opts.accountFrom && opts.accountFrom.length > 0) {
    const factory = opts.adapters === undefined ? adapterFactories[format] : undefined;
    if (!factory) throw new IngestError(`--account-from is not supported by format "${format}"`);
    adapter = factory({ accountFrom: opts.accountFrom });
  }
  if (input !== '-' && existsSync(input) && statSync(input).isDirectory()) {
    throw new IngestError(`${input} is a directory; convert reads one file (or - for stdin)`);
  }
  const file = resolveLogFile(input, '', { sibling: false })!;
  const transform = adapterTransform(adapter, opts.keySecret ?? keySecretFromEnv());
  return ingestToDir(file, outDir, transform, `${adapter.name} records`, opts);
}
