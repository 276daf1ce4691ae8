/**
 * Options every adapter factory accepts. The account is the one field the contract cannot do
 * without and the one whose source differs most between deployments, so it can be overridden.
 */
import type { Json } from './read.js';
import { pathString } from './read.js';

export interface AdapterOptions {
  /**
   * Where to read the account id, tried in order before the format's defaults. For record-shaped
   * formats these are dotted paths into the record (`metadata.user_api_key_team_id`); for
   * otel-genai they are attribute names (`tenant.id`), looked up on the span, then the resource.
   */
  accountFrom?: string[];
}

/**
 * The first override path that yields a non-empty string, if any.
 * @example accountOverride({ a: { b: 'x' } }, { accountFrom: ['a.b'] }) // 'x'
 */
export function accountOverride(record: Json, options: AdapterOptions | undefined): string | undefined {
  for (const path of options?.accountFrom ?? []) {
    const v = pathString(record, path);
    if (v !== undefined) return v;
  }
  return undefined;
}
