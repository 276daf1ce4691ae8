import { describe, expect, it } from 'vitest';
import { printable, summaryLines } from './summary.js';
import { emptyStats } from './scan.js';

describe('summary', () => {
  it('lists counts by reason, a few examples, and escapes log text for the terminal', () => {
    const lines = summaryLines(
      {
        file: 'in.jsonl',
        stats: { ...emptyStats(), lines: 12, records: 10, okLines: 10, quarantined: 2 },
        byReason: { wrong_type: 1, invalid_json: 1 },
        examples: [{ file: 'in.jsonl', line: 4, field: 'ts', reason: 'wrong_type', detail: 'expected string\u001b[2J', raw: '' }],
        recordsPath: 'o/exchanges.jsonl',
        quarantinePath: 'o/quarantine.jsonl',
      },
      'validated',
    );
    expect(lines[0]).toBe('validated in.jsonl: 10 ok, 2 quarantined (12 lines, 0 blank)');
    expect(lines).toContain('  e.g. in.jsonl:4 wrong_type ts: expected string\\u001b[2J');
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(printable('x'.repeat(500))).toHaveLength(200);
  });
});
