/**
 * The false-positive path: known customers (by account, org, payment fingerprint or email
 * domain) whose verdicts are cleared or lowered, with the reason recorded.
 */
import type { AccountRecord } from '../core/exchange.js';
import type { Reason } from '../core/verdict.js';
import type { Allowlist, AllowlistEntry } from '../rules/schema.js';

export interface AllowMatch {
  entry: AllowlistEntry;
  reason: Reason;
}

export type AllowlistMatcher = (account: string, record: AccountRecord | undefined) => AllowMatch | null;

/**
 * @example const m = allowlistMatcher({entries: [{org: 'EvalCo', action: 'clear', note: 'contract 12'}]});
 * m('acct_1', {account: 'acct_1', org: 'EvalCo'})?.entry.action // 'clear'
 */
export function allowlistMatcher(list: Allowlist | undefined): AllowlistMatcher {
  const by = { account: new Map<string, AllowlistEntry>(), org: new Map<string, AllowlistEntry>(), payment: new Map<string, AllowlistEntry>(), email_domain: new Map<string, AllowlistEntry>() };
  for (const e of list?.entries ?? []) {
    if (e.account) by.account.set(e.account, e);
    if (e.org) by.org.set(e.org.toLowerCase(), e);
    if (e.payment) by.payment.set(e.payment, e);
    if (e.email_domain) by.email_domain.set(e.email_domain.toLowerCase(), e);
  }
  const match = (field: string, value: string, entry: AllowlistEntry): AllowMatch => ({
    entry,
    reason: {
      rule: 'allowlist',
      weight: entry.action === 'clear' ? -1 : -0.5,
      evidence: `allowlisted by ${field} ${JSON.stringify(value)} (${entry.action === 'clear' ? 'verdict cleared' : 'verdict lowered one level'})${entry.note ? ': ' + entry.note : ''}`,
    },
  });
  return (account, r) => {
    let e = by.account.get(account);
    if (e) return match('account', account, e);
    if (r?.org && (e = by.org.get(r.org.toLowerCase()))) return match('org', r.org, e);
    if (r?.payment_fingerprint && (e = by.payment.get(r.payment_fingerprint))) return match('payment', r.payment_fingerprint, e);
    if (r?.email_domain && (e = by.email_domain.get(r.email_domain.toLowerCase()))) return match('email domain', r.email_domain, e);
    return null;
  };
}
