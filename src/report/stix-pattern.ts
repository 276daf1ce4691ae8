/**
 * Campaign indicator → STIX 2.1 pattern. Standard cyber-observable objects where STIX has one
 * (autonomous-system, ipv4/ipv6-addr, email-addr, network-traffic's http-request-ext for the
 * User-Agent header); custom `x-moat-*` observable types (spec §11.1: custom SCO names start
 * with `x-`) for payment fingerprints, prompt templates and system prompts, which STIX has no object for.
 * Behavioural indicators (creation waves, lockstep timing) have no observable and get no pattern.
 */
import type { IndicatorKind } from '../core/verdict.js';

/** Custom observable types used in patterns; documented in docs/reports.md. */
export const CUSTOM_OBSERVABLES = {
  payment: 'x-moat-payment-fingerprint',
  template: 'x-moat-prompt-template',
  system_prompt: 'x-moat-system-prompt',
} as const;

/** Quote a STIX pattern string literal: backslash and single quote are escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(:[0-9.]+)?$/;

function ipType(addr: string): 'ipv4-addr' | 'ipv6-addr' | null {
  if (IPV4.test(addr)) return 'ipv4-addr';
  if (addr.includes(':') && IPV6.test(addr)) return 'ipv6-addr';
  return null;
}

/**
 * @example stixPattern('asn', 'AS64512') // '[autonomous-system:number = 64512]'
 * @example stixPattern('subnet', '203.0.113.0/24') // "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"
 */
export function stixPattern(kind: IndicatorKind, value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  switch (kind) {
    case 'asn': {
      const m = /^(?:AS)?(\d{1,10})$/i.exec(v);
      return m ? `[autonomous-system:number = ${Number(m[1])}]` : null;
    }
    case 'ip': {
      const t = ipType(v);
      return t ? `[${t}:value = ${quote(v)}]` : null;
    }
    case 'subnet': {
      const [addr, bits, extra] = v.split('/');
      const t = addr ? ipType(addr) : null;
      if (!t || extra !== undefined || !bits || !/^\d{1,3}$/.test(bits) || Number(bits) > (t === 'ipv4-addr' ? 32 : 128)) return null;
      return `[${t}:value ISSUBSET ${quote(v)}]`;
    }
    case 'user_agent':
      return `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${quote(v)}]`;
    case 'email_pattern': {
      if (v.startsWith('^') || v.endsWith('$')) return `[email-addr:value MATCHES ${quote(v)}]`;
      if (v.includes('*')) return `[email-addr:value LIKE ${quote(v.replace(/\*/g, '%'))}]`;
      const domain = v.replace(/^@/, '');
      if (domain.includes('@')) return `[email-addr:value = ${quote(domain)}]`;
      return `[email-addr:value LIKE ${quote(`%@${domain}`)}]`;
    }
    case 'payment':
      return `[${CUSTOM_OBSERVABLES.payment}:value = ${quote(v)}]`;
    case 'template':
      return `[${CUSTOM_OBSERVABLES.template}:hash = ${quote(v)}]`;
    case 'system_prompt':
      return `[${CUSTOM_OBSERVABLES.system_prompt}:hash = ${quote(v)}]`;
    case 'creation_wave':
    case 'lockstep':
      return null;
  }
}
