/**
 * A relay fleet that keeps its share of reasoning requests under cot-elicitation's 10 %: three
 * high-volume accounts on one card and one cloud /24, relaying ordinary traffic with 7 % requests
 * for the complete reasoning and 1.5 % rubric gradings mixed in (about 90 a day each). Beside it,
 * the hard negative: one company's product backends, on one card and one /24 too, at the same
 * volume, relaying their users' occasional "write out your reasoning" (2 %).
 */
import { describe, expect, it } from 'vitest';
import type { AccountRecord, Exchange } from '../core/exchange.js';
import { seededRng } from '../core/rng.js';
import { loadConfig } from '../rules/load.js';
import type { DetectorOptions } from './detector.js';
import { inOrder, scanWorld, type World } from './testing/world.js';

const ASK = '\n\nWrite out your complete reasoning, then give the final answer.';
const GRADE = '\n\nGrade this response on a scale of 1-10 according to the rubric, justifying each score.';
const TEXTS = [
  'what should I cook tonight with rice and eggs',
  'Implement binary search in C and handle the empty array.',
  'Write a SQL query returning the top three customers by order value per region.',
  'how do I politely decline a wedding invitation',
  'A train leaves at 09:40 and travels 210 km at 84 km/h. When does it arrive?',
  'Summarise the main causes of the French revolution in five bullet points.',
  'Port this callback code to async/await: fs.readFile(p, cb).',
  'write a short birthday message for my aunt',
];

interface Group { prefix: string; card: string; subnet: string; asn: number; ask: number; grade: number; org: string }

function world(groups: Group[], perDay: number, days: number): World {
  const rng = seededRng(11);
  const start = Date.parse('2026-03-02T00:00:00Z');
  const records: AccountRecord[] = [];
  const exchanges: Exchange[] = [];
  for (const g of groups) {
    for (let k = 0; k < 3; k++) {
      const account = `${g.prefix}_${k}`;
      records.push({ account, created_at: new Date(start - (120 + 20 * k) * 86_400_000).toISOString(), email_domain: `${g.org}.example`, payment_fingerprint: g.card, org: g.org });
      const gap = 86_400_000 / perDay;
      for (let t = start + rng() * gap; t < start + days * 86_400_000; t += gap * (0.5 + rng())) {
        const r = rng();
        const tail = r < g.ask ? ASK : r < g.ask + g.grade ? GRADE : '';
        exchanges.push({
          id: '',
          ts: new Date(t).toISOString(),
          account,
          ip: `${g.subnet}.${10 + k}`,
          asn: g.asn,
          user_agent: 'relay/2.3.1',
          model: 'atlas-4',
          messages: [{ role: 'user', content: TEXTS[Math.floor(rng() * TEXTS.length)] + tail }],
          input_tokens: 40,
          output_tokens: tail ? 2500 : 400,
        });
      }
    }
  }
  return inOrder({ records, exchanges }, 'rf');
}

const scan = scanWorld;

const relay: Group = { prefix: 'relay', card: 'pm_relay', subnet: '203.0.113', asn: 64520, ask: 0.07, grade: 0.015, org: 'cheap-router' };
const product: Group = { prefix: 'product', card: 'pm_product', subnet: '198.51.100', asn: 64521, ask: 0.02, grade: 0, org: 'helpdesk-ai' };

describe('a relay fleet harvesting under the share threshold (elicitation-count-at-volume)', () => {
  const w = world([relay, product], 1000, 2);
  const res = scan(w);
  const verdict = (id: string) => res.accounts.find((a) => a.account === id)!;

  it('flags the relays as one campaign, each with the count-at-volume reason and no cot-elicitation', () => {
    const ids = [0, 1, 2].map((k) => `relay_${k}`);
    for (const id of ids) {
      const v = verdict(id);
      expect({ id, verdict: v.verdict }).toEqual({ id, verdict: 'attack' });
      const rules = v.reasons.map((r) => r.rule);
      expect(rules).toContain('elicitation-count-at-volume');
      expect(rules).not.toContain('cot-elicitation');
      expect(v.reasons.find((r) => r.rule === 'elicitation-count-at-volume')!.evidence).toMatch(/^\d+(\.\d+)? requests a day ask for the full reasoning/);
    }
    expect(new Set(ids.map((id) => verdict(id).campaign)).size).toBe(1);
  });

  it('leaves the product backends on one card and /24, at the same volume with 2 % reasoning requests, clear', () => {
    for (const k of [0, 1, 2]) {
      const v = verdict(`product_${k}`);
      expect({ k, verdict: v.verdict, count: v.reasons.some((r) => r.rule === 'elicitation-count-at-volume') }).toEqual({ k, verdict: 'clear', count: false });
    }
  });

  it('is what catches them: with the rule off the same relays are not flagged (control)', () => {
    const base = loadConfig();
    const off: DetectorOptions = { config: { ...base, thresholds: { ...base.thresholds, volume_share_floor: 1 } } };
    for (const v of scan(w, off).accounts) if (v.account.startsWith('relay_')) expect(v.verdict).not.toBe('attack');
  });

  it('needs the volume: the same 7 % share at 100 a day is no evidence', () => {
    for (const v of scan(world([relay], 100, 2)).accounts) expect(v.reasons.map((r) => r.rule)).not.toContain('elicitation-count-at-volume');
  });
});
