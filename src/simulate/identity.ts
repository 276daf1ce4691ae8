/**
 * Sign-up identities for simulated accounts: random account ids (so ids never reveal a persona or
 * campaign), raw-looking fake API keys, payment fingerprints, e-mail domains, countries and zones.
 */
import type { Rng } from './rng.js';
import { UTC_OFFSET } from './net.js';
import { DAY } from './time.js';
import { flat } from './strings.js';

/** Everything a persona or strategy builder needs besides its own parameters. */
export interface BuildContext {
  rng: Rng;
  /** Scenario window and release time, epoch ms. */
  start: number;
  end: number;
  release: number;
  /** Ids handed out so far (unique across the population). */
  ids: Set<string>;
}

/** @example newAccountId(ctx) // 'acct_3k9x0q2m7d' */
export function newAccountId(ctx: BuildContext): string {
  for (;;) {
    const id = 'acct_' + ctx.rng.token(10);
    if (!ctx.ids.has(id)) {
      ctx.ids.add(id);
      return id;
    }
  }
}

/** A raw-looking fake key; ingest must hash it. */
export function newKey(rng: Rng): string {
  return 'sk-sim-' + rng.token(32);
}

/** A payment-instrument fingerprint as a processor would expose it (opaque). */
export function newCard(rng: Rng): string {
  return 'pm_' + rng.hex(20);
}

const FREEMAIL: Readonly<Record<string, readonly string[]>> = {
  default: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com'],
  CN: ['qq.com', '163.com', 'gmail.com', 'outlook.com'],
  KR: ['naver.com', 'gmail.com'],
  DE: ['gmx.de', 'web.de', 'gmail.com', 'outlook.com'],
  JP: ['gmail.com', 'yahoo.co.jp', 'icloud.com'],
};

export const DISPOSABLE_DOMAINS: readonly string[] = [
  'mailinator.com',
  'guerrillamail.com',
  '10minutemail.com',
  'temp-mail.org',
  'yopmail.com',
  'sharklasers.com',
  'dispostable.com',
  'trashmail.com',
  'maildrop.cc',
  'getnada.com',
];

export function freemailDomain(rng: Rng, country: string): string {
  return rng.pick(FREEMAIL[country] ?? FREEMAIL.default);
}

/** Countries weighted roughly by API usage. */
const COUNTRIES = ['US', 'US', 'US', 'US', 'IN', 'IN', 'GB', 'DE', 'FR', 'BR', 'CA', 'JP', 'KR', 'SG', 'NL', 'AU', 'CN', 'VN'];

export function pickCountry(rng: Rng): string {
  return rng.pick(COUNTRIES);
}

export function utcOffsetFor(rng: Rng, country: string): number {
  return rng.pick(UTC_OFFSET[country] ?? [0]);
}

export function iso(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** Created some time before the window: aged between minDays and maxDays. */
export function agedCreation(ctx: BuildContext, minDays: number, maxDays: number): number {
  return ctx.start - ctx.rng.uniform(minDays, maxDays) * DAY;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Pre-render a `,"user_agent":"…"` fragment. */
export function uaJson(ua: string): string {
  return flat(',"user_agent":' + JSON.stringify(ua));
}
