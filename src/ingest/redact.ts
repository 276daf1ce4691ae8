/**
 * Scrubbing secrets out of raw log text before it is kept anywhere (the quarantine keeps the
 * first 1 KB of each bad line). A line that parses as JSON loses every key-like field; a line
 * that does not parse (or was cut at 1 KB) has key-like `name: value` pairs and bearer/sk- style
 * tokens blanked by pattern, so a raw API key never reaches an output file.
 */

/** Field names whose values may be credentials (compared case-insensitively, `-`/`_` ignored). */
const SECRET_FIELDS = new Set([
  'key', 'apikey', 'xapikey', 'apitoken', 'token', 'accesstoken', 'refreshtoken', 'idtoken', 'secret',
  'clientsecret', 'password', 'passwd', 'authorization', 'auth', 'bearer', 'credential', 'credentials',
  'cookie', 'setcookie', 'sessiontoken', 'privatekey', 'openaiapikey', 'anthropicapikey',
]);

export const REDACTED = '[redacted]';

/**
 * True for field names that may hold a credential.
 * @example isSecretField('api_key') // true
 * @example isSecretField('input_tokens') // false
 */
export function isSecretField(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_FIELDS.has(n) || n.endsWith('apikey') || n.endsWith('secret') || n.endsWith('password');
}

/** Deep copy of a JSON value with every secret-named field replaced by `[redacted]` (depth-bounded). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretField(k) ? REDACTED : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

const NAME = String.raw`[A-Za-z_\-]*(?:key|token|secret|password|passwd|authorization|auth|bearer|credentials?|cookie)`;
/** `"name": "value` (closing quote optional: the text may be cut), `name=value`, `name: value`. */
const PAIR = new RegExp(String.raw`(["']?)(${NAME})\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,;}\]&]+)`, 'gi');
/** Bare credential-looking tokens: `Bearer x`, `sk-…`, `sk_live_…`, `xoxb-…`, AWS access keys. */
const TOKENS = /\bBearer\s+[A-Za-z0-9._~+/=-]+|\b(?:sk|pk|rk)[-_][A-Za-z0-9_-]{6,}|\bxox[abprs]-[A-Za-z0-9-]{6,}|\bAKIA[0-9A-Z]{12,}/g;

/**
 * Scrub secrets from text that may or may not be JSON.
 * @example redactText('{"key":"sk-live-abcdef123"}') // '{"key":"[redacted]"}'
 */
export function redactText(text: string): string {
  const pairs = text.replace(TOKENS, REDACTED).replace(PAIR, (whole, q: string, name: string, sep: string, value: string) => {
    if (!isSecretField(name) && !/key|secret|password|authorization|bearer|credential|cookie/i.test(name)) return whole;
    if (/_?tokens$/i.test(name)) return whole; // input_tokens / output_tokens are counts
    const quoted = value.startsWith('"') ? `"${REDACTED}"` : value.startsWith("'") ? `'${REDACTED}'` : REDACTED;
    return `${q}${name}${q}${sep}${quoted}`;
  });
  return pairs;
}

/**
 * The raw form kept in the quarantine: at most `maxBytes` of UTF-8, secrets removed. JSON that
 * parses is redacted structurally, anything else by pattern (after cutting, so a key cut in half
 * is still caught).
 * @example quarantineRaw('{"key":"sk-abcdefgh","x":1}') // '{"key":"[redacted]","x":1}'
 */
export function quarantineRaw(raw: string | Buffer, maxBytes = 1024): string {
  const buf = typeof raw === 'string' ? Buffer.from(raw) : raw;
  const cut = buf.length > maxBytes ? buf.subarray(0, maxBytes) : buf;
  // Invalid UTF-8 becomes U+FFFD here, which is what we want for display.
  const text = cut.toString('utf8');
  if (cut.length === buf.length) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') return redactText(JSON.stringify(redactValue(parsed))).slice(0, maxBytes);
    } catch {
      // not JSON: fall through to pattern redaction
    }
  }
  return redactText(text);
}
