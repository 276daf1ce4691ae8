/**
 * Reading `moat scan`'s accounts.jsonl (one AccountVerdict a line) for evaluation. Outside input:
 * each line is checked; bad lines are skipped and counted with their line number and reason.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export const VerdictLine = z.looseObject({
  account: z.string().min(1),
  verdict: z.enum(['attack', 'suspect', 'clear']),
  campaign: z.string().nullable().optional(),
  score: z.number().optional(),
  flagged_at: z.string().nullable().optional(),
});
export type VerdictLine = z.infer<typeof VerdictLine>;

export interface BadLine {
  line: number;
  reason: string;
}

export interface VerdictFile {
  verdicts: VerdictLine[];
  bad: BadLine[];
}

const MAX_LINE_CHARS = 1 << 20;
const MAX_BAD_KEPT = 100;

/**
 * Parse verdict lines from text lines (pure; used by readVerdicts and tests).
 * @example parseVerdictLines(['{"account":"a","verdict":"attack","flagged_at":"2026-01-01T00:00:00Z"}']).verdicts.length // 1
 */
export function parseVerdictLines(lines: Iterable<string>): VerdictFile {
  const verdicts: VerdictLine[] = [];
  const bad: BadLine[] = [];
  let no = 0;
  let badCount = 0;
  const note = (reason: string): void => {
    badCount++;
    if (bad.length < MAX_BAD_KEPT) bad.push({ line: no, reason });
  };
  for (const raw of lines) {
    no++;
    const line = raw.trim();
    if (line === '') continue;
    if (line.length > MAX_LINE_CHARS) {
      note('line_too_long');
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      note('invalid_json');
      continue;
    }
    const r = VerdictLine.safeParse(value);
    if (!r.success) {
      note(`invalid_verdict: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`.trim());
      continue;
    }
    if (r.data.verdict === 'attack' && (r.data.flagged_at == null || !Number.isFinite(Date.parse(r.data.flagged_at)))) {
      note('attack_without_flagged_at');
      continue;
    }
    verdicts.push(r.data);
  }
  if (badCount > bad.length) bad.push({ line: -1, reason: `${badCount - bad.length} more bad lines not listed` });
  return { verdicts, bad };
}

/** Read a verdicts file (accounts.jsonl from `moat scan --out DIR`). */
export async function readVerdicts(file: string): Promise<VerdictFile> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const lines: string[] = [];
  for await (const l of rl) lines.push(l);
  return parseVerdictLines(lines);
}
