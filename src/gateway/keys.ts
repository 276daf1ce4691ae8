/**
 * API key → account map. Read from a keys file where each entry names a raw key or an already
 * hashed one (`kh_…`, from src/core/key-hash.ts) and the account it bills to. Raw keys are
 * hashed the moment the file is read; only hashes are kept in memory.
 *
 * File formats (detected by content):
 *   `moat serve`'s format, YAML or JSON: {keys: [{key | key_hash | litellm_key_hash, account}]}
 *     (litellm_key_hash entries are skipped: a gateway sees raw keys, not LiteLLM's hashes)
 *   JSON object  {"sk-live-abc": "acct_1", "kh_0123…": "acct_2"}
 *   JSON array   [{"key": "sk-live-abc", "account": "acct_1"}, {"key_hash": "kh_…", "account": "acct_2"}]
 *   JSONL        one {"key"|"key_hash", "account"} object a line
 */
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hashKey, isHashedKey } from '../core/key-hash.js';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

const Entry = z.union([
  z.strictObject({ key: z.string().min(1).max(4096), account: z.string().min(1).max(256) }),
  z.strictObject({ key_hash: z.string().refine(isHashedKey, 'must look like kh_ + 32 hex chars'), account: z.string().min(1).max(256) }),
]);

export class KeysFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

export interface KeyMap {
  /** Number of keys known. */
  readonly size: number;
  /** Account for a raw key (hashed here), or undefined. */
  accountOf(rawKey: string): { account: string; keyHash: string } | undefined;
}

/**
 * Build a key map from parsed entries.
 * @example createKeyMap([{ key: 'sk-1', account: 'acct_1' }], 's').accountOf('sk-1')?.account // 'acct_1'
 */
export function createKeyMap(entries: Iterable<{ key?: string; key_hash?: string; account: string }>, secret: string): KeyMap {
  const byHash = new Map<string, string>();
  for (const e of entries) {
    const h = e.key_hash ?? hashKey(e.key ?? '', secret);
    byHash.set(h, e.account);
  }
  return {
    size: byHash.size,
    accountOf(rawKey) {
      const keyHash = hashKey(rawKey, secret);
      const account = byHash.get(keyHash);
      return account === undefined ? undefined : { account, keyHash };
    },
  };
}

function entryError(file: string, line: number, issue: string): KeysFileError {
  return new KeysFileError(`${file}:${line}: ${issue}`);
}

/**
 * Parse keys-file text (JSON object, JSON array or JSONL). Errors give file:line and never echo a key.
 * @example parseKeysFile('{"sk-1":"acct_1"}', 'keys.json', 's').size // 1
 */
export function parseKeysFile(text: string, file: string, secret: string): KeyMap {
  const entries: z.infer<typeof Entry>[] = [];
  const trimmed = text.trim();
  let whole: unknown;
  let isWhole = false;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      whole = JSON.parse(trimmed);
      isWhole = true;
    } catch {
      isWhole = false; // JSONL: first line is an object
    }
  }
  const firstLine = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  if (!isWhole && !firstLine.startsWith('{')) {
    // Not JSON and not JSONL: YAML (the `moat serve` keys file).
    try {
      whole = parseYaml(text);
      isWhole = true;
    } catch {
      throw entryError(file, 1, 'neither JSON, JSONL nor YAML');
    }
  }
  if (isWhole && whole !== null && typeof whole === 'object' && !Array.isArray(whole) && Array.isArray((whole as { keys?: unknown }).keys)) {
    (whole as { keys: unknown[] }).keys.forEach((v, i) => {
      if (v !== null && typeof v === 'object' && 'litellm_key_hash' in v && !('key' in v) && !('key_hash' in v)) return;
      const { litellm_key_hash: _ignored, ...rest } = (v ?? {}) as Record<string, unknown>;
      const parsed = Entry.safeParse(rest);
      if (!parsed.success) throw entryError(file, 1, `keys[${i}]: expected {key|key_hash, account}`);
      entries.push(parsed.data);
    });
  } else if (isWhole && !Array.isArray(whole) && whole !== null && typeof whole === 'object') {
    for (const [k, v] of Object.entries(whole as Record<string, unknown>)) {
      const parsed = Entry.safeParse(isHashedKey(k) ? { key_hash: k, account: v } : { key: k, account: v });
      if (!parsed.success) throw entryError(file, 1, `entry ${entries.length + 1}: account must be a non-empty string`);
      entries.push(parsed.data);
    }
  } else if (isWhole && Array.isArray(whole)) {
    whole.forEach((v, i) => {
      const parsed = Entry.safeParse(v);
      if (!parsed.success) throw entryError(file, 1, `entry ${i + 1}: expected {key|key_hash, account}`);
      entries.push(parsed.data);
    });
  } else {
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw entryError(file, i + 1, 'not valid JSON');
      }
      const parsed = Entry.safeParse(v);
      if (!parsed.success) throw entryError(file, i + 1, 'expected {key|key_hash, account}');
      entries.push(parsed.data);
    });
  }
  return createKeyMap(entries, secret);
}

/** Read and parse a keys file. */
export function loadKeysFile(file: string, secret: string): KeyMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeysFileError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (text.length > MAX_FILE_BYTES) throw new KeysFileError(`${file}: larger than 64 MB`);
  return parseKeysFile(text, file, secret);
}

/**
 * The raw API key on a request: `Authorization: Bearer …` (OpenAI), `x-api-key` (Anthropic) or `api-key` (Azure).
 * @example keyFromHeaders({ authorization: 'Bearer sk-1' }) // 'sk-1'
 */
export function keyFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') {
    const k = auth.slice(7).trim();
    if (k.length > 0) return k;
  }
  for (const name of ['x-api-key', 'api-key']) {
    const x = headers[name];
    if (typeof x === 'string' && x.trim().length > 0) return x.trim();
  }
  return undefined;
}
