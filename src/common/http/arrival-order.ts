import type { FastifyInstance } from 'fastify';

/**
 * Requests are handled in the order they arrived, one a turn of the event loop.
 *
 * Node reads every socket that has a request waiting, then handles those requests one after the
 * other before it looks at the sockets again. A request that arrives just after that look waits
 * for the whole round, and under load it could miss the next look too: with ten keep-alive
 * connections (as a proxy in front keeps them) the 95th percentile was twice the median for any
 * server that answers one request at a time, a bare node:http server that spins 1.0 ms a request
 * included (docs/register.md, "A thirteenth look").
 *
 * Here a request that arrives waits in a queue instead; each turn of the event loop starts the
 * oldest, and between two turns Node reads the sockets again, so a request that came in meanwhile
 * takes its place behind the ones before it and ahead of the ones after it. The mean wait stays as
 * it was (the same work is done by the same core); the longest waits are what get shorter. A
 * request that waits for the database (PostgreSQL) lets the next one start as before.
 */
export function registerArrivalOrder(fastify: FastifyInstance): void {
  const waiting: (() => void)[] = [];
  const startOldest = () => {
    const start = waiting.shift();
    if (waiting.length > 0) setImmediate(startOldest);
    start?.();
  };
  // After the onRequest hooks: a page the register's cache answers is sent from there at once.
  fastify.addHook('preParsing', (_request, _reply, payload, done) => {
    if (waiting.push(() => done(null, payload)) === 1) setImmediate(startOldest);
  });
}
