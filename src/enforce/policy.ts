/**
 * Enforcement policy as data: verdict → action, rate limits per account and per campaign,
 * shadow mode, appeal URL and what to do when the shared store is down. Read from YAML and
 * validated with zod; a bad file gives `file:line: path: problem`.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

export const ACTIONS = ['allow', 'throttle', 'challenge', 'block', 'withhold_reasoning'] as const;
export type Action = (typeof ACTIONS)[number];

const positive = z.number().positive();

/** One scope's limits; any of them null = not limited on that measure. */
export const LimitSpec = z.strictObject({
  /** Sustained request rate. */
  requests_per_second: positive.nullable().default(null),
  /** Requests allowed in a burst (bucket capacity). Default: 10 × requests_per_second, at least 1. */
  burst: positive.nullable().default(null),
  /** Sustained output-token rate. */
  output_tokens_per_minute: positive.nullable().default(null),
  /** Output tokens allowed in a burst. Default: output_tokens_per_minute. */
  output_tokens_burst: positive.nullable().default(null),
});
export type LimitSpec = z.infer<typeof LimitSpec>;

export const Policy = z.strictObject({
  /** Shadow mode: decide and report, but the integration allows everything (`shadow: true` on decisions). */
  shadow: z.boolean().default(false),
  /** Store down: `open` allows (and says so), `closed` refuses with 503. */
  fail_mode: z.enum(['open', 'closed']).default('open'),
  /** Where customers appeal; put on every non-allow decision. */
  appeal_url: z.url().nullable().default(null),
  actions: z
    .strictObject({
      attack: z.enum(ACTIONS).default('block'),
      suspect: z.enum(ACTIONS).default('throttle'),
      clear: z.enum(ACTIONS).default('allow'),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Applied to each account whose action is `throttle` or `withhold_reasoning`. */
      account: LimitSpec.prefault({
        requests_per_second: 0.5,
        burst: 10,
        output_tokens_per_minute: 2000,
        output_tokens_burst: 8000,
      }),
      /** Shared by all accounts of one campaign whose action is not `block`/`challenge`. */
      campaign: LimitSpec.prefault({
        requests_per_second: 2,
        burst: 40,
        output_tokens_per_minute: 10000,
        output_tokens_burst: 40000,
      }),
    })
    .prefault({}),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

/** The documented defaults (docs/enforcement.md). */
export const DEFAULT_POLICY: Policy = Policy.parse({});

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

/**
 * Parse and validate a policy from YAML text. Errors name the file, line and field.
 * @example parsePolicy('shadow: true\nlimits:\n  campaign: {requests_per_second: 5}').limits.campaign.burst // null (derived later)
 */
export function parsePolicy(text: string, file = '<policy>'): Policy {
  if (text.length > 1_000_000) throw new PolicyError(`${file}: config larger than 1 MB`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.pos ? lineCounter.linePos(e.pos[0]).line : 0;
    throw new PolicyError(`${file}:${line}: YAML: ${e.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = Policy.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]);
  // Point at the deepest node of the path that exists in the document.
  let line = 1;
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    const pair = n > 0 ? findKeyNode(doc, path.slice(0, n)) : undefined;
    const offset = pair ?? node?.range?.[0];
    if (offset !== undefined) {
      line = lineCounter.linePos(offset).line;
      break;
    }
  }
  throw new PolicyError(`${file}:${line}: ${path.join('.') || '(root)'}: ${issue.message}`);
}

/** Offset of the key token for a path (unknown keys have no value node worth pointing at). */
function findKeyNode(doc: ReturnType<typeof parseDocument>, path: string[]): number | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const items = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  const last = path[path.length - 1];
  const pair = items.find((p) => String(p.key?.value) === last);
  return pair?.key?.range?.[0];
}

/**
 * Read a policy file (YAML).
 * @example const policy = loadPolicy('moat.yaml'); // throws PolicyError 'moat.yaml:3: actions.attack: …'
 */
export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return parsePolicy(text, file);
}
