import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Raw SQL that runs on both databases (the register's read model, the importer, counters); these
 * smooth over the few differences.
 */
export function isPostgresDb(db: Db): boolean {
  const ds = 'connection' in db ? db.connection : db;
  return ds.options.type === 'postgres';
}

/** Write `?` placeholders; on PostgreSQL they become $1, $2, ... */
export function q<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  let text = sql;
  if (isPostgresDb(db)) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
  }
  return db.query(text, params) as Promise<T[]>;
}

/** A moment as each database stores it: SQLite keeps UTC text in TypeORM's own format. */
export function dbTime(db: Db, date: Date): Date | string {
  return isPostgresDb(db) ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}

export function fromDbTime(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

export function sqlTrue(db: Db): string {
  return isPostgresDb(db) ? 'TRUE' : '1';
}
