/**
 * Who a request is billed to. API keys are hashed the moment they are read (src/core/key-hash.ts);
 * a keys file can map keys to the account ids used in logs and verdicts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hashKey } from '../core/key-hash.js';

/** Header names that carry an API key, in order of preference. */
export const KEY_HEADERS = ['authorization', 'x-api-key', 'api-key'] as const;

type Headers = Record<string, string | string[] | undefined>;

/**
 * The raw key from request headers, or null. The caller hashes it at once.
 * @example rawKeyFromHeaders({ authorization: 'Bearer sk-1' }) // 'sk-1'
 */
export function rawKeyFromHeaders(headers: Headers): string | null {
  for (const name of KEY_HEADERS) {
    let v = headers[name];
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== 'string' || v.length === 0 || v.length > 4096) continue;
    if (name === 'authorization') {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
      if (!m) continue;
      v = m[1];
    }
    return v.trim();
  }
  return null;
}

const KeyEntry = z
  .strictObject({
    /** Raw API key: hashed on load, never kept. */
    key: z.string().min(1).max(4096).optional(),
    /** Moat key hash (kh_…), as written by ingest. */
    key_hash: z.string().regex(/^kh_[0-9a-f]{32}$/).optional(),
    /** LiteLLM's user_api_key_hash (SHA-256 hex of the virtual key). */
    litellm_key_hash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    account: z.string().min(1).max(256),
  })
  .refine((e) => e.key !== undefined || e.key_hash !== undefined || e.litellm_key_hash !== undefined, {
    message: 'each entry needs key, key_hash or litellm_key_hash',
  });
const KeysFile = z.strictObject({ keys: z.array(KeyEntry).max(5_000_000) });

export interface KeyResolver {
  /** Account for a raw key (hashed inside; unknown keys → their kh_ hash). */
  fromRawKey(raw: string): string;
  /** Account for LiteLLM's user_api_key_hash, or null when the keys file does not know it. */
  fromLitellmHash(hash: string): string | null;
  readonly size: number;
}

/**
 * @example
 * const r = createKeyResolver({ keys: [{ key: 'sk-1', account: 'acct_1' }] }, 'secret');
 * r.fromRawKey('sk-1') // 'acct_1'
 */
export function createKeyResolver(data: unknown, secret: string, file = '<keys>'): KeyResolver {
  const parsed = KeysFile.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const byKh = new Map<string, string>();
  const byLitellm = new Map<string, string>();
  for (const e of parsed.data.keys) {
    if (e.key !== undefined) {
      byKh.set(hashKey(e.key, secret), e.account);
      byLitellm.set(createHash('sha256').update(e.key).digest('hex'), e.account);
    }
    if (e.key_hash !== undefined) byKh.set(e.key_hash, e.account);
    if (e.litellm_key_hash !== undefined) byLitellm.set(e.litellm_key_hash, e.account);
  }
  return {
    fromRawKey(raw) {
      const kh = hashKey(raw, secret);
      return byKh.get(kh) ?? kh;
    },
    fromLitellmHash(hash) {
      return byLitellm.get(hash) ?? null;
    },
    size: byKh.size + byLitellm.size,
  };
}

/**
 * Read a keys file (YAML or JSON).
 * @example loadKeyResolver('keys.yaml', keySecretFromEnv()).fromRawKey(raw)
 */
export function loadKeyResolver(file: string, secret: string): KeyResolver {
  const text = readFileSync(file, 'utf8');
  if (text.length > 512 * 1024 * 1024) throw new Error(`${file}: keys file larger than 512 MB`);
  return createKeyResolver(parseYaml(text), secret, file);
}
