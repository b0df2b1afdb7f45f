import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { verifyAuditChain, VerifyResult } from '../audit/audit-verify';
import { PROJECT_ROOT } from '../common/project-root';
import { APP_CONFIG, AppConfig, DatabaseKind } from '../config/app-config';
import { BackupError } from './backup-error';
import { databaseState } from './database-state';
import { backupFiles, hasFiles, restoreFiles } from './files';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  checkFiles,
  DATABASE_FILE,
  DatabaseState,
  Manifest,
  MANIFEST_FILE,
  readManifest,
  sha256File,
} from './manifest';
import { backupPostgres, postgresTarget, restorePostgres } from './postgres-backup';
import { backupSqlite, restoreSqlite, sqliteHasData, sqliteInUse } from './sqlite-backup';

export interface RestoreReport {
  manifest: Manifest;
  /** The audit chain of the restored database, verified from its first event. */
  verify: VerifyResult;
}

const KIND_NAME: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * `npm run backup` and `npm run restore`: the database (SQLite's online backup, or pg_dump) and
 * the uploaded documents, described by a manifest that lets a restore refuse a backup that is
 * damaged, incomplete, of the other database kind or from a newer Waarborg.
 */
@Injectable()
export class BackupService {
  private readonly config: AppConfig;

  constructor(
    private readonly ds: DataSource,
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<AppConfig>(APP_CONFIG);
  }

  /** Writes a backup into `dir`, a new or empty folder; safe while instances run and write. */
  async backup(dir: string, now: Date = new Date()): Promise<Manifest> {
    const target = resolve(dir);
    if (!relative(this.config.filesDir, target).startsWith('..'))
      throw new BackupError(`${dir} lies inside DATA_DIR/files: put the backup somewhere else.`);
    if (!(await this.hasSchema()))
      throw new BackupError('The database has no tables yet: there is nothing to back up.');
    await prepareEmptyFolder(target, dir);
    try {
      const kind = this.config.database;
      const databaseFile = join(target, DATABASE_FILE[kind]);
      const state =
        kind === 'sqlite'
          ? await backupSqlite(this.config.sqlitePath, databaseFile)
          : await backupPostgres(this.ds, this.config.databaseUrl!, databaseFile);
      const manifest: Manifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: now.toISOString(),
        database: kind,
        waarborgVersion: waarborgVersion(),
        ...state,
        files: [
          {
            path: DATABASE_FILE[kind],
            bytes: (await stat(databaseFile)).size,
            sha256: await sha256File(databaseFile),
          },
          // After the database: see backupFiles.
          ...(await backupFiles(this.config.filesDir, target)),
        ],
      };
      // Last: a folder without a manifest is a backup that did not finish.
      await writeFile(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } catch (err) {
      await emptyFolder(target);
      throw err;
    }
  }

  /**
   * Puts the backup in `dir` back in place of this instance's database and documents, then checks
   * that the database is the one the manifest describes and verifies its audit chain. Refuses while
   * any instance uses the database, and, unless `force`, when there is anything to overwrite.
   */
  async restore(dir: string, options: { force: boolean }): Promise<RestoreReport> {
    const source = resolve(dir);
    const kind = this.config.database;
    const manifest = readManifest(source);
    if (manifest.database !== kind)
      throw new BackupError(
        `${dir} holds a ${KIND_NAME[manifest.database]} backup, but this instance uses ${KIND_NAME[kind]} (${kind === 'postgres' ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'}); restore it into ${KIND_NAME[manifest.database]}.`,
      );
    const known = new Set(this.ds.migrations.map((migration) => migration.name));
    const unknown = manifest.migrations.find((name) => !known.has(name));
    if (unknown)
      throw new BackupError(
        `The backup was made by a newer Waarborg (${manifest.waarborgVersion}): its migration ${unknown} is unknown to this one; restore it with that version or a later one.`,
      );
    await checkFiles(source, manifest);

    // This command's own connection must not count as an instance that uses the database.
    await this.ds.destroy();
    try {
      const databaseFile = join(source, manifest.files[0].path);
      if (kind === 'sqlite') {
        await this.refuseSqliteTarget(options.force);
        await restoreSqlite(databaseFile, this.config.sqlitePath);
      } else {
        await this.refusePostgresTarget(options.force);
        await restorePostgres(this.config.databaseUrl!, databaseFile);
      }
      await restoreFiles(source, manifest.files.slice(1), this.config.filesDir);
    } finally {
      await this.ds.initialize();
    }
    const restored = await databaseState((sql) => this.ds.query(sql));
    const mismatch = stateMismatch(manifest, restored);
    if (mismatch)
      throw new BackupError(`The restored database is not the one in the backup: ${mismatch}.`);
    return { manifest, verify: await verifyAuditChain(this.ds) };
  }

  private async hasSchema(): Promise<boolean> {
    const runner = this.ds.createQueryRunner();
    try {
      return await runner.hasTable('migrations');
    } finally {
      await runner.release();
    }
  }

  private async refuseSqliteTarget(force: boolean): Promise<void> {
    const path = this.config.sqlitePath;
    const exists = existsSync(path);
    if (exists && sqliteInUse(path))
      throw new BackupError(
        `${path} is open in another process, such as a running Waarborg: stop every instance first.`,
      );
    if (!force) await this.refuseOverwrite(exists && sqliteHasData(path) ? path : null);
  }

  private async refusePostgresTarget(force: boolean): Promise<void> {
    const target = await postgresTarget(this.config.databaseUrl!);
    if (target.otherConnections > 0)
      throw new BackupError(
        `${target.otherConnections} other connections use the database of DATABASE_URL, such as a running Waarborg: stop every instance first.`,
      );
    if (!force) await this.refuseOverwrite(target.hasData ? 'the database of DATABASE_URL' : null);
  }

  /** Without --force, a restore only fills an empty instance. */
  private async refuseOverwrite(database: string | null): Promise<void> {
    const what = database ?? ((await hasFiles(this.config.filesDir)) ? this.config.filesDir : null);
    if (what)
      throw new BackupError(
        `${what} already holds data, which a restore would replace: restore into an empty instance, or add --force to replace it.`,
      );
  }
}

/** How the restored database differs from the manifest, or null. */
function stateMismatch(manifest: Manifest, restored: DatabaseState): string | null {
  if (restored.migrations.join(',') !== manifest.migrations.join(','))
    return `its migrations are not those of the backup`;
  const expected = manifest.auditHead;
  const found = restored.auditHead;
  if (expected?.seq !== found?.seq || expected?.hash !== found?.hash)
    return `its newest audit event is ${found ? found.seq : 'none'}, the backup's ${expected ? expected.seq : 'none'}`;
  return null;
}

/** Creates `target` or checks that it is empty, so that a backup never mixes with another. */
async function prepareEmptyFolder(target: string, given: string): Promise<void> {
  if (existsSync(target) && (await readdir(target)).length > 0)
    throw new BackupError(`${given} is not empty: name a new or empty folder for the backup.`);
  await mkdir(target, { recursive: true });
}

/** What a failed backup wrote, so the folder cannot be taken for a backup. */
async function emptyFolder(target: string): Promise<void> {
  for (const entry of await readdir(target))
    await rm(join(target, entry), { recursive: true, force: true });
}

function waarborgVersion(): string {
  return (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
}
