/**
 * Moat's own JSON API: generic decisions and usage for gateways without a standard hook, and
 * admin routes (verdicts, allowlist) guarded by a bearer token (MOAT_ADMIN_TOKEN); without a
 * token configured the admin routes answer 404.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Enforcer } from '../enforce/decision.js';
import { syncVerdicts } from '../enforce/sync.js';
import type { StateStore } from '../store/store.js';
import { sendBadRequest } from './errors.js';
import type { KeyResolver } from './identity.js';

const Who = z
  .strictObject({
    account: z.string().min(1).max(256).optional(),
    /** Raw key: hashed at once (and mapped through the keys file). */
    api_key: z.string().min(1).max(4096).optional(),
  })
  .refine((w) => (w.account === undefined) !== (w.api_key === undefined), { message: 'give exactly one of account, api_key' });

const DecideBody = z.strictObject({
  account: z.string().min(1).max(256).optional(),
  api_key: z.string().min(1).max(4096).optional(),
  estimated_output_tokens: z.number().int().nonnegative().max(10_000_000).optional(),
});
const UsageBody = z.strictObject({
  account: z.string().min(1).max(256).optional(),
  api_key: z.string().min(1).max(4096).optional(),
  output_tokens: z.number().int().nonnegative().max(10_000_000),
});
const VerdictBody = z.strictObject({
  verdict: z.enum(['attack', 'suspect', 'clear']),
  campaign: z.string().min(1).max(256).nullable().default(null),
  score: z.number().min(0).max(1).default(0),
});
const BulkVerdicts = z.array(VerdictBody.extend({ account: z.string().min(1).max(256) })).max(10_000);

export interface ApiRouteOptions {
  enforcer: Enforcer;
  store: StateStore;
  keys: KeyResolver;
  clock: () => number;
  adminToken?: string;
}

/**
 * Adds /v1/decide, /v1/usage and (with adminToken) the admin routes.
 * @example registerApi(app, { enforcer, store, keys, clock: Date.now, adminToken: process.env.MOAT_ADMIN_TOKEN })
 */
export function registerApi(app: FastifyInstance, o: ApiRouteOptions): void {
  const who = (b: { account?: string; api_key?: string }): string | null => {
    const w = Who.safeParse({ account: b.account, api_key: b.api_key });
    if (!w.success) return null;
    return w.data.account ?? o.keys.fromRawKey(w.data.api_key!);
  };

  app.post('/v1/decide', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const p = DecideBody.safeParse(request.body);
    if (!p.success) return sendBadRequest(reply, p.error);
    const account = who(p.data);
    if (account === null) return sendBadRequest(reply, 'give exactly one of account, api_key');
    return o.enforcer.decide({ account, now: o.clock(), estimatedOutputTokens: p.data.estimated_output_tokens });
  });

  app.post('/v1/usage', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const p = UsageBody.safeParse(request.body);
    if (!p.success) return sendBadRequest(reply, p.error);
    const account = who(p.data);
    if (account === null) return sendBadRequest(reply, 'give exactly one of account, api_key');
    await o.enforcer.recordUsage({ account, outputTokens: p.data.output_tokens, now: o.clock() });
    return reply.code(204).send();
  });

  if (!o.adminToken) return;
  const expected = Buffer.from(`Bearer ${o.adminToken}`);
  const admin = async (request: FastifyRequest, reply: FastifyReply) => {
    const got = Buffer.from(String(request.headers.authorization ?? ''));
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      return reply.code(401).send({ error: { type: 'authentication_error', code: 'MOAT_NO_IDENTITY', message: 'admin token required' } });
    }
  };
  const accountParam = z.string().min(1).max(256);

  app.put('/v1/verdicts/:account', { onRequest: admin, bodyLimit: 16 * 1024 }, async (request, reply) => {
    const a = accountParam.safeParse((request.params as { account?: string }).account);
    const p = VerdictBody.safeParse(request.body);
    if (!a.success) return sendBadRequest(reply, a.error);
    if (!p.success) return sendBadRequest(reply, p.error);
    await syncVerdicts(o.store, [{ account: a.data, ...p.data }]);
    return reply.code(204).send();
  });
  app.post('/v1/verdicts', { onRequest: admin, bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const p = BulkVerdicts.safeParse(request.body);
    if (!p.success) return sendBadRequest(reply, p.error);
    return { written: await syncVerdicts(o.store, p.data) };
  });
  app.delete('/v1/verdicts/:account', { onRequest: admin }, async (request, reply) => {
    await o.store.clearVerdict(String((request.params as { account?: string }).account));
    return reply.code(204).send();
  });
  app.put('/v1/allowlist/:account', { onRequest: admin }, async (request, reply) => {
    await o.store.addAllowlist(String((request.params as { account?: string }).account));
    return reply.code(204).send();
  });
  app.delete('/v1/allowlist/:account', { onRequest: admin }, async (request, reply) => {
    await o.store.removeAllowlist(String((request.params as { account?: string }).account));
    return reply.code(204).send();
  });
}
