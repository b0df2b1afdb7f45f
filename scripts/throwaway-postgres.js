/**
 * A throwaway PostgreSQL server for the test suite and the benchmark: initdb into a temporary
 * folder, pg_ctl on a free local port, removed again by stop(). initdb refuses to run as root, so
 * as root the server runs as the postgres user.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { chownSync, mkdtempSync, rmSync, existsSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir, userInfo } = require('node:os');
const { join } = require('node:path');

const isRoot = process.getuid && process.getuid() === 0;

function findBinary(name) {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const debian = spawnSync(
    'sh',
    ['-c', `ls -d /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -1`],
    {
      encoding: 'utf8',
    },
  ).stdout.trim();
  if (debian) return debian;
  throw new Error(
    `${name} not found: install PostgreSQL (Debian: apt-get install -y postgresql) or set DATABASE_URL.`,
  );
}

function asServerUser(binary, args) {
  const [cmd, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server and returns its URL (user postgres, database postgres, no password) and a
 * stop() that is safe to call twice. `serverOptions` are added to the server's command line.
 */
async function startThrowawayPostgres(serverOptions = '') {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'waarborg-pg-'));
  const dataDir = join(dir, 'data');
  if (isRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already gone */
      }
      started = false;
    }
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
  try {
    asServerUser(initdb, [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${serverOptions}`.trim();
    asServerUser(pgCtl, [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ]);
    started = true;
  } catch (err) {
    stop();
    throw err;
  }
  console.log(
    `Throwaway PostgreSQL on 127.0.0.1:${port} (${isRoot ? 'as postgres' : `as ${userInfo().username}`})`,
  );
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

module.exports = { startThrowawayPostgres };
