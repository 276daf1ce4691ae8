/**
 * One catalog of the reason codes users see in 403/429 responses, response headers and appeals,
 * in the manner of Fastify's error catalog (`FST_ERR_NOT_FOUND: createError(code, message, 404)`).
 * Codes are permanent: add new ones, never rename or reuse one.
 */

export interface ReasonCode {
  /** Stable identifier, e.g. `MOAT_BLOCK_CAMPAIGN`. */
  code: string;
  /** HTTP status a gateway should answer with when it enforces this decision. */
  status: number;
  /** What happened, in words a customer can read (no log values in it). */
  message: string;
  /** What the customer can do about it. */
  appeal: string;
}

function reasonCode(code: string, status: number, message: string, appeal: string): ReasonCode {
  return Object.freeze({ code, status, message, appeal });
}

const APPEAL_CONTACT = 'If you believe this is a mistake, file an appeal quoting this code and the request id.';

/**
 * The catalog. Keys equal each entry's `code`.
 * @example REASON_CODES.MOAT_BLOCK_CAMPAIGN.status // 403
 */
export const REASON_CODES = {
  MOAT_ALLOW: reasonCode('MOAT_ALLOW', 200, 'Request allowed.', 'No action needed.'),
  MOAT_ALLOWLISTED: reasonCode(
    'MOAT_ALLOWLISTED',
    200,
    'Account is on the operator allowlist; detection does not restrict it.',
    'No action needed.',
  ),
  MOAT_ALLOW_LIMITED: reasonCode(
    'MOAT_ALLOW_LIMITED',
    200,
    'Request allowed within the reduced rate limits applied to this account.',
    'Usage above these limits will be throttled. ' + APPEAL_CONTACT,
  ),
  MOAT_WITHHOLD_REASONING: reasonCode(
    'MOAT_WITHHOLD_REASONING',
    200,
    'Request allowed; reasoning traces are withheld from responses for this account.',
    'Final answers are unaffected. ' + APPEAL_CONTACT,
  ),
  MOAT_BLOCK_ATTACK: reasonCode(
    'MOAT_BLOCK_ATTACK',
    403,
    'Access blocked: this account\'s traffic matches automated harvesting of model outputs.',
    APPEAL_CONTACT,
  ),
  MOAT_BLOCK_CAMPAIGN: reasonCode(
    'MOAT_BLOCK_CAMPAIGN',
    403,
    'Access blocked: this account is part of a coordinated group of accounts harvesting model outputs.',
    APPEAL_CONTACT,
  ),
  MOAT_BLOCK_SUSPECT: reasonCode(
    'MOAT_BLOCK_SUSPECT',
    403,
    'Access blocked pending review of unusual account activity.',
    APPEAL_CONTACT,
  ),
  MOAT_CHALLENGE: reasonCode(
    'MOAT_CHALLENGE',
    403,
    'Additional verification is required before this account can continue.',
    'Complete the verification step linked in this response, or file an appeal quoting this code.',
  ),
  MOAT_THROTTLE_ACCOUNT_REQUESTS: reasonCode(
    'MOAT_THROTTLE_ACCOUNT_REQUESTS',
    429,
    'Too many requests for this account; retry after the indicated delay.',
    'Slow down and retry after Retry-After seconds. ' + APPEAL_CONTACT,
  ),
  MOAT_THROTTLE_ACCOUNT_TOKENS: reasonCode(
    'MOAT_THROTTLE_ACCOUNT_TOKENS',
    429,
    'Output-token budget for this account is used up; retry after the indicated delay.',
    'Slow down and retry after Retry-After seconds. ' + APPEAL_CONTACT,
  ),
  MOAT_THROTTLE_CAMPAIGN_REQUESTS: reasonCode(
    'MOAT_THROTTLE_CAMPAIGN_REQUESTS',
    429,
    'Too many requests from the group of linked accounts this account belongs to.',
    'Retry after Retry-After seconds. ' + APPEAL_CONTACT,
  ),
  MOAT_THROTTLE_CAMPAIGN_TOKENS: reasonCode(
    'MOAT_THROTTLE_CAMPAIGN_TOKENS',
    429,
    'Output-token budget of the group of linked accounts this account belongs to is used up.',
    'Retry after Retry-After seconds. ' + APPEAL_CONTACT,
  ),
  MOAT_STORE_DOWN_OPEN: reasonCode(
    'MOAT_STORE_DOWN_OPEN',
    200,
    'Enforcement state is unavailable; request allowed (fail-open).',
    'No action needed.',
  ),
  MOAT_STORE_DOWN_CLOSED: reasonCode(
    'MOAT_STORE_DOWN_CLOSED',
    503,
    'Enforcement state is unavailable; request refused (fail-closed). Retry shortly.',
    'Retry after a short delay; this is a temporary service condition.',
  ),
  MOAT_NO_IDENTITY: reasonCode(
    'MOAT_NO_IDENTITY',
    401,
    'No API key or account identity was found on the request.',
    'Send the API key in the Authorization or x-api-key header.',
  ),
  MOAT_UNKNOWN_KEY: reasonCode(
    'MOAT_UNKNOWN_KEY',
    401,
    'The API key on the request is not known to this gateway.',
    'Check the API key, or ask the operator to add it to the gateway keys file.',
  ),
  MOAT_BODY_TOO_LARGE: reasonCode(
    'MOAT_BODY_TOO_LARGE',
    413,
    'The request body is larger than this gateway accepts.',
    'Send a smaller request body.',
  ),
  MOAT_ROUTE_NOT_FOUND: reasonCode(
    'MOAT_ROUTE_NOT_FOUND',
    404,
    'This gateway does not serve that path or method.',
    'Use POST /v1/chat/completions, /v1/responses or /v1/messages.',
  ),
  MOAT_UPSTREAM_UNREACHABLE: reasonCode(
    'MOAT_UPSTREAM_UNREACHABLE',
    502,
    'The upstream model API could not be reached or failed mid-response.',
    'Retry after a short delay; this is a temporary service condition.',
  ),
  MOAT_UPSTREAM_TIMEOUT: reasonCode(
    'MOAT_UPSTREAM_TIMEOUT',
    504,
    'The upstream model API did not answer in time.',
    'Retry after a short delay; this is a temporary service condition.',
  ),
  MOAT_BAD_REQUEST: reasonCode(
    'MOAT_BAD_REQUEST',
    400,
    'The decision request is malformed.',
    'Fix the request as described in the error.',
  ),
  MOAT_NOT_FOUND: reasonCode('MOAT_NOT_FOUND', 404, 'No such route on the decision API.', 'Check the integration path.'),
  MOAT_INTERNAL: reasonCode(
    'MOAT_INTERNAL',
    500,
    'The decision API failed internally.',
    'Retry; if it persists, report it to the operator with the request id.',
  ),
} as const satisfies Record<string, ReasonCode>;

export type ReasonCodeName = keyof typeof REASON_CODES;

/**
 * Look up a code; unknown codes throw (a typo must not become a silent 200).
 * @example reasonFor('MOAT_THROTTLE_CAMPAIGN_TOKENS').status // 429
 */
export function reasonFor(code: string): ReasonCode {
  const rc = (REASON_CODES as Record<string, ReasonCode>)[code];
  if (!rc) throw new Error(`unknown reason code: ${code}`);
  return rc;
}
