import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { carriesCredentials, SESSION_COOKIE } from './cookies';

/**
 * `Cross-Origin-Opener-Policy: same-origin` on every response that belongs to a session: a
 * request that carries the session cookie or an Authorization header, and the response that sets
 * the session cookie (the login). Another site's window then holds no reference to a logged-in
 * user's page.
 *
 * A visitor without a session gets the public register, the same bytes everyone gets; there is
 * nothing of theirs for the policy to keep from another window. What the policy costs them is
 * real: the browser starts a new renderer for the page (a separate browsing context group). On a
 * simulated mid-range phone the task that no resource explains took 270-440 ms with the header
 * and 120-270 ms without, and Lighthouse counts it as blocking time (docs/register.md, "What a
 * phone downloads"). Helmet's own header is off (app.factory.ts).
 */
export function registerOpenerPolicy(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply) => {
    if (belongsToSession(request, reply))
      void reply.header('cross-origin-opener-policy', 'same-origin');
  });
}

function belongsToSession(request: FastifyRequest, reply: FastifyReply): boolean {
  if (carriesCredentials(request)) return true;
  const set = reply.getHeader('set-cookie');
  return [set ?? []].flat().some((cookie) => String(cookie).startsWith(`${SESSION_COOKIE}=`));
}
