import { MigrationInterface, QueryRunner, TableCheck, TableColumn, TableIndex } from 'typeorm';
import { isPostgres, oneOf, varchar, withSqliteRebuild } from '../migration-helpers';

// Value lists as they were when the columns were made (migration 1795364228690).
const COLUMNS = [
  {
    name: 'risk_class',
    length: 20,
    index: 'idx_algorithms_risk_class',
    values: ['prohibited', 'high', 'limited', 'minimal'],
  },
  {
    name: 'assessment_outcome',
    length: 30,
    index: 'idx_algorithms_assessment_outcome',
    values: ['approved', 'approved_with_conditions', 'rejected'],
  },
];

/**
 * algorithms.risk_class and assessment_outcome were copies of the current publication's summary,
 * written on every publication and read nowhere: the register filters on its own read model, the
 * workflow reads the assessment. Two copies of a derived value can only disagree, so they go.
 * down() brings the columns back empty; nothing reads them.
 */
export class DropDerivedAlgorithmColumns1795364800000 implements MigrationInterface {
  name = 'DropDerivedAlgorithmColumns1795364800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      // Dropping a column drops its index and the CHECK on it.
      await queryRunner.query(
        'ALTER TABLE "algorithms" DROP COLUMN "risk_class", DROP COLUMN "assessment_outcome"',
      );
      return;
    }
    await withSqliteRebuild(queryRunner, async () => {
      for (const c of COLUMNS) await queryRunner.query(`DROP INDEX IF EXISTS "${c.index}"`);
      const table = await queryRunner.getTable('algorithms');
      const checks = (table?.checks ?? []).filter((check) =>
        COLUMNS.some((c) => check.expression?.includes(`"${c.name}"`)),
      );
      if (checks.length) await queryRunner.dropCheckConstraints('algorithms', checks);
      await queryRunner.dropColumns(
        'algorithms',
        COLUMNS.map((c) => c.name),
      );
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns(
        'algorithms',
        COLUMNS.map((c) => new TableColumn(varchar(c.name, c.length, true))),
      );
      await queryRunner.createCheckConstraints(
        'algorithms',
        COLUMNS.map((c) => new TableCheck({ expression: oneOf(c.name, c.values) })),
      );
      for (const c of COLUMNS)
        await queryRunner.createIndex(
          'algorithms',
          new TableIndex({ name: c.index, columnNames: [c.name] }),
        );
    });
  }
}
