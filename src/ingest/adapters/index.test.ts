import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isHashedKey } from '../../core/key-hash.js';
import { adapterTransform } from '../convert-log.js';
import { adapterFactories, adapters, createAdapter } from './index.js';

/** Every record in a fixture folder: .json files are one record, .jsonl one record a line. */
function fixtureRecords(format: string): unknown[] {
  const dir = new URL(`./${format}/fixtures/`, import.meta.url);
  const out: unknown[] = [];
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(new URL(name, dir), 'utf8');
    if (name.endsWith('.json')) out.push(JSON.parse(text));
    else if (name.endsWith('.jsonl')) for (const l of text.split('\n')) if (l.trim()) out.push(JSON.parse(l));
  }
  return out;
}

const RAW_KEYS = ['sk-proj-EXAMPLEKEYDONOTUSE', 'sk-ant-api03-EXAMPLEKEYDONOTUSE', 'kong-key-EXAMPLEDONOTUSE'];

describe('adapter registry', () => {
  it('registers the six formats under unique names, each with a factory', () => {
    const names = adapters.map((a) => a.name);
    expect(names).toEqual(['openai-chat', 'openai-responses', 'anthropic', 'otel-genai', 'litellm', 'kong-ai']);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(adapterFactories).sort()).toEqual([...names].sort());
    expect(createAdapter('nope')).toBeUndefined();
  });

  for (const adapter of adapters) {
    it(`${adapter.name}: every fixture passes the convert edge (contract check + key hashing), no raw key survives`, () => {
      const transform = adapterTransform(adapter, 'test-secret');
      const records = fixtureRecords(adapter.name);
      expect(records.length).toBeGreaterThan(0);
      let exchanges = 0;
      for (const rec of records) {
        const res = transform(rec);
        if (!res.ok) throw new Error(`${adapter.name}: ${res.field} ${res.detail}`);
        for (const ex of res.value) {
          exchanges += 1;
          if (ex.key !== undefined) expect(isHashedKey(ex.key)).toBe(true);
          const text = JSON.stringify(ex);
          for (const raw of RAW_KEYS) expect(text).not.toContain(raw);
        }
      }
      expect(exchanges).toBeGreaterThan(0);
    });

    it(`${adapter.name}: same record, same output (pure and deterministic)`, () => {
      for (const rec of fixtureRecords(adapter.name)) {
        expect(JSON.stringify(adapter.convert(rec))).toBe(JSON.stringify(adapter.convert(structuredClone(rec))));
      }
    });
  }
});
