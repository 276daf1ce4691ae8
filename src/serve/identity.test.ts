import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashKey } from '../core/key-hash.js';
import { createKeyResolver, rawKeyFromHeaders } from './identity.js';

describe('identity', () => {
  it('reads Bearer, x-api-key and api-key, in that order', () => {
    expect(rawKeyFromHeaders({ authorization: 'Bearer sk-1', 'x-api-key': 'sk-2' })).toBe('sk-1');
    expect(rawKeyFromHeaders({ authorization: 'Basic abc', 'x-api-key': 'sk-2' })).toBe('sk-2');
    expect(rawKeyFromHeaders({ 'api-key': 'az-3' })).toBe('az-3');
    expect(rawKeyFromHeaders({})).toBeNull();
    expect(rawKeyFromHeaders({ 'x-api-key': 'x'.repeat(5000) })).toBeNull();
  });

  it('maps raw keys, kh_ hashes and LiteLLM hashes to accounts; unknown keys become kh_ ids', () => {
    const r = createKeyResolver(
      {
        keys: [
          { key: 'sk-a', account: 'acct_a' },
          { key_hash: hashKey('sk-b', 's'), account: 'acct_b' },
          { litellm_key_hash: createHash('sha256').update('sk-c').digest('hex'), account: 'acct_c' },
        ],
      },
      's',
    );
    expect(r.fromRawKey('sk-a')).toBe('acct_a');
    expect(r.fromRawKey('sk-b')).toBe('acct_b');
    expect(r.fromLitellmHash(createHash('sha256').update('sk-a').digest('hex'))).toBe('acct_a');
    expect(r.fromLitellmHash(createHash('sha256').update('sk-c').digest('hex'))).toBe('acct_c');
    expect(r.fromRawKey('sk-zzz')).toBe(hashKey('sk-zzz', 's'));
    expect(r.fromLitellmHash('0'.repeat(64))).toBeNull();
  });

  it('rejects malformed key files with the entry at fault', () => {
    expect(() => createKeyResolver({ keys: [{ account: 'a' }] }, 's', 'k.yaml')).toThrow(/^k\.yaml: keys\.0: /);
    expect(() => createKeyResolver({ keys: [{ key_hash: 'nope', account: 'a' }] }, 's', 'k.yaml')).toThrow(/keys\.0\.key_hash/);
  });
});
