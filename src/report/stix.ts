/**
 * Report → STIX 2.1 bundle for sharing with other providers: an identity for the producer,
 * a campaign per campaign, an indicator per distinct (kind, value) with a STIX pattern, an
 * `indicates` relationship and a sighting (with the number of accounts) per indicator and
 * campaign. Ids are UUIDv5 of the content, so re-runs give identical ids. Account ids are NOT
 * shared: only campaign-level indicators (payment fingerprints are already hashed by scan).
 */
import type { Report } from './report-schema.js';
import { stixPattern } from './stix-pattern.js';
import { uuid5 } from './uuid5.js';

/** Namespace for Moat's STIX ids (itself uuid5 of 'moat.stix' in the URL namespace). */
export const MOAT_STIX_NAMESPACE = uuid5('moat.stix', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');

/** TLP 2.0-era STIX 2.1 predefined marking definitions (spec §7.2.1.4). */
export const TLP = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
} as const;

export interface StixOptions {
  /** Name of the producing organisation (identity SDO). */
  producer?: string;
  tlp?: keyof typeof TLP;
}

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const MAX_COUNT = 999_999_999;

function sid(type: string, ...parts: string[]): string {
  return `${type}--${uuid5(JSON.stringify([type, ...parts]), MOAT_STIX_NAMESPACE)}`;
}

/** STIX timestamps: UTC with millisecond precision. */
function ts(iso: string): string {
  return new Date(iso).toISOString();
}

/**
 * @example const bundle = toStixBundle(buildReport(scan), { producer: 'Example AI' });
 */
export function toStixBundle(report: Report, options: StixOptions = {}): StixBundle {
  const producer = options.producer ?? report.producer;
  const tlp = TLP[options.tlp ?? 'amber'];
  const created = ts(report.generated_at);
  const identityId = sid('identity', producer);
  const common = { spec_version: '2.1', created, modified: created, created_by_ref: identityId, object_marking_refs: [tlp.id] };
  const objects: StixObject[] = [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: tlp.id,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: tlp.name,
      definition: { tlp: tlp.name.slice(4).toLowerCase() },
    },
    {
      type: 'identity',
      spec_version: '2.1',
      id: identityId,
      created,
      modified: created,
      name: producer,
      identity_class: 'system',
      description: 'LLM API provider or gateway running Moat distillation-campaign detection.',
    },
  ];
  const indicators = new Map<string, StixObject>();

  // campaigns only: a suspected group has no harvesting evidence, so its values are not shared as indicators
  for (const c of report.campaigns) {
    if (c.verdict === 'suspect') continue;
    const campaignId = sid('campaign', producer, c.id);
    const behaviour = c.indicators.filter((i) => stixPattern(i.kind, i.value) === null);
    const mix = c.capability_mix.slice(0, 4).map((m) => `${m.capability} ${(m.share * 100).toFixed(0)}%`).join(', ');
    objects.push({
      type: 'campaign',
      id: campaignId,
      ...common,
      name: `Distillation campaign ${c.id}`,
      description:
        `${c.summary}\n\nAccounts: ${c.account_count}. Exchanges: ${c.exchanges}. Output tokens: ${c.output_tokens}. ` +
        `Capability mix: ${mix}.` +
        (behaviour.length ? ` Behavioural indicators without a STIX observable: ${behaviour.map((b) => `${b.kind} (${b.value}, ${b.accounts} accounts)`).join('; ')}.` : ''),
      first_seen: ts(c.first_seen),
      last_seen: ts(c.last_seen),
      objective: 'Harvest model outputs (reasoning traces, code, tool use) at scale to train a competing model (distillation).',
      confidence: Math.round(c.confidence * 100),
      labels: ['distillation'],
    });
    for (const ind of c.indicators) {
      const pattern = stixPattern(ind.kind, ind.value);
      if (pattern === null) continue;
      const indicatorId = sid('indicator', producer, ind.kind, ind.value);
      if (!indicators.has(indicatorId)) {
        const indicator: StixObject = {
          type: 'indicator',
          id: indicatorId,
          ...common,
          name: `Distillation ${ind.kind.replace('_', ' ')} indicator`,
          description: `Shared by accounts of distillation campaign(s) detected by ${producer}; see sightings for counts.${ind.text ? ` The hashed value reads: ${JSON.stringify(ind.text)}.` : ''}`,
          indicator_types: ['malicious-activity'],
          pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: ts(c.first_seen),
          labels: [`moat-${ind.kind.replace('_', '-')}`],
        };
        indicators.set(indicatorId, indicator);
        objects.push(indicator);
      } else {
        const existing = indicators.get(indicatorId)!;
        if (ts(c.first_seen) < (existing.valid_from as string)) existing.valid_from = ts(c.first_seen);
      }
      objects.push({
        type: 'relationship',
        id: sid('relationship', indicatorId, 'indicates', campaignId),
        ...common,
        relationship_type: 'indicates',
        source_ref: indicatorId,
        target_ref: campaignId,
      });
      objects.push({
        type: 'sighting',
        id: sid('sighting', indicatorId, campaignId),
        ...common,
        description: `Seen on ${ind.accounts} account(s) of campaign ${c.id}.`,
        sighting_of_ref: indicatorId,
        where_sighted_refs: [identityId],
        first_seen: ts(c.first_seen),
        last_seen: ts(c.last_seen),
        count: Math.min(MAX_COUNT, ind.accounts),
      });
    }
  }
  const bundleId = `bundle--${uuid5(JSON.stringify([created, ...objects.map((o) => o.id)]), MOAT_STIX_NAMESPACE)}`;
  return { type: 'bundle', id: bundleId, objects };
}
