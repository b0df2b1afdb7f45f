import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig, resolveAppConfig } from '../../src/config/app-config';
import { copyMigratedSqlite, createMigratedPostgres } from './migrated-template';

export interface TestDatabase {
  config: AppConfig;
  dispose(): Promise<void>;
}

/**
 * A database of its own for one test file: a SQLite file in a temporary folder, or, when
 * DATABASE_URL points at a PostgreSQL server (npm run test:postgres), a new database on it.
 * Empty, or with `migrated`, a copy of one with every migration applied (./migrated-template.ts).
 */
export async function createTestDatabase(
  env: Record<string, string> = {},
  { migrated = false } = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'waarborg-test-'));
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};

  if (serverUrl) {
    const name = `waarborg_test_${randomBytes(6).toString('hex')}`;
    if (migrated) await createMigratedPostgres(serverUrl, name);
    else await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  const config = resolveAppConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    // Tests run the daily jobs themselves (SchedulerService.runDue) when they are about them.
    SCHEDULER: 'off',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  if (migrated && !databaseUrl) await copyMigratedSqlite(config.sqlitePath);
  return {
    config,
    dispose: async () => {
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
