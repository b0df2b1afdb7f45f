import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations that must run unchanged on SQLite and PostgreSQL. Only the
 * timestamp type differs: SQLite keeps UTC text, PostgreSQL a timestamptz.
 */
export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.driver.options.type === 'postgres';
}

export const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const text = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});

export const integer = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  ...(dflt === undefined ? {} : { default: String(dflt) }),
});

export const bool =
  (name: string, dflt: boolean) =>
  (queryRunner: QueryRunner): TableColumnOptions => ({
    name,
    type: 'boolean',
    isNullable: false,
    // SQLite keeps booleans as 0/1; writing the default that way matches what TypeORM expects.
    default: isPostgres(queryRunner) ? String(dflt) : dflt ? '1' : '0',
  });

export const timestamp =
  (name: string, nullable = true, defaultNow = false) =>
  (queryRunner: QueryRunner): TableColumnOptions => ({
    name,
    type: isPostgres(queryRunner) ? 'timestamptz' : 'datetime',
    isNullable: nullable,
    // The defaults TypeORM itself writes for these types, so entity and schema agree.
    ...(defaultNow ? { default: isPostgres(queryRunner) ? 'now()' : "datetime('now')" } : {}),
  });

export { oneOf } from './one-of';

/**
 * Runs schema changes that make SQLite rebuild a table (copy, drop, rename) with foreign keys
 * off, so that dropping the old table cascades to nothing (publications, assessments and the
 * register all point at algorithms). The pragma is ignored inside a transaction, so a running
 * migration transaction is committed first (call this before writing anything), the rebuild runs
 * in a transaction of its own and is checked with foreign_key_check, and a new transaction is
 * opened for TypeORM to finish. On PostgreSQL, or with foreign keys already off, `work` just runs.
 */
export async function withSqliteRebuild(
  queryRunner: QueryRunner,
  work: () => Promise<void>,
): Promise<void> {
  if (isPostgres(queryRunner)) return work();
  const [{ foreign_keys: on }] = (await queryRunner.query('PRAGMA foreign_keys')) as {
    foreign_keys: number;
  }[];
  if (!on) return work();
  const inTransaction = queryRunner.isTransactionActive;
  if (inTransaction) await queryRunner.commitTransaction();
  await queryRunner.query('PRAGMA foreign_keys = OFF');
  try {
    await queryRunner.startTransaction();
    try {
      await work();
      const broken = (await queryRunner.query('PRAGMA foreign_key_check')) as unknown[];
      if (broken.length) throw new Error(`${broken.length} foreign keys broken by the rebuild`);
      await queryRunner.commitTransaction();
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    }
  } finally {
    await queryRunner.query('PRAGMA foreign_keys = ON');
    if (inTransaction) await queryRunner.startTransaction();
  }
}
