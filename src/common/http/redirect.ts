import type { FastifyReply, FastifyRequest } from 'fastify';
import { localisedPath, requestLanguage } from './language';

/** Post, redirect, show: a one-time success message in the session, then the page to show, in the page's language. */
export function redirectWithFlash(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  key: string,
  params?: Record<string, string | number>,
) {
  request.session.set('flash', { type: 'ok', key, params });
  return reply.redirect(localisedPath(requestLanguage(request), path), 303);
}
