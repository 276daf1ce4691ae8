import { describe, expect, it } from 'vitest';
import { hashKey } from '../core/key-hash.js';
import { KeysFileError, keyFromHeaders, parseKeysFile } from './keys.js';

const S = 'secret';

describe('keys file', () => {
  it('reads a JSON object of raw keys and hashes', () => {
    const map = parseKeysFile(JSON.stringify({ 'sk-a': 'acct_a', [hashKey('sk-b', S)]: 'acct_b' }), 'k.json', S);
    expect(map.size).toBe(2);
    expect(map.accountOf('sk-a')).toEqual({ account: 'acct_a', keyHash: hashKey('sk-a', S) });
    expect(map.accountOf('sk-b')?.account).toBe('acct_b');
    expect(map.accountOf('sk-c')).toBeUndefined();
  });

  it('reads a JSON array and JSONL with comments', () => {
    const arr = parseKeysFile(JSON.stringify([{ key: 'sk-a', account: 'a' }, { key_hash: hashKey('sk-b', S), account: 'b' }]), 'k.json', S);
    expect(arr.accountOf('sk-b')?.account).toBe('b');
    const jsonl = parseKeysFile('# keys\n{"key":"sk-a","account":"a"}\n\n{"key":"sk-z","account":"z"}\n', 'k.jsonl', S);
    expect(jsonl.accountOf('sk-z')?.account).toBe('z');
  });

  it('a different secret gives different hashes (keys do not match across deployments)', () => {
    const map = parseKeysFile('{"sk-a":"a"}', 'k', 'other');
    expect(map.accountOf('sk-a')?.keyHash).not.toBe(hashKey('sk-a', S));
  });

  it('reports file:line on a bad entry without echoing the key', () => {
    const err = (() => {
      try {
        parseKeysFile('{"key":"sk-a","account":"a"}\n{"key":"sk-SECRET","acct":"b"}\n', 'keys.jsonl', S);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(KeysFileError);
    expect(err?.message).toMatch(/^keys\.jsonl:2: /);
    expect(err?.message).not.toContain('sk-SECRET');
    expect(() => parseKeysFile('{"sk-a": 5}', 'k.json', S)).toThrow(/k\.json:1/);
  });
});

describe('keyFromHeaders', () => {
  it('reads Bearer auth first, then x-api-key', () => {
    expect(keyFromHeaders({ authorization: 'Bearer sk-1', 'x-api-key': 'sk-2' })).toBe('sk-1');
    expect(keyFromHeaders({ authorization: 'bearer  sk-1 ' })).toBe('sk-1');
    expect(keyFromHeaders({ 'x-api-key': 'sk-2' })).toBe('sk-2');
    expect(keyFromHeaders({ authorization: 'Basic abc' })).toBeUndefined();
    expect(keyFromHeaders({})).toBeUndefined();
  });
});

describe('keys file: moat serve format', () => {
  it('reads {keys: [...]} in YAML and JSON, skipping litellm_key_hash-only entries', () => {
    const yaml = `# shared with moat serve\nkeys:\n  - key: sk-a\n    account: a\n  - key_hash: ${hashKey('sk-b', S)}\n    account: b\n  - litellm_key_hash: ${'0'.repeat(64)}\n    account: c\n`;
    const y = parseKeysFile(yaml, 'keys.yaml', S);
    expect(y.size).toBe(2);
    expect(y.accountOf('sk-a')?.account).toBe('a');
    expect(y.accountOf('sk-b')?.account).toBe('b');
    const j = parseKeysFile(JSON.stringify({ keys: [{ key: 'sk-a', account: 'a' }] }), 'keys.json', S);
    expect(j.accountOf('sk-a')?.account).toBe('a');
    expect(() => parseKeysFile('keys:\n  - nope: 1\n', 'keys.yaml', S)).toThrow(/keys\.yaml:1: keys\[0\]/);
  });

  it('reads the Azure api-key header', () => {
    expect(keyFromHeaders({ 'api-key': 'sk-3' })).toBe('sk-3');
  });
});
