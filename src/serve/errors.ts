/**
 * Bad input → 400 with a clear reason and the MOAT_BAD_REQUEST code; never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodError } from 'zod';

/**
 * 400 with MOAT_BAD_REQUEST and the first issues of a zod error (or a message).
 * @example if (!parsed.success) return sendBadRequest(reply, parsed.error);
 */
export function sendBadRequest(reply: FastifyReply, error: ZodError | string): FastifyReply {
  const message =
    typeof error === 'string'
      ? error
      : error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ');
  return reply.code(400).send({ error: { type: 'invalid_request_error', code: 'MOAT_BAD_REQUEST', message } });
}

/**
 * Parser and size errors from fastify (bad JSON, 413, 415) in the same envelope.
 * @example installErrorHandler(app)
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message =
      status === 400 && /JSON/i.test(err.code ?? '') ? `body is not valid JSON: ${err.message}` : status === 500 ? 'internal error' : err.message;
    if (status === 500) reply.log.error({ err }, 'unhandled error');
    return reply.code(status).send({
      error: { type: 'invalid_request_error', code: status === 500 ? 'MOAT_INTERNAL' : 'MOAT_BAD_REQUEST', message },
    });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { type: 'invalid_request_error', code: 'MOAT_NOT_FOUND', message: 'no such route' } }),
  );
}
