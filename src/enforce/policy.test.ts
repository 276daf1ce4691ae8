import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from './policy.js';

describe('policy', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_POLICY.shadow).toBe(false);
    expect(DEFAULT_POLICY.fail_mode).toBe('open');
    expect(DEFAULT_POLICY.actions).toEqual({ attack: 'block', suspect: 'throttle', clear: 'allow' });
    expect(DEFAULT_POLICY.limits.campaign.requests_per_second).toBe(2);
    expect(DEFAULT_POLICY.limits.account.output_tokens_per_minute).toBe(2000);
    expect(parsePolicy('')).toEqual(DEFAULT_POLICY);
  });

  it('reads a full config', () => {
    const p = parsePolicy(
      [
        'shadow: true',
        'fail_mode: closed',
        'appeal_url: https://example.com/appeal',
        'actions:',
        '  suspect: withhold_reasoning',
        'limits:',
        '  campaign:',
        '    requests_per_second: 5',
        '    burst: 50',
      ].join('\n'),
    );
    expect(p.shadow).toBe(true);
    expect(p.fail_mode).toBe('closed');
    expect(p.actions).toEqual({ attack: 'block', suspect: 'withhold_reasoning', clear: 'allow' });
    expect(p.limits.campaign).toEqual({ requests_per_second: 5, burst: 50, output_tokens_per_minute: null, output_tokens_burst: null });
    expect(p.limits.account).toEqual(DEFAULT_POLICY.limits.account);
  });

  it('names file, line and field on a bad value', () => {
    const text = 'shadow: false\nactions:\n  attack: nuke\n';
    expect(() => parsePolicy(text, 'moat.yaml')).toThrow(PolicyError);
    expect(() => parsePolicy(text, 'moat.yaml')).toThrow(/^moat\.yaml:3: actions\.attack: /);
  });

  it('rejects unknown keys (typos) with their line', () => {
    expect(() => parsePolicy('limits:\n  campaign:\n    burts: 5\n', 'p.yaml')).toThrow(/^p\.yaml:3: limits\.campaign\.burts: /);
  });

  it('rejects negative limits and broken YAML', () => {
    expect(() => parsePolicy('limits:\n  account:\n    burst: -1\n', 'p.yaml')).toThrow(/p\.yaml:3: limits\.account\.burst/);
    expect(() => parsePolicy('shadow: [\n', 'p.yaml')).toThrow(/^p\.yaml:\d+: YAML: /);
  });
});
