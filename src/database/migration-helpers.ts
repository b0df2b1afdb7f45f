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
