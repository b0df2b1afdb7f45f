import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { isPostgresDb } from './sql';

/** A row's properties: every one named, a nullable one may be null or left undefined. */
export type InsertRow<T> = { [K in keyof T]?: T[K] | null };

interface Statement {
  sql: string;
  columns: ColumnMetadata[];
  postgres: boolean;
}

/**
 * Inserts rows of one entity with a fixed set of its properties, returning each new row's id. The
 * SQL is built once per database from TypeORM's column metadata, and each value is converted by
 * the driver as TypeORM converts it (JSON, dates, booleans, transformers).
 *
 * For rows written one by one in a hot path (publishing, the audit trail, an import of thousands):
 * TypeORM's query builder spends longer building one row's SQL than the database spends storing
 * it; on SQLite it writes numbers into the text, so that each row's statement is parsed anew; and
 * after an insert it reads the row back for its defaults. Properties left out of the list get the
 * column's default in the database; a version column starts at 1, as TypeORM starts it.
 */
export class RowInserter<T extends ObjectLiteral> {
  private readonly built = new WeakMap<DataSource, Statement>();

  constructor(
    private readonly entity: EntityTarget<T>,
    private readonly properties: readonly (keyof T & string)[],
  ) {}

  async insert(em: EntityManager, row: InsertRow<T>): Promise<number> {
    const { sql, columns, postgres } = this.statement(em);
    const driver = em.connection.driver;
    const params = columns.map((column) => {
      if (column.isVersion) return 1;
      const value: unknown = column.getEntityValue(row);
      if (value === undefined || value === null) {
        if (!column.isNullable) throw new Error(`${sql}: ${column.propertyPath} must be set`);
        return null;
      }
      return driver.preparePersistentValue(value, column) as unknown;
    });
    const result: unknown = await em.query(sql, params);
    // PostgreSQL answers with the RETURNING row; better-sqlite3 with the new row's id.
    return Number(postgres ? (result as { id: unknown }[])[0].id : result);
  }

  private statement(em: EntityManager): Statement {
    let statement = this.built.get(em.connection);
    if (statement) return statement;
    const metadata = em.connection.getMetadata(this.entity);
    const version = metadata.versionColumn ? [metadata.versionColumn.propertyPath] : [];
    const columns = [...this.properties, ...version].map((property) => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      return column;
    });
    const postgres = isPostgresDb(em);
    const names = columns.map((c) => em.connection.driver.escape(c.databaseName)).join(', ');
    const marks = columns.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
    const primary = em.connection.driver.escape(metadata.primaryColumns[0].databaseName);
    statement = {
      sql: `INSERT INTO ${em.connection.driver.escape(metadata.tableName)} (${names}) VALUES (${marks})${
        postgres ? ` RETURNING ${primary} AS id` : ''
      }`,
      columns,
      postgres,
    };
    this.built.set(em.connection, statement);
    return statement;
  }
}
