import { describe, expect, it } from 'vitest';
import { uuid5 } from './uuid5.js';

describe('uuid5', () => {
  it('matches the RFC 4122 / Python uuid.uuid5 value for the DNS namespace', () => {
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('is stable and sensitive to the name', () => {
    const ns = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(uuid5('a', ns)).toBe(uuid5('a', ns));
    expect(uuid5('a', ns)).not.toBe(uuid5('b', ns));
  });
  it('rejects a malformed namespace', () => {
    expect(() => uuid5('a', 'nope')).toThrow(/namespace/);
  });
});
