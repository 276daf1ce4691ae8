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
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { effectiveAction, type Enforcer } from '../enforce/decision.js';
import type { Policy } from '../enforce/policy.js';
import type { StateStore } from '../store/store.js';
import { refusalLine } from './http-decision.js';
import type { KeyResolver } from './identity.js';
import { stripReasoning } from './reasoning.js';
import { sendBadRequest } from './errors.js';
import type { CallObserver } from './observe.js';

const opt = z.string().max(1024).nullish();

/**
 * Validated strictly where Moat uses a field (texts, identity, input_type, call id); fields Moat
 * ignores (images, tools, structured_messages, other request_data) pass through unchecked, so a
 * LiteLLM version that changes them does not turn every call into a 400 (which LiteLLM's
 * default fail_on_error would turn into a blocked request).
 */
export const GuardrailRequest = z.looseObject({
  texts: z.array(z.string()).max(100_000).default([]),
  request_data: z
    .looseObject({
      user_api_key_hash: opt,
      user_api_key_user_id: opt,
    })
    .nullish(),
  input_type: z.enum(['request', 'response']),
  litellm_call_id: opt,
  litellm_trace_id: z.unknown().optional(),
  additional_provider_specific_params: z.record(z.string(), z.unknown()).nullish(),
});
export type GuardrailRequest = z.infer<typeof GuardrailRequest>;

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
  app.post('/beta/litellm_basic_guardrail_api', { bodyLimit: o.bodyLimit }, async (request, reply) => {
    const parsed = GuardrailRequest.safeParse(request.body);
    if (!parsed.success) return sendBadRequest(reply, parsed.error);
    const body = parsed.data;
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
