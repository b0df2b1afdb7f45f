#!/usr/bin/env node
/**
 * Runs the e2e suite against PostgreSQL. With DATABASE_URL set it uses that server; otherwise it
 * starts a throwaway one (initdb into a temporary folder, pg_ctl on a free local port) and removes
 * it afterwards. initdb refuses to run as root, so as root the server runs as the postgres user.
 *
 * Each e2e file creates and drops a database of its own on the server (test/support).
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
  console.error(
    `${name} not found: install PostgreSQL (Debian: apt-get install -y postgresql) or set DATABASE_URL.`,
  );
  process.exit(1);
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

function runJest(databaseUrl) {
  const jest = require.resolve('jest/bin/jest');
  // Extra arguments go first: --selectProjects would swallow a path pattern as a project name.
  const args = [jest, ...process.argv.slice(2), '--selectProjects', 'e2e'];
  const result = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return result.status ?? 1;
}

async function main() {
  if (process.env.DATABASE_URL) {
    process.exit(runJest(process.env.DATABASE_URL));
  }
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
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  let status;
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
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    asServerUser(pgCtl, [
      '-D',
      dataDir,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
    ]);
    started = true;
    console.log(
      `Throwaway PostgreSQL on 127.0.0.1:${port} (${isRoot ? 'as postgres' : `as ${userInfo().username}`})`,
    );
    status = runJest(`postgres://postgres@127.0.0.1:${port}/postgres`);
  } finally {
    stop();
  }
  process.exit(status);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
