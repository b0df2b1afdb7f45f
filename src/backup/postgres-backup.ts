import { spawn } from 'node:child_process';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { BackupError } from './backup-error';
import { databaseState } from './database-state';
import type { DatabaseState } from './manifest';

/**
 * The connection for pg_dump and pg_restore: the URL without its password, which goes in
 * PGPASSWORD instead, so that it does not show in the process list.
 */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    dbname: `--dbname=${url.toString()}`,
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/** Runs a PostgreSQL client tool; its absence or failure becomes one sentence. */
function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new BackupError(
              `${tool} was not found on PATH: install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client).`,
            )
          : err,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const reason = stderr.trim().split('\n')[0] || `exit code ${code}`;
      reject(new BackupError(`${tool} failed: ${reason}`));
    });
  });
}

/**
 * Dumps the database with pg_dump (custom format) while the server runs. pg_dump reads one
 * snapshot, and it is made to read the snapshot of a transaction here that also reads the
 * migrations and the audit head, so the manifest describes exactly what was dumped.
 */
export async function backupPostgres(
  ds: DataSource,
  databaseUrl: string,
  file: string,
): Promise<DatabaseState> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    const [{ snapshot }] = (await runner.query('SELECT pg_export_snapshot() AS snapshot')) as {
      snapshot: string;
    }[];
    const state = await databaseState((sql) => runner.query(sql) as Promise<unknown[]>);
    const { dbname, env } = connection(databaseUrl);
    await runTool(
      'pg_dump',
      ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, dbname],
      env,
    );
    await runner.commitTransaction();
    return state;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** The target database's situation before a restore. */
export async function postgresTarget(
  databaseUrl: string,
): Promise<{ otherConnections: number; hasData: boolean }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const others = await client.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    const tables = await client.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    return { otherConnections: Number(others.rows[0].n), hasData: Number(tables.rows[0].n) > 0 };
  } finally {
    await client.end();
  }
}

/** Where Waarborg's tables live: TypeORM's default, which the app does not change. */
const SCHEMA = 'public';
const ASIDE = 'public_before_restore';

/**
 * Restores a dump with pg_restore in one transaction into a new, empty schema public. The schema
 * it replaces is renamed aside first and dropped only once the restore has committed: a restore
 * that fails puts it back, so the data it was to replace is not lost.
 */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const schema = client.escapeIdentifier(SCHEMA);
    const aside = client.escapeIdentifier(ASIDE);
    await client.query(`DROP SCHEMA IF EXISTS ${aside} CASCADE`);
    await client.query(`ALTER SCHEMA ${schema} RENAME TO ${aside}`);
    await client.query(`CREATE SCHEMA ${schema}`);
    const { dbname, env } = connection(databaseUrl);
    try {
      await runTool(
        'pg_restore',
        ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', dbname, file],
        env,
      );
    } catch (err) {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.query(`ALTER SCHEMA ${aside} RENAME TO ${schema}`);
      throw err;
    }
    await client.query(`DROP SCHEMA ${aside} CASCADE`);
  } finally {
    await client.end();
  }
}
