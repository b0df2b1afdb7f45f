import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { isPostgres, varchar, withSqliteRebuild } from '../migration-helpers';

/**
 * algorithms.name takes 100 characters, the national input form's limit, instead of the
 * Publicatiestandaard schema's 99: five titles of the national listing are 100 characters long and
 * an import never cuts a value. The workflow still allows 99 (register-fields.dto.ts), and the
 * exports mark a longer name as invalid_fields. register_entries.name is 200 already.
 *
 * PostgreSQL widens the column in place (TypeORM's changeColumn would drop and re-add it, losing
 * the names). SQLite ignores varchar lengths but the declared type is compared with the entity, so
 * its table is rebuilt, always with foreign keys off so that dropping the old table cascades to
 * nothing.
 */
export class ImportedNameLength1795364700000 implements MigrationInterface {
  name = 'ImportedNameLength1795364700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await setNameLength(queryRunner, 100);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ n }] = (await queryRunner.query(
      'SELECT COUNT(*) AS n FROM algorithms WHERE LENGTH(name) > 99',
    )) as { n: number | string }[];
    if (Number(n) > 0)
      throw new Error(
        `${n} algorithm names are longer than 99 characters; shorten them before reverting, a revert never cuts them`,
      );
    await setNameLength(queryRunner, 99);
  }
}

async function setNameLength(queryRunner: QueryRunner, length: number): Promise<void> {
  if (isPostgres(queryRunner)) {
    await queryRunner.query(`ALTER TABLE "algorithms" ALTER COLUMN "name" TYPE varchar(${length})`);
    return;
  }
  const table = await queryRunner.getTable('algorithms');
  const old = table?.findColumnByName('name');
  if (!table || !old) throw new Error('algorithms.name not found');
  await withSqliteRebuild(queryRunner, async () => {
    await queryRunner.changeColumn(table, old, new TableColumn(varchar('name', length)));
  });
}
