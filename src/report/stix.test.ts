import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildReport } from './model.js';
import { toStixBundle, type StixObject } from './stix.js';
import { buildScanFixture, HOSTILE, PRESETS } from './testdata/fixture.js';

const SCHEMAS = fileURLToPath(new URL('./stix-schemas/schemas', import.meta.url));
const BUNDLE_ID = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json';

/** All vendored OASIS schemas loaded by $id; formats are not validated (the bundle uses none of the formatted observables). */
function bundleValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
  for (const dir of readdirSync(SCHEMAS)) for (const f of readdirSync(join(SCHEMAS, dir))) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, dir, f), 'utf8')));
  const v = ajv.getSchema(BUNDLE_ID);
  if (!v) throw new Error('bundle schema not found');
  return v;
}
const validate = bundleValidator();
const report = buildReport(buildScanFixture({ ...PRESETS.small, hostile: true }));
const bundle = toStixBundle(report, { producer: 'Example AI' });
const byType = (t: string) => bundle.objects.filter((o) => o.type === t);

describe('STIX 2.1 bundle', () => {
  it('validates against the official OASIS STIX 2.1 JSON schemas', () => {
    const ok = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('the validator does reject a broken bundle (so the check above means something)', () => {
    const broken = structuredClone(bundle);
    (broken.objects.find((o) => o.type === 'indicator') as StixObject).pattern_type = undefined as never;
    delete (broken.objects.find((o) => o.type === 'indicator') as Record<string, unknown>).pattern_type;
    expect(validate(broken)).toBe(false);
    const badTs = structuredClone(bundle);
    (badTs.objects.find((o) => o.type === 'campaign') as Record<string, unknown>).created = '2026-10-01';
    expect(validate(badTs)).toBe(false);
  });
  it('has the producer identity, one campaign per campaign, indicators, relationships and sightings', () => {
    expect(byType('identity')).toHaveLength(1);
    expect(byType('identity')[0]!.name).toBe('Example AI');
    expect(byType('campaign')).toHaveLength(3);
    // 7 indicators a campaign, 1 behavioural (lockstep) without a pattern; all values distinct across campaigns.
    expect(byType('indicator')).toHaveLength(18);
    expect(byType('relationship')).toHaveLength(18);
    expect(byType('sighting')).toHaveLength(18);
    expect(byType('relationship').every((r) => r.relationship_type === 'indicates')).toBe(true);
    const patterns = byType('indicator').map((i) => i.pattern as string);
    expect(patterns).toContain('[autonomous-system:number = 64512]');
    expect(patterns.some((p) => p.startsWith('[x-moat-payment-fingerprint:value = '))).toBe(true);
    expect(patterns.some((p) => p.startsWith('[x-moat-prompt-template:hash = '))).toBe(true);
    // a hashed template names its readable skeleton; other kinds carry their value in the pattern
    const tpl = byType('indicator').filter((i) => (i.pattern as string).startsWith('[x-moat-prompt-template:'));
    expect(tpl.every((i) => (i.description as string).includes('The hashed value reads: "Task: implement <*> and write out your complete reasoning'))).toBe(true);
    const asnInd = byType('indicator').filter((i) => (i.pattern as string).startsWith('[autonomous-system:'));
    expect(asnInd.some((i) => (i.description as string).includes('reads:'))).toBe(false);
    expect(patterns.some((p) => p.startsWith("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"))).toBe(true);
  });
  it('sightings carry account counts and point at objects in the bundle', () => {
    const ids = new Set(bundle.objects.map((o) => o.id));
    for (const s of byType('sighting')) {
      expect(ids.has(s.sighting_of_ref as string)).toBe(true);
      expect(Number.isInteger(s.count)).toBe(true);
    }
    for (const r of byType('relationship')) expect(ids.has(r.source_ref as string) && ids.has(r.target_ref as string)).toBe(true);
    for (const o of bundle.objects) if (o.created_by_ref) expect(ids.has(o.created_by_ref as string)).toBe(true);
    for (const o of bundle.objects) if (o.modified) expect((o.modified as string) >= (o.created as string)).toBe(true);
    const c = report.campaigns[0]!;
    const asn = c.indicators.find((i) => i.kind === 'asn')!;
    const ind = byType('indicator').find((i) => i.pattern === `[autonomous-system:number = ${asn.value}]`)!;
    expect(byType('sighting').find((s) => s.sighting_of_ref === ind.id)!.count).toBe(asn.accounts);
  });
  it('ids are UUIDv5 and stable across runs; content changes change them', () => {
    const again = toStixBundle(buildReport(buildScanFixture({ ...PRESETS.small, hostile: true })), { producer: 'Example AI' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
    expect(bundle.objects.filter((o) => o.type !== 'marking-definition').every((o) => /--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/.test(o.id))).toBe(true);
    const other = toStixBundle(report, { producer: 'Other AI' });
    expect(other.id).not.toBe(bundle.id);
    expect(other.objects.find((o) => o.type === 'campaign')!.id).not.toBe(byType('campaign')[0]!.id);
  });
  it('shares no account ids, and keeps hostile strings as inert JSON data', () => {
    const text = JSON.stringify(bundle);
    for (const c of report.campaigns) for (const a of c.accounts.slice(0, 50)) expect(text.includes(JSON.stringify(a))).toBe(false);
    const ua = byType('indicator').find((i) => (i.pattern as string).includes('User-Agent') && (i.pattern as string).includes('onerror'));
    expect(ua?.pattern).toContain(HOSTILE.imgOnerror.replace(/'/g, "\\'"));
  });
  it('marks every object with the chosen TLP', () => {
    const green = toStixBundle(report, { tlp: 'green' });
    expect(green.objects.find((o) => o.type === 'marking-definition')!.name).toBe('TLP:GREEN');
    expect(validate(green)).toBe(true);
    expect(green.objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'identity').every((o) => (o.object_marking_refs as string[])[0] === 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe(true);
  });
});

describe('STIX 2.1 bundle with a suspected group', () => {
  it('shares campaigns only: a suspected group (no harvesting evidence) adds no campaign and no indicator', () => {
    const scan = buildScanFixture({ ...PRESETS.small });
    const with_ = structuredClone(scan);
    const c = with_.campaigns[0]!;
    with_.campaigns.push({ ...c, id: 'S0001', verdict: 'suspect', indicators: [{ kind: 'payment', value: 'pm_only_in_the_suspected_group', accounts: 9 }] });
    const plain = toStixBundle(buildReport(scan), { producer: 'Example AI' });
    const withGroup = toStixBundle(buildReport(with_), { producer: 'Example AI' });
    expect(withGroup.objects.filter((o) => o.type === 'campaign').length).toBe(plain.objects.filter((o) => o.type === 'campaign').length);
    expect(JSON.stringify(withGroup)).not.toContain('pm_only_in_the_suspected_group');
    expect(JSON.stringify(withGroup)).not.toContain('S0001');
  });
});
