/**
 * Deterministic scan-output fixtures for report tests and benchmarks, standing in for
 * `moat scan --out DIR` at any size. Same options → byte-identical output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountVerdict, Campaign, CampaignIndicator, IndicatorKind, ScanResult } from '../../core/verdict.js';
import { seededRng } from '../../core/rng.js';

export interface FixtureOptions {
  seed: number;
  /** Accounts per campaign, one entry a campaign. */
  campaigns: number[];
  /** Suspect accounts outside any campaign. */
  suspects: number;
  /** Clear accounts written to accounts.jsonl. */
  clear: number;
  /** Days covered. */
  days: number;
  /** Mean exchanges per account over the period. */
  exchangesPerAccount: number;
  /** Put hostile strings (script tags, bidi controls…) into names, user agents and reasons. */
  hostile?: boolean;
  start?: string;
}

/** Payloads that try to run script; the browser test asserts none of them did. */
export const HOSTILE = {
  scriptTag: '<script>window.__pwned=1;alert(1)</script>',
  closeScript: '</script><script>window.__pwned=2</script>',
  imgOnerror: '"><img src=x onerror="window.__pwned=3;alert(3)">',
  jsLink: 'javascript:window.__pwned=4',
  bidi: 'admin\u202Egnp.exe',
  comment: '<!--<script>window.__pwned=5</script>-->',
  sep: 'line\u2028sep\u2029para',
};


const DAY = 86_400_000;
const CAPS = ['reasoning', 'coding', 'agentic', 'math', 'chat', 'rubric'];
const RULES = [
  ['cot-elicitation', 'prompts ask to "write out your complete reasoning" in %d% of exchanges'],
  ['shared-template', 'prompt template %h shared with %n accounts'],
  ['shared-payment', 'payment fingerprint %h shared with %n accounts'],
  ['lockstep-timing', 'requests synchronised within 2 s with %n accounts'],
  ['narrow-capability', '%d% of exchanges in one capability'],
  ['rubric-grading', 'rubric-grading prompts in %d% of exchanges'],
] as const;

function hex(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rnd() * 16).toString(16);
  return s;
}

/**
 * @example const scan = buildScanFixture({ seed: 1, campaigns: [300, 200], suspects: 50, clear: 500, days: 14, exchangesPerAccount: 300 });
 */
