/**
 * Helpers for adapter tests: load a fixture beside the test, check every output against the
 * contract, and capture the AdapterError a bad record raises.
 */
import { readFileSync } from 'node:fs';
import { AdapterError } from '../../../core/adapter.js';
import type { Adapter } from '../../../core/adapter.js';
import { Exchange } from '../../../core/exchange.js';

/** Parse `fixtures/<name>` next to the calling test (pass `import.meta.url`). */
export function loadFixture(testUrl: string, name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, testUrl), 'utf8'));
}

/** Convert and validate every exchange against the zod contract (throws on any mismatch). */
export function convertValid(adapter: Adapter, record: unknown): Exchange[] {
  return adapter.convert(record).map((e) => Exchange.parse(e));
}

/** The AdapterError thrown by convert, or a failure if it did not throw one. */
export function adapterError(adapter: Adapter, record: unknown): AdapterError {
  try {
    adapter.convert(record);
  } catch (err) {
    if (err instanceof AdapterError) return err;
    throw new Error(`expected AdapterError, got ${String(err)}`);
  }
  throw new Error('expected AdapterError, convert returned normally');
}

/** A deep copy, so a test can break one field of a fixture without touching the others. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Parse `fixtures/<name>` as JSON Lines (one record a line, blank lines skipped). */
export function loadJsonl(testUrl: string, name: string): unknown[] {
  return readFileSync(new URL(`./fixtures/${name}`, testUrl), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as unknown);
}
