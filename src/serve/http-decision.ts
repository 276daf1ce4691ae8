/**
 * A Decision as HTTP: headers every integration sets, and the JSON error body of a refusal.
 * Everything here comes from the catalog, the policy and ids — no request content is echoed.
 */
import { reasonFor } from '../core/reason-codes.js';
import { effectiveAction, type Decision } from '../enforce/decision.js';

/**
 * Headers describing a decision (x-moat-*, retry-after).
 * @example reply.headers(decisionHeaders(decision))
 */
export function decisionHeaders(d: Decision): Record<string, string> {
  const h: Record<string, string> = {
    'x-moat-action': d.action,
    'x-moat-code': d.code,
    'x-moat-verdict': d.verdict,
  };
  if (d.shadow) h['x-moat-shadow'] = '1';
  if (d.retryAfterSeconds !== undefined && effectiveAction(d) !== 'allow') h['retry-after'] = String(d.retryAfterSeconds);
  if (d.appealUrl) h['x-moat-appeal'] = d.appealUrl;
  return h;
}

/**
 * JSON body for a refused request (OpenAI-style error envelope).
 * @example reply.code(d.status).send(refusalBody(d))
 */
export function refusalBody(d: Decision): { error: { type: string; code: string; message: string; appeal_url?: string; retry_after_seconds?: number } } {
  const rc = reasonFor(d.code);
  return {
    error: {
      type: d.action === 'throttle' ? 'rate_limit_error' : 'permission_error',
      code: d.code,
      message: `${rc.message} ${rc.appeal}`,
      ...(d.appealUrl ? { appeal_url: d.appealUrl } : {}),
      ...(d.retryAfterSeconds !== undefined ? { retry_after_seconds: d.retryAfterSeconds } : {}),
    },
  };
}

/**
 * One line for LiteLLM's blocked_reason.
 * @example refusalLine(d) // 'MOAT_THROTTLE_CAMPAIGN_REQUESTS: … Retry after 3 s. Appeal: https://…'
 */
export function refusalLine(d: Decision): string {
  const rc = reasonFor(d.code);
  let s = `${d.code}: ${rc.message}`;
  if (d.retryAfterSeconds !== undefined) s += ` Retry after ${d.retryAfterSeconds} s.`;
  if (d.appealUrl) s += ` Appeal: ${d.appealUrl}`;
  return s;
}
