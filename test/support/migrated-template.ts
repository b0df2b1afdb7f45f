import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { resolveAppConfig } from '../../src/config/app-config';
import type { AppConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { prepareTestCache, testCacheDir } from './test-cache';

/**
 * A database with every migration applied, made once and copied for each test app. Running the
 * migrations took about 0.5 s an app on SQLite and 1.3 s on PostgreSQL, where `CREATE DATABASE
 * ... TEMPLATE` copies a migrated one in 0.15 s; every e2e spec starts at least one app. The
 * copy is named by a hash of src/database (the migrations and the code they import), so a new or
 * changed migration makes a new one. Every migration still runs from an empty database in the
 * specs that make their own (migrations, command line, restart, backup), and startTestApp's app
 * runs them as production does, finding nothing left to do.
 *
 * SQLite: a file under node_modules/.cache/waarborg-test-db, copied into the test's data folder.
 * PostgreSQL: a database `waarborg_template_<hash>` on the test server, made under an advisory
 * lock so that two Jest workers never copy one half made; it stays for the next run.
 */
const DATABASE_DIR = join(PROJECT_ROOT, 'src', 'database');
const CACHE = testCacheDir('waarborg-test-db');
/** pg_advisory_lock's key for making a template: any number no other client of the server uses. */
const TEMPLATE_LOCK = 0x5761_6172;

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(DATABASE_DIR))
    hash.update(relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

async function migrate(config: AppConfig): Promise<void> {
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/** Puts a migrated SQLite database at `sqlitePath`. */
export async function copyMigratedSqlite(sqlitePath: string): Promise<void> {
  const template = join(CACHE, `${migrationsHash()}.sqlite`);
  if (!existsSync(template)) {
    prepareTestCache(CACHE);
    const dataDir = mkdtempSync(join(CACHE, 'tmp-'));
    try {
      const config = resolveAppConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
      await migrate(config);
      // Closed, so the write-ahead log is in the file; renamed, so no one copies half of it.
      renameSync(config.sqlitePath, template);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  mkdirSync(dirname(sqlitePath), { recursive: true });
  copyFileSync(template, sqlitePath);
}

/** Makes database `name` on the server at `serverUrl` as a copy of a migrated one. */
export async function createMigratedPostgres(serverUrl: string, name: string): Promise<void> {
  const template = `waarborg_template_${migrationsHash()}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!found.rowCount) await makePostgresTemplate(client, serverUrl, template);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
}

async function makePostgresTemplate(client: Client, serverUrl: string, template: string) {
  await client.query(`CREATE DATABASE ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  // The session secret's file only: the database is on the server.
  prepareTestCache(CACHE);
  const dataDir = mkdtempSync(join(CACHE, 'tmp-'));
  try {
    await migrate(
      resolveAppConfig({
        DATA_DIR: dataDir,
        DATABASE_URL: url.toString(),
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      }),
    );
  } catch (err) {
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    throw err;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
