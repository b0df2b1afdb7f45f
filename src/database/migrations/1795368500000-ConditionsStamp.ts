import { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from '../migration-helpers';

const COLUMN = 'conditions_version';
const BUMP = `UPDATE register_state SET ${COLUMN} = ${COLUMN} + 1 WHERE id = 1`;
// SQLite has no trigger functions or statement triggers: one row trigger per kind of change.
const SQLITE_TRIGGERS = {
  conditions_changed_insert: 'INSERT',
  conditions_changed_update: 'UPDATE',
  conditions_changed_delete: 'DELETE',
};
const PG_FUNCTION = 'conditions_changed';
const PG_TRIGGER = 'conditions_changed';

/**
 * A counter of changes to conditions, kept by the database itself, for the register's stamp
 * (register-cache.ts). The stamp read the count and the sum of the conditions' versions on every
 * register request: a pass over the whole table, about 1.3 ms on SQLite and 3 ms on PostgreSQL a
 * request with 30,000 conditions. The triggers bump the counter in the transaction that changes a
 * condition, however it is changed (the app, a cascade from a deleted assessment, a console), so
 * the stamp moves exactly when the change is committed.
 *
 * On SQLite a migration that rebuilds `conditions` (TypeORM's addColumn, dropColumn) drops these
 * triggers; the register's e2e tests change conditions with plain SQL and would fail.
 */
export class ConditionsStamp1795368500000 implements MigrationInterface {
  name = 'ConditionsStamp1795368500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: SQLite adds the column in place, without rebuilding the table.
    await queryRunner.query(
      `ALTER TABLE register_state ADD COLUMN ${COLUMN} integer NOT NULL DEFAULT 0`,
    );
    if (isPostgres(queryRunner)) {
      await queryRunner.query(
        `CREATE FUNCTION "${PG_FUNCTION}"() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN ${BUMP}; RETURN NULL; END; $$`,
      );
      // Once per statement, TRUNCATE too; ALWAYS: also in a session that skips the foreign keys
      // with session_replication_role = replica.
      await queryRunner.query(
        `CREATE TRIGGER "${PG_TRIGGER}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ` +
          `ON conditions FOR EACH STATEMENT EXECUTE FUNCTION "${PG_FUNCTION}"()`,
      );
      await queryRunner.query(`ALTER TABLE conditions ENABLE ALWAYS TRIGGER "${PG_TRIGGER}"`);
    } else {
      for (const [name, statement] of Object.entries(SQLITE_TRIGGERS))
        await queryRunner.query(
          `CREATE TRIGGER "${name}" AFTER ${statement} ON conditions BEGIN ${BUMP}; END;`,
        );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${PG_TRIGGER}" ON conditions`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS "${PG_FUNCTION}"()`);
    } else {
      for (const name of Object.keys(SQLITE_TRIGGERS))
        await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    }
    await queryRunner.query(`ALTER TABLE register_state DROP COLUMN ${COLUMN}`);
  }
}
