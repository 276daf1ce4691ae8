import { describe, expect, it } from 'vitest';
import type { AccountRecord, Exchange } from '../core/exchange.js';
import { seededRng } from '../core/rng.js';
import { scanWorld as scan } from './testdata/scan-world.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T00:00:00Z');
/** One sign-up week for everyone here (a cohort bucket: thousands of ordinary sign-ups share one). */
const WEEK = Date.parse('2026-02-20T03:00:00Z');
const LONERS = 20;
/** A published recipe system prompt: ordinary users paste it too. */
const RECIPE = 'You are an expert problem solver. Always give exhaustive, step-by-step solutions and show all intermediate reasoning.';
const TOPICS = ['a recursive descent parser', 'the knapsack problem', 'Dijkstra on a grid', 'a lock-free queue', 'matrix chain order', 'an LRU cache', 'interval scheduling', 'a trie with deletion'];

const OPENERS = ['Hey, quick one about', 'I am stuck on', 'Could you walk me through', 'Teach me', 'Need help with', 'Please work out', 'Struggling with', 'Explain', 'Homework question on', 'Curious about', 'Solve', 'Work through', 'Break down', 'Go deep on', 'Unpack', 'Clarify', 'Demystify', 'Tackle', 'Dissect', 'Untangle', 'Crack', 'Figure out'];
const CLOSERS = ['Write out your complete reasoning.', 'Show every step of your thinking.', 'Give the full chain of reasoning before the answer.', 'Reason step by step and show it all.'];
const SIGNOFFS = ['thanks!', 'cheers', '- Ana', 'ty', 'much appreciated', 'regards, B', 'thx a lot', 'merci', 'danke', 'gracias', 'best, Z', 'ok go', 'grazie', 'obrigado', 'kiitos', 'tack', 'dank je', 'spasibo', 'xie xie', 'arigato', 'toda', 'shukran'];

/**
 * Twenty lone harvesters (each its own card, address and mail domain; tied to one another only by
 * their sign-up week) and a reseller's two accounts from the same week, tied by one card, one
 * cloud address and a domain of their own ('apart': two cards, two addresses, two domains;
 * 'nat': two cards and domains behind one address, both pasting one published system prompt).
 * Everyone asks for the full reasoning on varying tasks in reasoning mode.
 */
function world(pair: 'tied' | 'apart' | 'nat'): { exchanges: Exchange[]; records: AccountRecord[] } {
  const pairTied = pair === 'tied';
  const r = seededRng(5);
  const out: Exchange[] = [];
  const ids = [...Array.from({ length: LONERS }, (_, k) => `lone_${k}`), 'resell_0', 'resell_1'];
  const ipOf = (id: string, k: number) => (id.startsWith('resell_') && pair !== 'apart' ? '34.121.176.20' : `10.${20 + k}.${k * 7}.5`);
  ids.forEach((id, k) => {
    const n = id.startsWith('resell_') ? 48 : 14;
    for (let j = 0; j < n; j++) {
      // the reseller starts a day after the lone harvesters' community has formed
      const t = START + (id.startsWith('resell_') ? 24 * HOUR + j * HOUR : j * 3 * HOUR) + Math.floor(r() * 2_400_000) + k * 60_000;
      // each account words its requests its own way (no prompt frame shared across accounts)
      const content = `${OPENERS[k]} ${TOPICS[(k + j) % TOPICS.length]}, variant ${j}. ${CLOSERS[(k + j) % CLOSERS.length]} ${SIGNOFFS[k]}`;
      const system = pair === 'nat' && id.startsWith('resell_') ? [{ role: 'system' as const, content: RECIPE }] : [];
      out.push({ id: '', ts: new Date(t).toISOString(), account: id, ip: ipOf(id, k), asn: 64600 + k, user_agent: 'python-httpx/0.27', model: 'atlas-4', reasoning: true, max_tokens: 32768, messages: [...system, { role: 'user', content }], input_tokens: 40, output_tokens: 2400 });
    }
  });
  const records: AccountRecord[] = ids.map((id, k) => ({
    account: id,
    created_at: new Date(WEEK + k * 7 * HOUR).toISOString(),
    email_domain: id.startsWith('resell_') && pairTied ? 'relay-hub.example' : `mail${k}.example`,
    payment_fingerprint: id.startsWith('resell_') && pairTied ? 'pm_reseller' : `pm_${id}`,
  }));
  return { exchanges: out, records };
}

describe('an identity core inside a community that is no campaign as a whole', () => {
  it('true case: a reseller\'s two accounts on one card and one address are a campaign of their own', () => {
    const r = scan(world('tied'));
    const pair = r.accounts.filter((a) => a.account.startsWith('resell_'));
    expect(pair.map((a) => a.verdict)).toEqual(['attack', 'attack']);
    expect(pair[0].campaign).not.toBeNull();
    expect(pair[0].campaign).toBe(pair[1].campaign);
    const member = pair[0].reasons.find((x) => x.rule === 'campaign-member');
    expect(member?.evidence).toMatch(/payment pm_resel/);
  });

  it('false case: the same two accounts on cards, addresses and domains of their own form no campaign', () => {
    const r = scan(world('apart'));
    const pair = r.accounts.filter((a) => a.account.startsWith('resell_'));
    expect(pair.filter((a) => a.campaign !== null)).toEqual([]);
  });

  it('false case: two accounts behind one address that paste one published system prompt (an address and a generic value) form no campaign', () => {
    const r = scan(world('nat'));
    const pair = r.accounts.filter((a) => a.account.startsWith('resell_'));
    expect(pair.filter((a) => a.campaign !== null)).toEqual([]);
  });
});
