/**
 * A read of something that changes in the database (the register's stamp), shared by the callers
 * that ask for it at about the same time, but only with a read that starts after they asked: a
 * caller never gets an answer older than its own call, so a change committed before a request
 * arrives (through any instance) is seen by that request.
 *
 * With no read running, a call starts one. A call made while one runs waits for the next read,
 * which starts as soon as the running one has settled, and which every call made meanwhile shares.
 * Under load, ten requests in flight then make one or two reads instead of ten; alone, a request
 * reads as before.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const started = read();
    running = started;
    const done = () => {
      if (running === started) running = null;
    };
    started.then(done, done);
    return started;
  };
  return () => {
    if (next) return next;
    if (!running) return start();
    next = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
