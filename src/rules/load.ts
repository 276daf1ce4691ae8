/**
 * Loading rules, the thresholds config and the allowlist from YAML/JSON files. Every file is
 * validated; a bad file gives one clear error line naming the file and the offending path.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Allowlist, Config, Rule } from './schema.js';

/** Thrown for any invalid rule, config or allowlist file; the message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Works from src/rules (tsx, vitest) and from dist/rules (built CLI): both reach src/rules. */
const RULES_HOME = fileURLToPath(new URL('../../src/rules/', import.meta.url));
export const DEFAULT_RULES_DIR = join(RULES_HOME, 'data');
export const DEFAULT_CONFIG_FILE = join(RULES_HOME, 'defaults.yaml');

const MAX_FILE_BYTES = 4 * 1024 * 1024;

function readStructured(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (text.length > MAX_FILE_BYTES) throw new ConfigError(`${file}: larger than ${MAX_FILE_BYTES} bytes`);
  try {
    return parseYaml(text); // YAML is a superset of JSON
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML/JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

function check<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : '(root)';
  throw new ConfigError(`${file}: ${where}: ${issue.message}`);
}

/**
 * Load and validate every rules/data/*.yaml; ids must be unique.
 * @example const rules = loadRules(); rules.find((r) => r.slug === 'cot-elicitation')
 */
export function loadRules(dir: string = DEFAULT_RULES_DIR): Rule[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const seen = new Map<string, string>();
  return files.map((f) => {
    const file = join(dir, f);
    const rule = { ...check(Rule, readStructured(file), file), slug: basename(f, '.yaml') };
    const prev = seen.get(rule.id);
    if (prev) throw new ConfigError(`${file}: id ${rule.id} already used by ${prev}`);
    seen.set(rule.id, f);
    return rule;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/**
 * The defaults (src/rules/defaults.yaml), overridden key by key by `file` when given. Rule
 * params must name thresholds that exist.
 * @example loadConfig('my-moat.yaml').verdict.attack_min
 */
export function loadConfig(file?: string, rules?: Rule[]): Config {
  const defaults = readStructured(DEFAULT_CONFIG_FILE);
  const merged = file ? deepMerge(defaults, readStructured(file) ?? {}) : defaults;
  const config = check(Config, merged, file ?? DEFAULT_CONFIG_FILE);
  for (const r of rules ?? []) {
    for (const c of r.detection.all) {
      if (c.param !== undefined && !(c.param in config.thresholds)) {
        throw new ConfigError(`${file ?? DEFAULT_CONFIG_FILE}: thresholds.${c.param}: missing (used by rule ${r.slug})`);
      }
    }
  }
  return config;
}

/** Load and validate an allowlist file ({entries: [...]}). */
export function loadAllowlist(file: string): Allowlist {
  return check(Allowlist, readStructured(file), file);
}
