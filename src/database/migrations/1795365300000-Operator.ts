import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { bool, withSqliteRebuild } from '../migration-helpers';

/**
 * The instance's operator: a flag on the user rather than a membership without an organisation,
 * so that a role stays a role in one organisation everywhere it is read, and the access guard
 * asks one more question only where a route names OPERATOR.
 */
export class Operator1795365300000 implements MigrationInterface {
  name = 'Operator1795365300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite adds a column by rebuilding users, which memberships, sessions and tokens point at.
    await withSqliteRebuild(queryRunner, () =>
      queryRunner.addColumn('users', new TableColumn(bool('is_operator', false)(queryRunner))),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, () => queryRunner.dropColumn('users', 'is_operator'));
  }
}
