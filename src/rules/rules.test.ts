import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { combine, compileRules, evaluate } from './evaluate.js';
import { ConfigError, loadAllowlist, loadConfig, loadRules } from './load.js';

const rules = loadRules();
const config = loadConfig(undefined, rules);
const compiled = compileRules(rules, config);
const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));

describe('rules as data', () => {
  it('every rule file validates, with unique permanent ids and Sigma-like metadata', () => {
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.falsepositives.length).toBeGreaterThan(0);
      expect(r.title.length).toBeGreaterThan(3);
    }
  });

  it('every rule has a true case and a false case under src/rules/testdata/<rule-id>/', () => {
    const dirs = new Set(readdirSync(TESTDATA));
    for (const r of rules) expect(dirs.has(r.id), `${r.slug} (${r.id}) has no testdata`).toBe(true);
  });

  for (const r of rules) {
    it(`${r.slug}: fires on its true case, not on its false case`, () => {
      const rule = compiled.filter((c) => c.rule.id === r.id);
      const t = JSON.parse(readFileSync(join(TESTDATA, r.id, 'true.json'), 'utf8'));
      const f = JSON.parse(readFileSync(join(TESTDATA, r.id, 'false.json'), 'utf8'));
      const fired = evaluate(rule, t.features, { size: 10, detail: {} });
      expect(fired.map((x) => x.rule)).toEqual([r.slug]);
      expect(fired[0].evidence).not.toMatch(/\{(value|threshold|size)\}/);
      expect(evaluate(rule, f.features, { size: 10, detail: {} })).toEqual([]);
    });
  }

  it('never fires on missing data (NaN)', () => {
    expect(evaluate(compiled, { elicitation_share: Number.NaN, exchanges: 100 })).toEqual([]);
  });

  it('combines weights as noisy-OR, mitigating weights scale down', () => {
    expect(combine([{ weight: 0.5 }, { weight: 0.5 }])).toBeCloseTo(0.75);
    expect(combine([{ weight: 0.5 }, { weight: -0.5 }])).toBeCloseTo(0.25);
    expect(combine([])).toBe(0);
  });
});

describe('config and allowlist files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moat-rules-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('overrides defaults key by key', () => {
    const c = loadConfig(write('ok.yaml', 'thresholds:\n  cot_share_min: 0.3\nverdict:\n  attack_min: 0.9\n'), rules);
    expect(c.thresholds.cot_share_min).toBe(0.3);
    expect(c.verdict.attack_min).toBe(0.9);
    expect(c.thresholds.rubric_share_min).toBe(config.thresholds.rubric_share_min);
  });

  it('rejects a bad config with one line naming file and key', () => {
    const p = write('bad.yaml', 'verdict:\n  attack_min: "high"\n');
    expect(() => loadConfig(p, rules)).toThrow(ConfigError);
    try {
      loadConfig(p, rules);
    } catch (err) {
      expect((err as Error).message).toMatch(/bad\.yaml: verdict\.attack_min: /);
      expect((err as Error).message).not.toContain('\n');
    }
    expect(() => loadConfig(write('unknown.yaml', 'detector:\n  fanoutt: 3\n'), rules)).toThrow(/unknown\.yaml/);
    expect(() => loadConfig(write('broken.yaml', 'a: [\n'), rules)).toThrow(/not valid YAML/);
    // coordinated evasion's keys are range-checked like the rest (a member must link by at least one family)
    expect(() => loadConfig(write('evasion.yaml', 'verdict:\n  evasion_member_kinds: 0\n'), rules)).toThrow(/evasion\.yaml: verdict\.evasion_member_kinds: /);
    expect(() => loadConfig(write('evasion2.yaml', 'verdict:\n  evasion_confidence_min: 1.5\n'), rules)).toThrow(/evasion2\.yaml: verdict\.evasion_confidence_min: /);
    expect(() => loadConfig(write('evasion3.yaml', 'detector:\n  evasion_candidate_min: "low"\n'), rules)).toThrow(/evasion3\.yaml: detector\.evasion_candidate_min: /);
    // the retest growth factor: 0 (off) or above 1 (a factor of 1 would judge at every exchange)
    expect(() => loadConfig(write('retest.yaml', 'verdict:\n  retest_growth: 1\n'), rules)).toThrow(/retest\.yaml: verdict\.retest_growth: must be 0 \(off\) or a growth factor above 1/);
    expect(loadConfig(write('retest-off.yaml', 'verdict:\n  retest_growth: 0\n'), rules).verdict.retest_growth).toBe(0);
  });

  it('range-checks every threshold the built-in rules read, and keeps a deployment’s own', () => {
    // a share above 1 would switch a rule off without a word; a count of 0 would fire on no traffic
    expect(() => loadConfig(write('share.yaml', 'thresholds:\n  cot_share_min: 1.5\n'), rules)).toThrow(/share\.yaml: thresholds\.cot_share_min: /);
    expect(() => loadConfig(write('count.yaml', 'thresholds:\n  min_exchanges: 0\n'), rules)).toThrow(/count\.yaml: thresholds\.min_exchanges: /);
    expect(() => loadConfig(write('int.yaml', 'thresholds:\n  solo_min_exchanges: 2.5\n'), rules)).toThrow(/int\.yaml: thresholds\.solo_min_exchanges: /);
    expect(() => loadConfig(write('hours.yaml', 'thresholds:\n  active_hours_min: 25\n'), rules)).toThrow(/hours\.yaml: thresholds\.active_hours_min: /);
    expect(() => loadConfig(write('neg.yaml', 'thresholds:\n  gap_log_std_max: -0.1\n'), rules)).toThrow(/neg\.yaml: thresholds\.gap_log_std_max: /);
    expect(() => loadConfig(write('size.yaml', 'thresholds:\n  evasion_min_size: 1\n'), rules)).toThrow(/size\.yaml: thresholds\.evasion_min_size: /);
    expect(() => loadConfig(write('own-bad.yaml', 'thresholds:\n  my_rule_min: "x"\n'), rules)).toThrow(/own-bad\.yaml: thresholds\.my_rule_min: /);
    const own = loadConfig(write('own.yaml', 'thresholds:\n  my_rule_min: 7\n  cot_share_min: 1\n'), rules);
    expect(own.thresholds.my_rule_min).toBe(7);
    expect(own.thresholds.cot_share_min).toBe(1);
  });

  it('loads an allowlist and rejects entries that name nothing', () => {
    const ok = loadAllowlist(write('allow.yaml', 'entries:\n  - {org: EvalCo, action: clear, note: contract 12}\n'));
    expect(ok.entries[0].org).toBe('EvalCo');
    expect(() => loadAllowlist(write('allow-bad.yaml', 'entries:\n  - {action: clear}\n'))).toThrow(/allow-bad\.yaml: entries\.0/);
  });
});
