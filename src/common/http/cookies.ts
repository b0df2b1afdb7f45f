import type { FastifyRequest } from 'fastify';

/** Names of the cookies Waarborg sets. */
export const SESSION_COOKIE = 'waarborg_session';
export const CSRF_COOKIE = 'waarborg_csrf';

/**
 * Whether a request comes with a session cookie or an Authorization header, valid or not: its
 * answer may be someone's own (never shared by the page cache; isolated by the opener policy).
 */
export function carriesCredentials(request: FastifyRequest): boolean {
  return (
    request.headers.authorization !== undefined ||
    (request.headers.cookie?.includes(`${SESSION_COOKIE}=`) ?? false)
  );
}
