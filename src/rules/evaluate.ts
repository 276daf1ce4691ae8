/**
 * Evaluating rules: each condition compares one named feature to a literal or a config
 * threshold; a rule fires when all its conditions hold. NaN (not enough data) never fires.
 */
import type { Reason } from '../core/verdict.js';
import { formatValue } from './features.js';
import type { Condition, Config, Rule } from './schema.js';

/** Rules ready to evaluate: overrides applied, disabled rules removed. */
export interface CompiledRule {
  rule: Rule;
  weight: number;
  conds: { feature: string; op: Condition['op']; threshold: number }[];
}

/**
 * Apply config thresholds and per-rule overrides.
 * @example compileRules(loadRules(), loadConfig()).filter((r) => r.rule.scope === 'account')
 */
export function compileRules(rules: Rule[], config: Config): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const rule of rules) {
    const o = config.rules[rule.id] ?? config.rules[rule.slug] ?? {};
    if (o.enabled === false || rule.status === 'deprecated') continue;
    out.push({
      rule,
      weight: o.weight ?? rule.weight,
      conds: rule.detection.all.map((c) => ({ feature: c.feature, op: c.op, threshold: c.value ?? config.thresholds[c.param as string] })),
    });
  }
  return out;
}

function holds(v: number, op: Condition['op'], t: number): boolean {
  if (Number.isNaN(v)) return false;
  switch (op) {
    case 'gte': return v >= t;
    case 'gt': return v > t;
    case 'lte': return v <= t;
    case 'lt': return v < t;
  }
}

/** Extra values for evidence placeholders. */
export interface EvidenceContext {
  size?: number;
  /** Per-feature detail, e.g. {template_top_share: "'Q: {…} Write out your complete reasoning'"}. */
  detail?: Record<string, string>;
}

/**
 * Fire every rule whose conditions hold on `features`; returns reasons with evidence.
 * @example evaluate(compiled, {elicitation_share: 0.93, exchanges: 40}) // [{rule: 'cot-elicitation…', weight: 0.35, evidence: '93 % of …'}]
 */
export function evaluate(rules: CompiledRule[], features: Record<string, number>, ctx: EvidenceContext = {}): Reason[] {
  const out: Reason[] = [];
  for (const r of rules) {
    let ok = true;
    for (const c of r.conds) {
      if (!holds(features[c.feature], c.op, c.threshold)) { ok = false; break; }
    }
    if (!ok) continue;
    const first = r.conds[0];
    const evidence = r.rule.evidence
      .replaceAll('{value}', formatValue(first.feature, features[first.feature]))
      .replaceAll('{threshold}', formatValue(first.feature, first.threshold))
      .replaceAll('{size}', String(ctx.size ?? ''))
      .replaceAll('{detail}', ctx.detail?.[first.feature] ?? '');
    out.push({ rule: r.rule.slug, weight: r.weight, evidence });
  }
  return out;
}

/**
 * Noisy-OR of positive weights, then mitigating (negative) weights scale it down.
 * @example combine([{weight: 0.5}, {weight: 0.5}]) // 0.75
 */
export function combine(reasons: { weight: number }[]): number {
  let miss = 1;
  let mitigate = 1;
  for (const r of reasons) {
    if (r.weight > 0) miss *= 1 - r.weight;
    else mitigate *= 1 + r.weight;
  }
  return Math.max(0, Math.min(1, (1 - miss) * mitigate));
}
