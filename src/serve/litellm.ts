/**
 * LiteLLM Generic Guardrail API: `POST /beta/litellm_basic_guardrail_api`
 * (docs.litellm.ai/docs/adding_provider/generic_guardrail_api).
 *
 * Request: {texts, images?, tools?, request_data: {user_api_key_hash, user_api_key_user_id, …},
 * input_type: 'request'|'response', litellm_call_id?, litellm_trace_id?, additional_provider_specific_params?}
 * Response: {action: 'BLOCKED'|'NONE'|'GUARDRAIL_INTERVENED', blocked_reason?, texts?}
 *
 * pre_call (input_type request): one decision; refusals → BLOCKED with the reason code.
 * post_call (input_type response): output tokens are estimated from the texts and debited; for
 * accounts under `withhold_reasoning`, tagged reasoning blocks are stripped (GUARDRAIL_INTERVENED).
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { effectiveAction, type Enforcer } from '../enforce/decision.js';
import type { Policy } from '../enforce/policy.js';
import type { StateStore } from '../store/store.js';
import { refusalLine } from './http-decision.js';
import type { KeyResolver } from './identity.js';
import { stripReasoning } from './reasoning.js';
import { sendBadRequest } from './errors.js';
import type { CallObserver } from './observe.js';

const optString = { type: ['string', 'null'], maxLength: 1024 } as const;

/**
 * JSON Schema of the request, validated strictly where Moat uses a field (texts, identity,
 * input_type, call id, max_tokens' container); fields Moat ignores (images, tools,
 * structured_messages, other request_data) pass through unchecked, so a LiteLLM version that
 * changes them does not turn every call into a 400 (which LiteLLM's default fail_on_error would
 * turn into a blocked request). Compiled once by ajv: no coercion (a string is not an array).
 */
export const GUARDRAIL_REQUEST_SCHEMA = {
  type: 'object',
  required: ['input_type'],
  properties: {
    texts: { type: 'array', items: { type: 'string' }, maxItems: 100_000, default: [] },
    request_data: {
      type: ['object', 'null'],
      properties: { user_api_key_hash: optString, user_api_key_user_id: optString },
    },
    input_type: { enum: ['request', 'response'] },
    litellm_call_id: optString,
    additional_provider_specific_params: { type: ['object', 'null'] },
  },
} as const;

/** The request after validation (texts defaulted to []). */
export interface GuardrailRequest {
  texts: string[];
  request_data?: { user_api_key_hash?: string | null; user_api_key_user_id?: string | null; [k: string]: unknown } | null;
  input_type: 'request' | 'response';
  litellm_call_id?: string | null;
  litellm_trace_id?: unknown;
  additional_provider_specific_params?: Record<string, unknown> | null;
  [k: string]: unknown;
}

/** Serialized with fast-json-stringify (fastify's response schema) instead of JSON.stringify. */
const GUARDRAIL_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['action'],
  properties: {
    action: { type: 'string' },
    blocked_reason: { type: 'string' },
    texts: { type: 'array', items: { type: 'string' } },
  },
} as const;

