/**
 * JSON Schemas for the log contract, generated from the zod schemas in src/core/exchange.ts
 * (the source of truth) and checked in under docs/schema/. `npm run schema` rewrites them; a
 * test fails when the checked-in files differ from what the zod schemas generate.
 */
import { z } from 'zod';
import type { ZodType } from 'zod';
import { AccountRecord, CONTRACT_VERSION, Exchange, TruthRecord } from '../core/exchange.js';

/** Field descriptions shown in the schemas (the prose lives in docs/log-format.md). */
const DESCRIPTIONS: Record<string, Record<string, string>> = {
  exchange: {
    id: 'Unique id of the exchange (request id).',
    ts: 'When the request arrived: ISO-8601 with a zone (Z or ±hh:mm).',
    account: 'The billing account the request is charged to.',
    messages: 'The prompt as a list of {role, content} messages, in order.',
    key: 'API key used. Hashed at ingest (kh_ + 32 hex, HMAC-SHA256 with MOAT_KEY_SECRET); a raw key is never stored.',
    ip: 'Client IP address as seen by the provider or gateway.',
    asn: 'Autonomous system number of the client IP.',
    country: 'ISO 3166-1 alpha-2 country of the client IP, upper case.',
    user_agent: 'User-Agent header of the request.',
    model: 'Model name requested.',
    system: 'System prompt when logged apart from messages.',
    tools: 'Names of the tools (functions) declared in the request.',
    max_tokens: 'Output token limit requested.',
    reasoning: 'Whether extended reasoning / thinking was requested.',
    output: 'The text the model returned.',
    input_tokens: 'Prompt tokens billed.',
    output_tokens: 'Completion tokens billed.',
    reasoning_tokens: 'Reasoning tokens billed (included in or beside output_tokens, as the provider counts them).',
    status: 'HTTP status returned to the client.',
    latency_ms: 'Time to the full response, milliseconds.',
  },
  account: {
    account: 'Account id, as in exchanges.',
    created_at: 'Sign-up time, ISO-8601 with a zone.',
    email_domain: 'Domain of the sign-up e-mail.',
    payment_fingerprint: 'Stable fingerprint of the payment method (never the card number).',
    country: 'Billing country, ISO 3166-1 alpha-2.',
    org: 'Organisation id the account belongs to, if any.',
    verified: 'Whether the account passed identity / business verification.',
  },
  truth: {
    account: 'Account id, as in exchanges.',
    label: 'attack or legit.',
    campaign: 'Campaign id for attack accounts; null for legit ones.',
    persona: 'Simulator persona that generated the account.',
  },
};

const SCHEMAS: Record<string, { schema: ZodType; title: string; description: string; key: string }> = {
  'exchange.schema.json': { schema: Exchange, key: 'exchange', title: 'Moat exchange', description: 'One line of exchanges.jsonl: one request/response pair. Unknown fields are kept.' },
  'account.schema.json': { schema: AccountRecord, key: 'account', title: 'Moat account record', description: 'One line of accounts.jsonl: what the provider knows about an account.' },
  'truth.schema.json': { schema: TruthRecord, key: 'truth', title: 'Moat truth record', description: 'One line of truth.jsonl: evaluation labels. Detection never reads these.' },
};

/**
 * File name → JSON Schema (draft 2020-12) for each contract file.
 * @example contractJsonSchemas()['exchange.schema.json'].required // ['id', 'ts', 'account', 'messages']
 */
export function contractJsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [file, s] of Object.entries(SCHEMAS)) {
    const json = z.toJSONSchema(s.schema, { io: 'input' }) as Record<string, unknown>;
    const props = json.properties as Record<string, Record<string, unknown>>;
    for (const [name, text] of Object.entries(DESCRIPTIONS[s.key])) if (props[name]) props[name] = { description: text, ...props[name] };
    const { $schema, ...rest } = json;
    out[file] = { $schema, $id: `https://moat.dev/schema/v${CONTRACT_VERSION}/${file}`, title: s.title, description: s.description, ...rest };
  }
  return out;
}

/**
 * The text written to docs/schema/<file> (stable: 2-space JSON plus newline).
 * @example schemaText({ type: 'object' }) // '{\n  "type": "object"\n}\n'
 */
export function schemaText(schema: Record<string, unknown>): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
