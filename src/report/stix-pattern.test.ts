import { describe, expect, it } from 'vitest';
import { quote, stixPattern } from './stix-pattern.js';

describe('stixPattern', () => {
  it('uses standard observables where STIX has them', () => {
    expect(stixPattern('asn', 'AS64512')).toBe('[autonomous-system:number = 64512]');
    expect(stixPattern('asn', '64513')).toBe('[autonomous-system:number = 64513]');
    expect(stixPattern('ip', '198.51.100.7')).toBe("[ipv4-addr:value = '198.51.100.7']");
    expect(stixPattern('ip', '2001:db8::1')).toBe("[ipv6-addr:value = '2001:db8::1']");
    expect(stixPattern('subnet', '203.0.113.0/24')).toBe("[ipv4-addr:value ISSUBSET '203.0.113.0/24']");
    expect(stixPattern('user_agent', 'python-httpx/0.27.0')).toBe("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'python-httpx/0.27.0']");
    expect(stixPattern('email_pattern', '*@mail0.example')).toBe("[email-addr:value LIKE '%@mail0.example']");
    expect(stixPattern('email_pattern', 'mail0.example')).toBe("[email-addr:value LIKE '%@mail0.example']");
  });
  it('uses x- custom observables for payment fingerprints and templates', () => {
    expect(stixPattern('payment', 'pf_ab12')).toBe("[x-moat-payment-fingerprint:value = 'pf_ab12']");
    expect(stixPattern('template', 'tpl_cd34')).toBe("[x-moat-prompt-template:hash = 'tpl_cd34']");
    expect(stixPattern('system_prompt', '168253057')).toBe("[x-moat-system-prompt:hash = '168253057']");
  });
  it('gives no pattern for behaviour or malformed values', () => {
    expect(stixPattern('lockstep', 'x')).toBeNull();
    expect(stixPattern('creation_wave', 'x')).toBeNull();
    expect(stixPattern('asn', 'not-an-asn')).toBeNull();
    expect(stixPattern('subnet', '203.0.113.0/99')).toBeNull();
    expect(stixPattern('ip', '<script>')).toBeNull();
  });
  it('escapes quotes and backslashes so a value cannot break out of its literal', () => {
    expect(quote("a'] OR [x:y = 'b\\")).toBe("'a\\'] OR [x:y = \\'b\\\\'");
    expect(stixPattern('user_agent', "ua' ]")).toBe("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'ua\\' ]']");
  });
});
