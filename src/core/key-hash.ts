/**
 * API keys are hashed the moment they are read: HMAC-SHA256 with a per-deployment secret,
 * so the same key maps to the same id across runs of one deployment but cannot be reversed or
 * matched across deployments. Raw keys never reach any output.
 */
import { createHmac } from 'node:crypto';

const PREFIX = 'kh_';

export function isHashedKey(value: string): boolean {
  return value.startsWith(PREFIX) && /^kh_[0-9a-f]{32}$/.test(value);
}

/** Secret from MOAT_KEY_SECRET, else a fixed development default (documented as such). */
export function keySecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.MOAT_KEY_SECRET && env.MOAT_KEY_SECRET.length > 0 ? env.MOAT_KEY_SECRET : 'moat-dev-secret-change-me';
}

/**
 * @example hashKey('sk-live-123', 'secret') // 'kh_…' (32 hex chars)
 */
export function hashKey(raw: string, secret: string): string {
  if (isHashedKey(raw)) return raw;
  return PREFIX + createHmac('sha256', secret).update(raw).digest('hex').slice(0, 32);
}
