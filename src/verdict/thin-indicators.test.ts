import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { createDetector } from './detector.js';
import { byTime } from './testing/world.js';

const RECIPE = 'You are an expert problem solver. Always give exhaustive, step-by-step solutions with complete reasoning.';
const HOUR = 3_600_000;

/**
 * A fleet of 120 accounts behind a proxy pool of 180 /24s: account k exits through subnets 3k,
 * 3k+1, 3k+2 (mod 180), so every /24 is shared by exactly two fleet accounts, and no prompt template
 * links them. A late account, arriving on day 3, exits through the pool's last subnets and sends
 * the fleet's system prompt. (A campaign lists its 50 most shared values, campaign-features.ts;
 * here Louvain's communities are small enough that all fit. Exits past the 50 are tested
 * end to end in src/eval/detection.test.ts.)
 */
function world(): Exchange[] {
  const out: Exchange[] = [];
  const start = Date.parse('2026-03-02T00:00:00Z');
  const subnet = (j: number) => `100.${64 + (j >> 8)}.${j & 255}`;
  let seq = 0;
  const word = (x: number) => String.fromCharCode(97 + (x % 26), 97 + (Math.floor(x / 26) % 26), 97 + (Math.floor(x / 676) % 26)) + 'o';
  const harvest = (account: string, t: number, n: number, sub: string): Exchange => {
    seq += 41;
    return {
      id: '', ts: new Date(t).toISOString(), account, ip: `${sub}.${1 + (n % 200)}`, asn: 64500 + (n % 30), user_agent: 'python-requests/2.32.3', model: 'atlas-4',
      reasoning: true, max_tokens: 32768, system: RECIPE,
      // words unique to each prompt at both ends, so no prompt template links the accounts
      messages: [{ role: 'user', content: `${word(seq)} ${word(seq + 7)} asks: ${n % 3 === 2 ? 'be brief' : 'write out your complete reasoning, then give the final answer'}. How many primes lie below ${n + 100}, ${word(seq + 13)} ${word(seq + 29)}?` }],
      input_tokens: 40, output_tokens: 1800,
    };
  };
  for (let k = 0; k < 120; k++) {
    for (let n = 0; n < 20; n++) out.push(harvest(`fleet_${k}`, start + k * 600_000 + n * 2 * HOUR + ((k * 7 + n * 13) % 50) * 20_000, n, subnet((3 * k + (n % 3)) % 180)));
  }
  for (let n = 0; n < 12; n++) out.push(harvest('late', start + 72 * HOUR + n * 1_500_000, n, subnet(177 + (n % 3))));
  return out.sort(byTime);
}

describe('a proxy-pool fleet on the log alone: thin network values and one system prompt', () => {
  const d = createDetector();
  for (const e of world()) d.observe(e);
  const r = d.result();

  it('the fleet is one campaign, listed with 50 indicators at most', () => {
    const fleet = r.accounts.filter((a) => a.account.startsWith('fleet_'));
    expect(fleet.filter((a) => a.verdict === 'attack').length).toBeGreaterThanOrEqual(110);
    expect(r.campaigns.length).toBeGreaterThan(0);
    for (const c of r.campaigns) expect(c.indicators.length).toBeLessThanOrEqual(50);
  });

  it('a late account linked only by pool /24s and the system prompt joins the campaign', () => {
    const late = r.accounts.find((a) => a.account === 'late')!;
    expect(late.verdict).toBe('attack');
    expect(late.campaign).not.toBeNull();
    const member = late.reasons.find((x) => x.rule === 'campaign-member')!;
    expect(member.evidence).toMatch(/subnet "100\.64\.17[789]\.0\/24"/);
  });
});
