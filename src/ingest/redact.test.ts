import { describe, expect, it } from 'vitest';
import { isSecretField, quarantineRaw, redactText } from './redact.js';

const KEY = 'sk-live-SECRET-abcdef0123456789';

describe('redaction', () => {
  it('knows key-like field names and leaves token counts alone', () => {
    for (const n of ['key', 'api_key', 'X-API-Key', 'Authorization', 'client_secret', 'access_token', 'password']) expect(isSecretField(n)).toBe(true);
    for (const n of ['input_tokens', 'max_tokens', 'account', 'monkey_count']) expect(isSecretField(n)).toBe(false);
  });

  it('removes secrets from JSON structurally, at any depth', () => {
    const raw = JSON.stringify({ key: KEY, meta: { headers: { authorization: `Bearer ${KEY}` } }, input_tokens: 5 });
    const out = quarantineRaw(raw);
    expect(out).not.toContain(KEY);
    expect(JSON.parse(out)).toEqual({ key: '[redacted]', meta: { headers: { authorization: '[redacted]' } }, input_tokens: 5 });
  });

  it('removes secrets from text that is not JSON, including a value cut off at the end', () => {
    expect(redactText(`{"key":"${KEY}", "x":1`)).not.toContain('SECRET');
    expect(redactText(`{"api_key": "${KEY.slice(0, 12)}`)).toBe('{"api_key": "[redacted]"');
    expect(redactText(`curl -H 'Authorization: Bearer abc.def' key=${KEY}`)).not.toMatch(/abc\.def|SECRET/);
    expect(redactText(`note ${KEY} here`)).toBe('note [redacted] here');
  });

  it('cuts raw to 1 KB and keeps invalid UTF-8 displayable', () => {
    const out = quarantineRaw(Buffer.concat([Buffer.from('x'.repeat(3000)), Buffer.from([0xff])]));
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1024 * 3);
    expect(out.length).toBe(1024);
    expect(quarantineRaw(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\uFFFDb');
  });

  it('catches a key split by the 1 KB cut', () => {
    const raw = `{"pad":"${'p'.repeat(1000)}","key":"${KEY}"}`;
    const out = quarantineRaw(raw);
    expect(out).not.toContain(KEY.slice(0, 10));
  });
});