export function buildScanFixture(o: FixtureOptions): ScanResult {
  const rnd = seededRng(o.seed);
  const start = Date.parse(o.start ?? '2026-10-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const accounts: AccountVerdict[] = [];
  const campaigns: Campaign[] = [];
  let servedBefore = 0;
  let outputTokens = 0;

  o.campaigns.forEach((size, ci) => {
    const id = `camp-${String(ci + 1).padStart(2, '0')}`;
    const ids: string[] = [];
    const startDay = Math.floor(rnd() * Math.max(1, o.days / 4));
    const perDayEx = new Map<number, number>();
    const perDayNew = new Map<number, number>();
    let exchanges = 0;
    const templateHash = hex(rnd, 16);
    const payHash = hex(rnd, 32);
    const ua = o.hostile && ci === 0 ? `harvester/1.0 ${HOSTILE.imgOnerror}` : `python-httpx/0.${27 + ci}.0`;
    for (let k = 0; k < size; k++) {
      const name = o.hostile && k < 6 ? Object.values(HOSTILE)[k]! + `-${k}` : `acct-${ci + 1}-${String(k).padStart(5, '0')}`;
      ids.push(name);
      const firstDay = startDay + Math.floor(rnd() * rnd() * (o.days - startDay));
      const lastDay = Math.min(o.days - 1, firstDay + 3 + Math.floor(rnd() * (o.days - firstDay)));
      const ex = Math.max(1, Math.round(o.exchangesPerAccount * (0.5 + rnd())));
      exchanges += ex;
      const span = lastDay - firstDay + 1;
      for (let d = firstDay; d <= lastDay; d++) perDayEx.set(d, (perDayEx.get(d) ?? 0) + ex / span);
      perDayNew.set(firstDay, (perDayNew.get(firstDay) ?? 0) + 1);
      const flagDay = Math.min(lastDay, firstDay + 1 + Math.floor(rnd() * 3));
      servedBefore += Math.round((ex * (flagDay - firstDay + 0.5)) / span);
      const score = 0.6 + rnd() * 0.4;
      const reasons = [0, 1, 2, 3, 4, 5]
        .filter((r) => r < 2 || rnd() < 0.5)
        .map((r) => {
          const [rule, tpl] = RULES[r]!;
          let evidence = tpl
            .replace('%d', String(60 + Math.floor(rnd() * 40)))
            .replace('%h', r === 2 ? payHash.slice(0, 12) : templateHash)
            .replace('%n', String(size - 1));
          if (o.hostile && k < 3 && r === 0) evidence += ` prompt: "${HOSTILE.closeScript} ${HOSTILE.jsLink}"`;
          return { rule, weight: Math.round((0.1 + rnd() * 0.4) * 100) / 100, evidence };
        });
      accounts.push({
        account: name,
        verdict: score > 0.7 ? 'attack' : 'suspect',
        campaign: id,
        score: Math.round(score * 1000) / 1000,
        flagged_at: iso(start + flagDay * DAY + Math.floor(rnd() * DAY)),
        reasons,
        exchanges: ex,
        first_seen: iso(start + firstDay * DAY + Math.floor(rnd() * 3_600_000)),
        last_seen: iso(start + lastDay * DAY + 82_800_000),
      });
    }
    const mix: Record<string, number> = {};
    const weights = CAPS.map((_, i) => (i === ci % CAPS.length ? 6 : rnd()));
    const total = weights.reduce((s, w) => s + w, 0);
    CAPS.forEach((c, i) => (mix[c] = Math.round((weights[i]! / total) * 1000) / 1000));
    const kinds: IndicatorKind[] = ['payment', 'template', 'user_agent', 'asn', 'email_pattern', 'subnet', 'lockstep'];
    const indicators: CampaignIndicator[] = [
      { kind: 'payment', value: `pf_${payHash}`, accounts: Math.ceil(size * 0.4) },
      { kind: 'template', value: `tpl_${templateHash}`, accounts: Math.ceil(size * 0.9), text: `Task: implement <*> and write out your complete reasoning${o.hostile && ci === 0 ? ` ${HOSTILE.scriptTag}` : ''}` },
      { kind: 'user_agent', value: ua, accounts: Math.ceil(size * 0.7) },
      { kind: 'asn', value: String(64512 + ci), accounts: Math.ceil(size * 0.5) },
      { kind: 'email_pattern', value: o.hostile && ci === 0 ? `*@${HOSTILE.scriptTag}.example` : `*@mail${ci}.example`, accounts: Math.ceil(size * 0.6) },
      { kind: 'subnet', value: `203.0.${113 + ci}.0/24`, accounts: Math.ceil(size * 0.3) },
      { kind: 'lockstep', value: 'bursts within 2 s across accounts', accounts: Math.ceil(size * 0.5) },
    ];
    const edges: NonNullable<Campaign['edges']> = [];
    for (let k = 1; k < size; k++) {
      const links = 1 + Math.floor(rnd() * 2);
      for (let l = 0; l < links; l++) {
        const j = Math.floor(rnd() * k);
        edges.push({ a: ids[k]!, b: ids[j]!, kind: kinds[Math.floor(rnd() * kinds.length)]!, weight: Math.round(rnd() * 100) / 100 });
      }
    }
    const days = [...perDayEx.keys()].sort((a, b) => a - b);
    const tokens = Math.round(exchanges * (900 + rnd() * 600));
    outputTokens += tokens;
    campaigns.push({
      id,
      accounts: ids,
      exchanges,
      first_seen: iso(start + days[0]! * DAY),
      last_seen: iso(start + (days[days.length - 1]! + 1) * DAY - 1000),
      output_tokens: tokens,
      capability_mix: mix,
      indicators,
      confidence: Math.round((0.75 + rnd() * 0.24) * 100) / 100,
      summary: `${size} accounts sharing one prompt template and payment fingerprint, harvesting ${CAPS[ci % CAPS.length]} traces${o.hostile && ci === 0 ? ` ${HOSTILE.scriptTag}` : ''}`,
      daily: days.map((d) => ({
        day: iso(start + d * DAY).slice(0, 10),
        exchanges: Math.round(perDayEx.get(d) ?? 0),
        new_accounts: perDayNew.get(d) ?? 0,
      })),
      edges,
    });
  });

  for (let k = 0; k < o.suspects + o.clear; k++) {
    const suspect = k < o.suspects;
    const ex = Math.round(o.exchangesPerAccount * (0.2 + rnd()));
    const fd = Math.floor(rnd() * o.days);
    accounts.push({
      account: `${suspect ? 'susp' : 'user'}-${String(k).padStart(6, '0')}`,
      verdict: suspect ? 'suspect' : 'clear',
      campaign: null,
      score: Math.round((suspect ? 0.4 + rnd() * 0.3 : rnd() * 0.3) * 1000) / 1000,
      flagged_at: suspect ? iso(start + fd * DAY + 3_600_000) : null,
      reasons: suspect ? [{ rule: 'narrow-capability', weight: 0.3, evidence: `${70 + (k % 25)}% of exchanges in coding` }] : [],
      exchanges: ex,
      first_seen: iso(start + fd * DAY),
      last_seen: iso(start + Math.min(o.days - 1, fd + 5) * DAY),
    });
  }
  const exchanges = accounts.reduce((s, a) => s + (a.exchanges ?? 0), 0);
  return {
    accounts,
    campaigns,
    stats: {
      exchanges,
      accounts: accounts.length,
      quarantined: 3,
      first_ts: iso(start),
      last_ts: iso(start + o.days * DAY - 1000),
      served_before_flag: servedBefore,
      output_tokens: Math.round(outputTokens * 1.4),
    },
  };
}

/** Preset sizes: `small` for unit tests, `medium` ≈ a medium scan (~1 M exchanges), `scale` = 25,000 flagged accounts. */
export const PRESETS = {
  small: { seed: 7, campaigns: [40, 25, 12], suspects: 10, clear: 30, days: 14, exchangesPerAccount: 120 },
  medium: { seed: 1, campaigns: [900, 600, 350, 150], suspects: 300, clear: 1_200, days: 30, exchangesPerAccount: 350 },
  scale: { seed: 2, campaigns: [14_000, 8_000, 2_600], suspects: 400, clear: 0, days: 60, exchangesPerAccount: 1_150 },
} satisfies Record<string, FixtureOptions>;

/** Write a fixture as `moat scan --out DIR` would: accounts.jsonl, campaigns.json, summary.json. */
export async function writeScanDir(scan: ScanResult, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'accounts.jsonl'), scan.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
  await writeFile(join(dir, 'campaigns.json'), JSON.stringify(scan.campaigns));
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ stats: scan.stats }));
}
