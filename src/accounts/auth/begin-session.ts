import type { FastifyRequest } from 'fastify';

/**
 * Logs the user in on this request, however they proved who they are (password or their
 * organisation's provider). A new session id at login, so an id planted before login is
 * worthless afterwards.
 */
export async function beginSession(request: FastifyRequest, userId: number): Promise<void> {
  await request.session.regenerate();
  const now = Date.now();
  request.session.set('userId', userId);
  request.session.set('authenticatedAt', now);
  request.session.set('lastSeenAt', now);
}
