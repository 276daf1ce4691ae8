/**
 * Exchange-log contract v1: the one record shape every stage of Moat reads.
 * The zod schemas here are the source of truth; docs/schema/*.json is generated from them.
 */
import { z } from 'zod';

export const CONTRACT_VERSION = 1;

export const Role = z.enum(['system', 'user', 'assistant', 'tool']);
export type Role = z.infer<typeof Role>;

export const Message = z.object({
  role: Role,
  content: z.string(),
});
export type Message = z.infer<typeof Message>;

/** ISO-8601 timestamp that carries a zone (Z or ±hh:mm). */
export const IsoTimestamp = z.iso.datetime({ offset: true });

const nonNegativeInt = z.number().int().nonnegative();

/** One request/response pair as logged by a provider or gateway. Unknown fields are kept. */
export const Exchange = z.looseObject({
  id: z.string().min(1),
  ts: IsoTimestamp,
  account: z.string().min(1),
  messages: z.array(Message),
  key: z.string().optional(),
  ip: z.string().optional(),
  asn: z.number().int().nonnegative().optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  user_agent: z.string().optional(),
  model: z.string().optional(),
  system: z.string().optional(),
  tools: z.array(z.string()).optional(),
  max_tokens: nonNegativeInt.optional(),
  reasoning: z.boolean().optional(),
  output: z.string().optional(),
  input_tokens: nonNegativeInt.optional(),
  output_tokens: nonNegativeInt.optional(),
  reasoning_tokens: nonNegativeInt.optional(),
  status: z.number().int().min(100).max(599).optional(),
  latency_ms: z.number().nonnegative().optional(),
});
export type Exchange = z.infer<typeof Exchange>;

/** accounts.jsonl: what the provider knows about an account at sign-up / billing. */
export const AccountRecord = z.looseObject({
  account: z.string().min(1),
  created_at: IsoTimestamp.optional(),
  email_domain: z.string().optional(),
  payment_fingerprint: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  org: z.string().optional(),
  verified: z.boolean().optional(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

/** truth.jsonl: evaluation only. Detection code must never import or read it. */
export const TruthRecord = z.looseObject({
  account: z.string().min(1),
  label: z.enum(['attack', 'legit']),
  campaign: z.string().nullable(),
  persona: z.string(),
});
export type TruthRecord = z.infer<typeof TruthRecord>;

/** File names inside a log directory. */
export const LOG_FILES = {
  exchanges: 'exchanges.jsonl',
  accounts: 'accounts.jsonl',
  truth: 'truth.jsonl',
} as const;
