#!/usr/bin/env node
/**
 * Runs the e2e suite against PostgreSQL. With DATABASE_URL set it uses that server; otherwise it
 * starts a throwaway one (scripts/throwaway-postgres.js) and removes it afterwards.
 *
 * Each e2e file creates and drops a database of its own on the server (test/support).
 */
const { spawnSync } = require('node:child_process');
const { startThrowawayPostgres } = require('./throwaway-postgres');

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
  let server;
  try {
    server = await startThrowawayPostgres('-c fsync=off -c max_connections=200');
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  process.on('SIGINT', () => {
    server.stop();
    process.exit(130);
  });
  let status;
  try {
    status = runJest(server.url);
  } finally {
    server.stop();
  }
  process.exit(status);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
