import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { contractJsonSchemas, schemaText } from './json-schema.js';
import { goodExchange } from './testdata/records.js';

const docs = join(import.meta.dirname, '..', '..', 'docs', 'schema');

describe('contract JSON Schemas', () => {
  it('the checked-in docs/schema files equal what the zod schemas generate (run npm run schema)', () => {
    for (const [file, schema] of Object.entries(contractJsonSchemas())) {
      expect(readFileSync(join(docs, file), 'utf8'), file).toBe(schemaText(schema));
    }
  });

  it('the exchange schema accepts a good record and rejects a bad one with a standard validator', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(contractJsonSchemas()['exchange.schema.json']);
    expect(validate(goodExchange(1))).toBe(true);
    expect(validate({ ...goodExchange(1), ts: 5 })).toBe(false);
    expect(validate({ ...goodExchange(1), messages: [{ role: 'x', content: '' }] })).toBe(false);
  });
});
