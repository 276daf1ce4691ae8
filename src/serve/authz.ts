/**
 * Header-only authorization checks for proxies that ask before forwarding:
 *
 * - Envoy ext_authz, HTTP mode: Envoy sends the original method and path under `path_prefix`
 *   (here `/envoy`) with the allowed headers. 200 = allowed (our x-moat-* headers can go
 *   upstream via allowed_upstream_headers); any other status is denied and, with its headers
 *   and body, passed to the client (403 block/challenge, 429 throttle + Retry-After, 503
 *   fail-closed, 401 no key).
 * - nginx auth_request: a subrequest to `/nginx/auth`. nginx understands only 2xx (allow) and
 *   401/403 (deny); anything else is a 500. So every refusal is a 403 whose x-moat-action and
 *   x-moat-status headers let the nginx config turn throttles into 429 (error_page 403 →
 *   named location; see docs/integrations/nginx.md).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reasonFor } from '../core/reason-codes.js';
import { effectiveAction, type Decision, type Enforcer } from '../enforce/decision.js';
import { decisionHeaders, refusalBody } from './http-decision.js';
import { rawKeyFromHeaders, type KeyResolver } from './identity.js';

export interface AuthzRouteOptions {
  enforcer: Enforcer;
  keys: KeyResolver;
  clock: () => number;
}

/** Optional hint of expected output tokens, e.g. set by the proxy from a known max_tokens. */
function estimateFromHeaders(request: FastifyRequest): number | undefined {
  const v = request.headers['x-moat-max-tokens'];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isFinite(n) && n > 0 && n < 10_000_000 ? n : undefined;
}

async function decideFor(request: FastifyRequest, o: AuthzRouteOptions): Promise<Decision | null> {
  const raw = rawKeyFromHeaders(request.headers);
  if (raw === null) return null;
  const account = o.keys.fromRawKey(raw);
  return o.enforcer.decide({ account, now: o.clock(), estimatedOutputTokens: estimateFromHeaders(request) });
}

function noIdentity(reply: FastifyReply, status: number): FastifyReply {
  const rc = reasonFor('MOAT_NO_IDENTITY');
  return reply
    .code(status)
    .header('x-moat-action', 'block')
    .header('x-moat-code', rc.code)
    .header('x-moat-status', '401')
    .send({ error: { type: 'authentication_error', code: rc.code, message: `${rc.message} ${rc.appeal}` } });
}

/** Body-ignoring parser for these routes: the proxies send headers only (or a body we never read). */
function ignoreBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, _body, done) => done(null, undefined));
}

/**
 * Adds ANY /envoy and /envoy/* (ext_authz HTTP service, path_prefix /envoy).
 * @example registerEnvoy(app, { enforcer, keys, clock: Date.now })
 */
export function registerEnvoy(app: FastifyInstance, o: AuthzRouteOptions): void {
  app.register(async (scope) => {
    ignoreBodies(scope);
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const d = await decideFor(request, o);
      if (d === null) return noIdentity(reply, 401);
      reply.headers(decisionHeaders(d));
      if (effectiveAction(d) === 'allow' || effectiveAction(d) === 'withhold_reasoning') return reply.code(200).send();
      return reply.code(d.status).send(refusalBody(d));
    };
    scope.all('/envoy', handler);
    scope.all('/envoy/*', handler);
  });
}

/**
 * Adds ANY /nginx/auth (auth_request target).
 * @example registerNginx(app, { enforcer, keys, clock: Date.now })
 */
export function registerNginx(app: FastifyInstance, o: AuthzRouteOptions): void {
  app.register(async (scope) => {
    ignoreBodies(scope);
    scope.all('/nginx/auth', async (request, reply) => {
      const d = await decideFor(request, o);
      if (d === null) return noIdentity(reply, 401);
      reply.headers(decisionHeaders(d));
      if (effectiveAction(d) === 'allow' || effectiveAction(d) === 'withhold_reasoning') return reply.code(204).send();
      const action = d.code === 'MOAT_STORE_DOWN_CLOSED' ? 'unavailable' : d.action;
      return reply.code(403).header('x-moat-action', action).header('x-moat-status', String(d.status)).send();
    });
  });
}
