import { createRequire } from 'node:module';
import { BackupError } from './backup-error';
import { databaseState } from './database-state';
import type { DatabaseState } from './manifest';

/** The few calls of better-sqlite3 used here; the package ships no types (TypeORM loads it untyped too). */
interface SqliteDatabase {
  pragma(source: string, options?: { simple: boolean }): unknown;
  prepare(source: string): { get(): unknown; all(): unknown[] };
  exec(source: string): void;
  backup(destination: string, options?: { progress(info: unknown): number }): Promise<unknown>;
  close(): void;
}
type SqliteOpen = new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => SqliteDatabase;
const Database = createRequire(__filename)('better-sqlite3') as SqliteOpen;

/** Pages per step after the first: all of them, so that a busy server cannot keep restarting the copy. */
const ALL_PAGES = 2 ** 31 - 1;

/**
 * Copies the live database with SQLite's online backup API: a consistent snapshot while the server
 * goes on writing (in WAL mode the copy's read does not block writers). The copy is then made a
 * single file (rollback journal instead of WAL; Waarborg switches it back to WAL when it opens it)
 * and checked, and its state read from the copy itself, so the manifest describes what was copied.
 */
export async function backupSqlite(source: string, copy: string): Promise<DatabaseState> {
  const live = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await live.backup(copy, { progress: () => ALL_PAGES });
  } finally {
    live.close();
  }
  const copied = new Database(copy, { fileMustExist: true });
  try {
    copied.pragma('journal_mode = DELETE');
    const check = copied.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`The copy of ${source} fails SQLite's check: ${String(check)}.`);
    return await databaseState(async (sql) => copied.prepare(sql).all());
  } finally {
    copied.close();
  }
}

/** Whether the database file holds any table. */
export function sqliteHasData(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined
    );
  } finally {
    db.close();
  }
}

/**
 * Whether another connection has the database open, as a running instance does all the time. An
 * exclusive lock is refused as long as any other connection, in any process, holds the file.
 */
export function sqliteInUse(path: string): boolean {
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Writes the backup's database into `target` through the backup API again, which takes the
 * target's locks and deals with its WAL, rather than replacing the file under SQLite's feet.
 */
export async function restoreSqlite(copy: string, target: string): Promise<void> {
  const source = new Database(copy, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}
