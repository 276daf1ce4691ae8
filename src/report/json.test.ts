import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { buildReport } from './model.js';
import { REPORT_SCHEMA_VERSION, reportJsonSchema } from './report-schema.js';
import { buildScanFixture, PRESETS } from './testdata/fixture.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../docs/schema/report.schema.json', import.meta.url));
const onDisk = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
// date-time formats are also enforced by the regex patterns zod emits, so format checking is off.
const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(onDisk);

describe('report.json', () => {
  it('docs/schema/report.schema.json is the schema generated from zod (regenerate: moat report --print-schema)', () => {
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });
  it('output validates against the published JSON Schema and carries schema_version', () => {
    const doc = JSON.parse(renderJson(buildReport(buildScanFixture({ ...PRESETS.small, hostile: true }))));
    expect(doc.schema_version).toBe(REPORT_SCHEMA_VERSION);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('the published schema rejects a wrong version or a missing headline', () => {
    const doc = JSON.parse(renderJson(buildReport(buildScanFixture(PRESETS.small))));
    expect(validate({ ...doc, schema_version: '0.9.0' })).toBe(false);
    const { headline: _h, ...rest } = doc;
    expect(validate(rest)).toBe(false);
  });
  it('renderJson refuses a report that breaks its own schema', () => {
    const r = buildReport(buildScanFixture(PRESETS.small));
    expect(() => renderJson({ ...r, generated_at: 'yesterday' })).toThrow(/generated_at/);
  });
});
