/**
 * `moat serve`: the decision API for gateways that already exist (LiteLLM, Envoy, nginx) plus
 * Moat's own JSON API. Built as a fastify instance so tests use inject() without sockets.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Enforcer } from '../enforce/decision.js';
import type { Policy } from '../enforce/policy.js';
import type { StateStore } from '../store/store.js';
import { registerApi } from './api.js';
import { registerEnvoy, registerNginx } from './authz.js';
import { installErrorHandler } from './errors.js';
import type { KeyResolver } from './identity.js';
import { registerLitellm } from './litellm.js';
import type { CallObserver } from './observe.js';

export interface ServeAppOptions {
  enforcer: Enforcer;
  store: StateStore;
  policy: Policy;
  keys: KeyResolver;
  /** Clock in ms (injected; default Date.now). */
  clock?: () => number;
  /** Enables /v1/verdicts and /v1/allowlist when set. */
  adminToken?: string;
  /** Largest LiteLLM guardrail body. Default 8 MiB. */
  guardrailBodyLimit?: number;
  /** Online detection from LiteLLM calls (`--detect`). */
  observer?: CallObserver;
  /** pino logger options, or false. */
  logger?: boolean | object;
}

/**
 * @example
 * const app = buildServeApp({ enforcer, store, policy, keys: createKeyResolver({ keys: [] }, secret) });
 * await app.listen({ port: 8787, host: '127.0.0.1' });
 */
export function buildServeApp(o: ServeAppOptions): FastifyInstance {
  const app = Fastify({ logger: o.logger ?? false, bodyLimit: 1024 * 1024, return503OnClosing: true });
  const clock = o.clock ?? Date.now;
  installErrorHandler(app);
  app.get('/healthz', async () => ({ ok: true, store: o.store.kind, decisions: o.enforcer.stats().decisions }));
  app.get('/metrics', async (_request, reply) => {
    const s = o.enforcer.stats();
    const lines = [
      '# HELP moat_decisions_total Decisions made, by action.',
      '# TYPE moat_decisions_total counter',
      ...Object.entries(s.byAction).map(([a, n]) => `moat_decisions_total{action="${a}"} ${n}`),
      '# HELP moat_store_errors_total Store failures (fail mode applied).',
      '# TYPE moat_store_errors_total counter',
      `moat_store_errors_total ${s.storeErrors}`,
      '',
    ];
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n'));
  });
  registerLitellm(app, { ...o, clock, bodyLimit: o.guardrailBodyLimit ?? 8 * 1024 * 1024 });
  registerEnvoy(app, { enforcer: o.enforcer, keys: o.keys, clock });
  registerNginx(app, { enforcer: o.enforcer, keys: o.keys, clock });
  registerApi(app, { enforcer: o.enforcer, store: o.store, keys: o.keys, clock, adminToken: o.adminToken });
  return app;
}
