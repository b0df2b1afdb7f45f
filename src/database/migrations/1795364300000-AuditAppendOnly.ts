import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { integer, isPostgres } from '../migration-helpers';

const TABLE = 'audit_events';
const ORGANISATION_INDEX = 'idx_audit_events_organisation';
const MESSAGE = 'audit_events is append-only';

// SQLite has no trigger functions, so each refused statement gets a trigger of its own.
const SQLITE_TRIGGERS = { audit_events_no_update: 'UPDATE', audit_events_no_delete: 'DELETE' };
const PG_FUNCTION = 'audit_events_append_only';
const PG_ROW_TRIGGER = 'audit_events_no_update_delete';
const PG_TRUNCATE_TRIGGER = 'audit_events_no_truncate';

/**
 * Lets an organisation's admins find its events, and has the database itself refuse to change or
 * remove an event: the hash chain shows tampering afterwards, the triggers stop the everyday kind
 * (a mistaken UPDATE in a console, a clean-up script) before it happens.
 */
export class AuditAppendOnly1795364300000 implements MigrationInterface {
  name = 'AuditAppendOnly1795364300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // First, because on SQLite adding a column rebuilds the table, which would drop triggers.
    await queryRunner.addColumn(TABLE, new TableColumn(integer('organisation_id', true)));
    await queryRunner.createIndex(
      TABLE,
      new TableIndex({ name: ORGANISATION_INDEX, columnNames: ['organisation_id'] }),
    );
    if (isPostgres(queryRunner)) await createPostgresTriggers(queryRunner);
    else await createSqliteTriggers(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Triggers first: on SQLite dropColumn copies the rows into a new table and drops the old one.
    if (isPostgres(queryRunner)) await dropPostgresTriggers(queryRunner);
    else await dropSqliteTriggers(queryRunner);
    await queryRunner.dropIndex(TABLE, ORGANISATION_INDEX);
    await queryRunner.dropColumn(TABLE, 'organisation_id');
  }
}

async function createSqliteTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const [name, statement] of Object.entries(SQLITE_TRIGGERS)) {
    await queryRunner.query(
      `CREATE TRIGGER "${name}" BEFORE ${statement} ON "${TABLE}" ` +
        `BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END;`,
    );
  }
}

async function dropSqliteTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const name of Object.keys(SQLITE_TRIGGERS))
    await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
}

async function createPostgresTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE FUNCTION "${PG_FUNCTION}"() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
      `BEGIN RAISE EXCEPTION '${MESSAGE}'; END; $$`,
  );
  await queryRunner.query(
    `CREATE TRIGGER "${PG_ROW_TRIGGER}" BEFORE UPDATE OR DELETE ON "${TABLE}" ` +
      `FOR EACH ROW EXECUTE FUNCTION "${PG_FUNCTION}"()`,
  );
  // Row triggers do not fire for TRUNCATE, which would otherwise empty the table in one go.
  await queryRunner.query(
    `CREATE TRIGGER "${PG_TRUNCATE_TRIGGER}" BEFORE TRUNCATE ON "${TABLE}" ` +
      `FOR EACH STATEMENT EXECUTE FUNCTION "${PG_FUNCTION}"()`,
  );
}

async function dropPostgresTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TRIGGER IF EXISTS "${PG_TRUNCATE_TRIGGER}" ON "${TABLE}"`);
  await queryRunner.query(`DROP TRIGGER IF EXISTS "${PG_ROW_TRIGGER}" ON "${TABLE}"`);
  await queryRunner.query(`DROP FUNCTION IF EXISTS "${PG_FUNCTION}"()`);
}
