import cluster, { Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { startFailed, startServer } from './main';

/**
 * `npm run start:prod`: one worker process per core, all listening on the same port (the primary
 * hands connections to them in turn). The workers share nothing in memory: sessions, the login,
 * feedback and job counters live in the database, and the register's page cache and facet index
 * are kept per process but keyed on the database's change counter, exactly as with several
 * instances (see docs/operations.md). WORKERS sets the number (1 for one process).
 *
 * Workers start one after the other: the first applies pending migrations, seeds an empty
 * database and rebuilds the register's read model, which two processes must not do at once. A
 * worker that dies later is replaced; one that fails to start stops the whole server.
 */

type Ready = { waarborg: 'ready'; lines: string[] };

function workerCount(value: string | undefined): number {
  if (value === undefined || value === '') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(
      `Waarborg cannot start: WORKERS must be a whole number from 1 to 64, not "${value}".`,
    );
    process.exit(1);
  }
  return n;
}

function fork(): Promise<{ worker: Worker; lines: string[] }> {
  const worker = cluster.fork();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`a worker stopped while starting (exit code ${code})`));
    worker.once('exit', onExit);
    worker.on('message', (message: Ready) => {
      if (message?.waarborg !== 'ready') return;
      worker.off('exit', onExit);
      resolve({ worker, lines: message.lines });
    });
  });
}

async function primary(): Promise<void> {
  const count = workerCount(process.env.WORKERS);
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  let banner: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { lines } = await fork();
      if (i === 0) banner = lines;
    }
  } catch (err) {
    stop();
    startFailed(err);
  }
  banner[1] += ` (${count} worker${count === 1 ? '' : 's'})`;
  console.log(banner.join('\n'));

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    console.error(
      `Waarborg: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`,
    );
    // A worker that keeps failing to start stops the server, as at the first start.
    fork().catch((err: unknown) => {
      stop();
      startFailed(err);
    });
  });
}

if (cluster.isPrimary) void primary();
else
  startServer().then(
    (lines) => process.send?.({ waarborg: 'ready', lines } satisfies Ready),
    startFailed,
  );
