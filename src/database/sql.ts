import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

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

/**
 * Inserts one row through its entity's column mapping and returns the generated id. Unlike
 * `EntityManager.insert` it does not read the row back for its defaults (on SQLite a SELECT per
 * row, a third of an import's queries); use it where the caller sets every column it reads.
 */
export async function insertReturningId<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<number> {
  const insert = em.createQueryBuilder().insert().into(entity).values(values).updateEntity(false);
  if (isPostgresDb(em)) {
    const { raw } = await insert.returning('id').execute();
    return Number((raw as { id: unknown }[])[0].id);
  }
  // better-sqlite3 answers an INSERT with the new row's id.
  return Number((await insert.execute()).raw);
}