const validateGuardrail = new Ajv({ useDefaults: true, coerceTypes: false, allErrors: false, strict: false }).compile<GuardrailRequest>(
  GUARDRAIL_REQUEST_SCHEMA,
);

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => {
      const where = e.instancePath.slice(1).replaceAll('/', '.') || '(body)';
      const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(' | ')})` : '';
      return `${where}: ${e.message ?? 'invalid'}${allowed}`;
    })
    .join('; ');
}

/**
 * Validate a parsed body (in place: fills defaults). The request, or a readable reason.
 * @example parseGuardrailRequest({ input_type: 'request' }) // { ok: true, value: { input_type: 'request', texts: [] } }
 */
export function parseGuardrailRequest(body: unknown): { ok: true; value: GuardrailRequest } | { ok: false; message: string } {
  if (validateGuardrail(body)) return { ok: true, value: body };
  return { ok: false, message: describeErrors(validateGuardrail.errors) };
}

export interface GuardrailResponse {
  action: 'BLOCKED' | 'NONE' | 'GUARDRAIL_INTERVENED';
  blocked_reason?: string;
  texts?: string[];
}

/**
 * ~4 characters a token: the usual rough estimate when no tokenizer is at hand.
 * @example estimateTokens(['abcd', 'efgh']) // 2
 */
export function estimateTokens(texts: string[]): number {
  let chars = 0;
  for (const t of texts) chars += t.length;
  return Math.ceil(chars / 4);
}

/**
 * Account for a guardrail call: keys file (by LiteLLM's key hash) → user id → the key hash
 * itself (as a kh_ id). null when the request carries no identity.
 */
export function litellmAccount(req: GuardrailRequest, keys: KeyResolver): string | null {
  const rd = req.request_data ?? {};
  if (rd.user_api_key_hash) {
    const mapped = keys.fromLitellmHash(rd.user_api_key_hash);
    if (mapped) return mapped;
  }
  if (rd.user_api_key_user_id) return rd.user_api_key_user_id;
  if (rd.user_api_key_hash) return keys.fromRawKey('litellm:' + rd.user_api_key_hash);
  return null;
}

export interface LitellmRouteOptions {
  enforcer: Enforcer;
  store: StateStore;
  policy: Policy;
  keys: KeyResolver;
  clock: () => number;
  bodyLimit: number;
  /** Feeds request/response pairs to the online detector (`--detect`). */
  observer?: CallObserver;
}

/**
 * Adds POST /beta/litellm_basic_guardrail_api.
 * @example registerLitellm(app, { enforcer, store, policy, keys, clock: Date.now, bodyLimit: 8 << 20 })
 */
export function registerLitellm(app: FastifyInstance, o: LitellmRouteOptions): void {
  const schema = { response: { 200: GUARDRAIL_RESPONSE_SCHEMA } };
  app.post('/beta/litellm_basic_guardrail_api', { bodyLimit: o.bodyLimit, schema }, async (request, reply) => {
    // fastify parsed the JSON once; this validates that object in place (no second parse, no copy).
    const parsed = parseGuardrailRequest(request.body);
    if (!parsed.ok) return sendBadRequest(reply, parsed.message);
    const body = parsed.value;
    const account = litellmAccount(body, o.keys);
    if (account === null) {
      // No identity: nothing to rate-limit or attribute. Allow, and say why in a header.
      reply.header('x-moat-code', 'MOAT_NO_IDENTITY');
      return { action: 'NONE' } satisfies GuardrailResponse;
    }
    const now = o.clock();
    if (body.input_type === 'request') {
      const maxTokens = Number(body.additional_provider_specific_params?.max_tokens);
      const d = await o.enforcer.decide({
        account,
        now,
        estimatedOutputTokens: Number.isFinite(maxTokens) && maxTokens > 0 ? maxTokens : undefined,
      });
      reply.header('x-moat-code', d.code);
      o.observer?.request({ callId: body.litellm_call_id, account, texts: body.texts, now });
      const act = effectiveAction(d);
      if (act === 'allow' || act === 'withhold_reasoning') return { action: 'NONE' } satisfies GuardrailResponse;
      return { action: 'BLOCKED', blocked_reason: refusalLine(d) } satisfies GuardrailResponse;
    }
    // input_type === 'response'
    const outputTokens = estimateTokens(body.texts);
    await o.enforcer.recordUsage({ account, outputTokens, now });
    o.observer?.response({ callId: body.litellm_call_id, account, texts: body.texts, now, outputTokens });
    if (o.policy.shadow) return { action: 'NONE' } satisfies GuardrailResponse;
    let action: string = 'allow';
    try {
      const { verdict, allowlisted } = await o.store.lookup(account);
      action = allowlisted ? 'allow' : o.policy.actions[verdict?.verdict ?? 'clear'];
    } catch {
      action = 'allow'; // store down: response-side stripping is best effort
    }
    if (action !== 'withhold_reasoning') return { action: 'NONE' } satisfies GuardrailResponse;
    const texts = body.texts.map(stripReasoning);
    const changed = texts.some((t, i) => t !== body.texts[i]);
    reply.header('x-moat-code', 'MOAT_WITHHOLD_REASONING');
    return changed ? ({ action: 'GUARDRAIL_INTERVENED', texts } satisfies GuardrailResponse) : ({ action: 'NONE' } satisfies GuardrailResponse);
  });
}
