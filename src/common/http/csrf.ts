import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * API calls with a Bearer token, or with no cookie at all (the public API), carry no session a
 * foreign page could ride on.
 */
function carriesNoSession(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api/') &&
    (/^Bearer\s/i.test(request.headers.authorization ?? '') || !request.headers.cookie)
  );
}

/** A browser's Origin (or, failing that, Referer) must be this site itself. */
function foreignOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? request.headers.referer;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

/**
 * Every state-changing request made with cookies must come from this site (Origin check) and
 * carry the form's CSRF token (checked by @fastify/csrf-protection). The token field is removed
 * afterwards so that DTOs, which refuse unknown fields, never see it.
 */
export function registerCsrfCheck(fastify: FastifyInstance): void {
  fastify.addHook(
    'preHandler',
    (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (SAFE_METHODS.has(request.method) || carriesNoSession(request)) return done();
      if (foreignOrigin(request))
        return done(new DomainError('CSRF_FAILED', 'errors.CSRF_FOREIGN_ORIGIN'));
      fastify.csrfProtection(request, reply, () => {
        if (request.body && typeof request.body === 'object')
          delete (request.body as Record<string, unknown>)._csrf;
        done();
      });
    },
  );
}
