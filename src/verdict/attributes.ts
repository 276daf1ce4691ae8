/**
 * Turning an account record and an exchange into the attribute values that link accounts:
 * payment fingerprint, /24 (IPv4) or /48 (IPv6) subnet, IP, ASN, user agent, email pattern and
 * creation wave. Pure functions.
 */
import type { AccountRecord, Exchange } from '../core/exchange.js';
import type { SlotKind } from '../graph/kinds.js';

/**
 * Subnet of an IP: /24 for IPv4, /48 for IPv6; '' when unparseable.
 * @example subnetOf('203.0.113.7') // '203.0.113.0/24'
 */
export function subnetOf(ip: string): string {
  if (ip.includes('.')) {
    const parts = ip.split('.');
    if (parts.length !== 4) return '';
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  if (ip.includes(':')) {
    const parts = ip.split(':');
    return `${parts.slice(0, 3).join(':')}::/48`;
  }
  return '';
}

/**
 * Email pattern: the domain, plus the local-part shape when the record carries a full address
 * (letters → a, digits → 9, runs collapsed), so 'jdoe1984@x.com' and 'mkim2231@x.com' match.
 * @example emailPattern({account: 'a', email_domain: 'Mail.RU'}) // 'mail.ru'
 */
export function emailPattern(r: AccountRecord): string {
  const email = typeof r.email === 'string' ? r.email : '';
  const domain = (r.email_domain ?? email.split('@')[1] ?? '').toLowerCase();
  if (!domain) return '';
  const local = email.includes('@') ? email.split('@')[0] : '';
  if (!local) return domain;
  const shape = local.replace(/[a-z]+/gi, 'a').replace(/[0-9]+/g, '9').slice(0, 16);
  return `${shape}@${domain}`;
}

/**
 * Attribute values from the account record (values '' are skipped). creation_wave gets two
 * values: the `waveHours` bucket and the `cohortDays` bucket of created_at.
 */
export function recordAttributes(r: AccountRecord, waveHours: number, cohortDays = 7): Partial<Record<SlotKind, string[]>> {
  const out: Partial<Record<SlotKind, string[]>> = {};
  if (r.payment_fingerprint) out.payment = [r.payment_fingerprint];
  const email = emailPattern(r);
  if (email) out.email_pattern = [email];
  if (r.created_at) {
    const t = Date.parse(r.created_at);
    if (Number.isFinite(t)) {
      const w = waveHours * 3_600_000;
      const c = cohortDays * 86_400_000;
      out.creation_wave = [
        new Date(Math.floor(t / w) * w).toISOString().slice(0, 13) + 'h',
        `${cohortDays}d from ${new Date(Math.floor(t / c) * c).toISOString().slice(0, 10)}`,
      ];
    }
  }
  return out;
}

/** Attribute values from an account's first exchange. */
export function exchangeAttributes(ex: Exchange): Partial<Record<SlotKind, string>> {
  const out: Partial<Record<SlotKind, string>> = {};
  if (ex.ip) {
    out.ip = ex.ip;
    const s = subnetOf(ex.ip);
    if (s) out.subnet = s;
  }
  if (ex.asn !== undefined) out.asn = String(ex.asn);
  if (ex.user_agent) out.user_agent = ex.user_agent.slice(0, 200);
  return out;
}
