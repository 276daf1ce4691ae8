/**
 * Building the ScanResult (accounts.jsonl + campaigns.json content) from the engine's state.
 */
import type { AccountVerdict, Campaign, Reason, ScanResult } from '../core/verdict.js';
import { CAPABILITIES } from '../signals/index.js';
import { CAPS } from '../sketch/store.js';
import { kindsOf } from '../graph/kinds.js';
import type { CampaignEval } from './campaign-features.js';
import type { Engine } from './detector.js';

export interface CampaignState {
  id: string;
  confidence: number;
  eval: CampaignEval;
  reasons: Reason[];
  firstFlag: string;
}

const MAX_EDGES = 2000;

/**
 * @example const r = buildResult(engine, '2026-01-02T00:00:00Z'); r.campaigns[0].accounts.length
 */
export function buildResult(e: Engine, lastIso: string | null): ScanResult {
  const accounts: AccountVerdict[] = [];
  const members: number[][] = e.campaigns.map(() => []);
  const suspected: number[][] = e.groups.map(() => []);
  let served = 0, outTok = 0;
  for (let i = 0; i < e.ids.length; i++) {
    accounts.push(e.verdictAt(i));
    if (e.campaign[i] >= 0) members[e.campaign[i]].push(i);
    else if (e.groupAt(i) >= 0) suspected[e.groupAt(i)].push(i);
    if (e.flaggedAt.has(i)) served += e.flagN[i];
    outTok += e.store.outputTokens(i);
  }
  const campaigns: Campaign[] = [];
  e.campaigns.forEach((c, ci) => {
    if (members[ci].length) campaigns.push(campaignOf(e, c, members[ci], 'attack'));
  });
  e.groups.forEach((g, gi) => {
    if (suspected[gi].length) campaigns.push(campaignOf(e, g, suspected[gi], 'suspect'));
  });
  return {
    accounts,
    campaigns,
    stats: {
      exchanges: e.exchanges,
      accounts: e.ids.length,
      quarantined: 0,
      first_ts: e.firstIso,
      last_ts: lastIso,
      served_before_flag: served,
      output_tokens: outTok,
    },
  };
}

/**
 * One campaigns.json entry: a campaign (its `attack` members) or a suspected group (coordinated
 * evasion: its `suspect` members, no harvesting evidence).
 */
function campaignOf(e: Engine, c: CampaignState, ms: number[], verdict: 'attack' | 'suspect'): Campaign {
  let exchanges = 0, out = 0, first = Infinity, last = -Infinity;
  const caps = new Float64Array(CAPS);
  const set = new Set(ms);
  for (const m of ms) {
    exchanges += e.store.exchanges(m);
    out += e.store.outputTokens(m);
    first = Math.min(first, e.store.firstTs(m));
    last = Math.max(last, e.store.lastTs(m));
    for (let k = 0; k < CAPS; k++) caps[k] += e.store.caps[m * CAPS + k];
  }
  const capTotal = caps.reduce((a, b) => a + b, 0) || 1;
  const capability_mix: Record<string, number> = {};
  CAPABILITIES.forEach((name, k) => {
    if (caps[k] > 0) capability_mix[name] = Math.round((caps[k] / capTotal) * 1000) / 1000;
  });
  const edges: NonNullable<Campaign['edges']> = [];
  for (let k = 0; k < e.edges.size && edges.length < MAX_EDGES; k++) {
    const a = e.edges.a[k], b = e.edges.b[k];
    if (!set.has(a) || !set.has(b)) continue;
    const kinds = e.edges.kinds[k];
    const kind = kindsOf(kinds)[0] ?? 'payment';
    edges.push({ a: e.ids[a], b: e.ids[b], kind, weight: Math.round(e.edges.w[k] * 1000) / 1000 });
  }
  const topCaps = Object.entries(capability_mix).sort((x, y) => y[1] - x[1]).slice(0, 2).map(([k, v]) => `${k} ${Math.round(v * 100)} %`).join(', ');
  const f = c.eval.features;
  const tail = `; ${exchanges} exchanges, ${out} output tokens, first flagged ${c.firstFlag}.`;
  return {
    id: c.id,
    verdict,
    accounts: ms.map((m) => e.ids[m]),
    exchanges,
    first_seen: new Date(first).toISOString(),
    last_seen: new Date(last).toISOString(),
    output_tokens: out,
    capability_mix,
    indicators: c.eval.indicators.map((x) => ({ kind: x.kind, value: x.value, accounts: x.accounts, ...(x.text ? { text: x.text } : {}) })),
    confidence: Math.round(c.confidence * 1000) / 1000,
    summary:
      verdict === 'suspect'
        ? `Suspected, not attack: ${ms.length} accounts rotating through proxy exits and sharing operator-owned values (${c.eval.families.join(', ')}), with no harvesting evidence yet; ${topCaps || 'mixed capabilities'}` + tail
        : `${ms.length} accounts harvesting ${topCaps || 'mixed capabilities'}; coordination: ${c.eval.families.join(', ')}; ` +
          `${Math.round(f.elicitation_share * 100)} % elicitation prompts` +
          (f.template_share > 0 ? `, ${Math.round(f.template_share * 100)} % one template` : '') +
          tail,
    edges,
  };
}
