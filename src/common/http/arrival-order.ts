import type { FastifyInstance } from 'fastify';

/** A request that has waited this long starts in the next turn, whatever else waits. */
export const LONGEST_WAIT_MS = 100;

interface Waiting {
  arrived: number;
  start: () => void;
}

/**
 * Requests are handled in the order they arrived, one a turn of the event loop.
 *
 * Node reads every socket that has a request waiting, then handles those requests one after the
 * other before it looks at the sockets again. A request that arrives just after that look waits
 * for the whole round, and under load it could miss the next look too: with ten keep-alive
 * connections (as a proxy in front keeps them) the 95th percentile was twice the median for any
 * server that answers one request at a time, a bare node:http server that spins 1.0 ms a request
 * included (docs/benchmark-history.md, "A thirteenth look").
 *
 * Here a request that arrives waits in a queue instead; each turn of the event loop starts the
 * oldest, and between two turns Node reads the sockets again, so a request that came in meanwhile
 * takes its place behind the ones before it and ahead of the ones after it. The mean wait stays as
 * it was (the same work is done by the same core); the longest waits are what get shorter. A
 * request that waits for the database (PostgreSQL) lets the next one start as before.
 *
 * Other work takes turns too: an import yields a turn after each part it writes. So that requests
 * do not then go through one per part, every request that has waited longer than `longestWaitMs`
 * when a turn begins starts in that turn, oldest first, as Node would have started them.
 */
export function registerArrivalOrder(
  fastify: FastifyInstance,
  longestWaitMs = LONGEST_WAIT_MS,
  /** The clock the waits are measured by; a test sets its own, so no machine is too slow for it. */
  now: () => number = () => performance.now(),
): void {
  const waiting: Waiting[] = [];
  const startWaiting = () => {
    const turnBegan = now();
    try {
      do waiting.shift()?.start();
      while (waiting.length > 0 && turnBegan - waiting[0].arrived > longestWaitMs);
    } finally {
      if (waiting.length > 0) setImmediate(startWaiting);
    }
  };
  // After the onRequest hooks: a page the register's cache answers is sent from there at once.
  fastify.addHook('preParsing', (_request, _reply, payload, done) => {
    const request = { arrived: now(), start: () => done(null, payload) };
    if (waiting.push(request) === 1) setImmediate(startWaiting);
  });
}
