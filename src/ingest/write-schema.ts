/**
 * `npm run schema`: regenerate docs/schema/*.schema.json from the zod contract.
 * Pass --check to only compare (exit 1 when they differ).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { contractJsonSchemas, schemaText } from './json-schema.js';

const dir = join(process.cwd(), 'docs', 'schema');
const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(dir, { recursive: true });
for (const [file, schema] of Object.entries(contractJsonSchemas())) {
  const path = join(dir, file);
  const text = schemaText(schema);
  const same = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (check) {
    if (!same) (stale++, process.stderr.write(`schema: ${path} is out of date; run npm run schema\n`));
  } else if (!same) {
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
