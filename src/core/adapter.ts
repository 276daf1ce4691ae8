/**
 * An adapter turns one record of a foreign log format into zero or more contract exchanges.
 * Adapters are pure: they throw AdapterError with a field and reason on bad input, and the
 * ingest edge quarantines the record.
 */
import type { Exchange } from './exchange.js';

export class AdapterError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'AdapterError';
  }
}

export interface Adapter {
  /** Name used by `moat convert --from NAME`. */
  name: string;
  description: string;
  /** Convert one parsed JSON record (one line of the source file). */
  convert(record: unknown): Exchange[];
}
