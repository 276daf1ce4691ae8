/**
 * What the gateway needs to know about one upstream API: which ingest adapter turns a recorded
 * pair into an exchange, how errors look in that API's own shape, where the output budget is in a
 * request, and how to withhold reasoning from a JSON body or a stream.
 */
import type { Adapter } from '../../core/adapter.js';
import type { SseRewrite } from '../sse.js';

export type Json = Record<string, unknown>;

export interface GatewayError {
  status: number;
  /** Reason code from src/core/reason-codes.ts. */
  code: string;
  message: string;
  appealUrl?: string;
  retryAfterSeconds?: number;
}

export interface Provider {
  /** Adapter name, also the `route` label in metrics. */
  name: 'openai-chat' | 'openai-responses' | 'anthropic';
  /** Path served (POST). */
  path: string;
  adapter: Adapter;
  /** The JSON error body clients of this API expect, carrying Moat's reason code. */
  errorBody(err: GatewayError): Json;
  /** The request's output-token cap, if it sets one. */
  maxTokens(request: Json): number | undefined;
  /** Remove reasoning content from a whole JSON response (returns a new or the same object). */
  withholdJson(body: Json): Json;
  /** A fresh, stateful per-stream rewrite that removes reasoning events. */
  withholdStream(): SseRewrite;
}

/** A non-negative integer field, else undefined. */
export function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function isJson(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Tracks removed positions (output items, content blocks) in a stream so later positions can be
 * shifted down and clients that index into their snapshot by position stay consistent.
 * @example const r = new Removed(); r.add(0); r.shift(2) // 1
 */
export class Removed {
  private readonly set = new Set<number>();
  add(i: number): void {
    this.set.add(i);
  }
  has(i: number): boolean {
    return this.set.has(i);
  }
  get size(): number {
    return this.set.size;
  }
  shift(i: number): number {
    let n = 0;
    for (const r of this.set) if (r < i) n++;
    return i - n;
  }
}
