import { describe, expect, it } from 'vitest';
import { REASON_CODES, reasonFor } from './reason-codes.js';

describe('reason-code catalog', () => {
  it('keys equal codes, codes are unique and well formed', () => {
    const codes = Object.entries(REASON_CODES).map(([k, v]) => {
      expect(v.code).toBe(k);
      expect(v.code).toMatch(/^MOAT_[A-Z_]+$/);
      expect(v.message.length).toBeGreaterThan(10);
      expect(v.appeal.length).toBeGreaterThan(5);
      return v.code;
    });
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('throttles are 429, blocks are 403, allows are 200', () => {
    for (const rc of Object.values(REASON_CODES)) {
      if (rc.code.startsWith('MOAT_THROTTLE_')) expect(rc.status).toBe(429);
      if (rc.code.startsWith('MOAT_BLOCK_')) expect(rc.status).toBe(403);
      if (rc.code.startsWith('MOAT_ALLOW')) expect(rc.status).toBe(200);
    }
  });

  it('reasonFor throws on unknown codes', () => {
    expect(reasonFor('MOAT_CHALLENGE').status).toBe(403);
    expect(() => reasonFor('MOAT_NOPE')).toThrow(/unknown reason code/);
  });
});
