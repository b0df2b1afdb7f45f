import { MigrationInterface, QueryRunner, TableCheck } from 'typeorm';
import { oneOf, withSqliteRebuild } from '../migration-helpers';

// The lists as this migration wrote them; the entities may grow theirs in later migrations.
const BEFORE = ['prohibited', 'high', 'limited', 'minimal'];
const AFTER = ['prohibited', 'high', 'impactful', 'limited', 'minimal'];

/**
 * The risk class "impactful": an algorithm with significant consequences for people (the national
 * register's category B), AI or not, which the law sets at the least for a decision or risk score
 * about residents (src/law/impact-class.ts). down() clears the class of assessments that have it:
 * the version before knows no such class and derives one again at the assessment's next step,
 * as it does for one not yet submitted. Published summaries keep theirs, as frozen text.
 */
export class ImpactfulRiskClass1795367200000 implements MigrationInterface {
  name = 'ImpactfulRiskClass1795367200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await replaceRiskCheck(queryRunner, AFTER);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await replaceRiskCheck(queryRunner, BEFORE, async () => {
      await queryRunner.query(
        `UPDATE assessments SET risk_class = NULL WHERE risk_class = 'impactful'`,
      );
    });
  }
}

async function replaceRiskCheck(
  queryRunner: QueryRunner,
  values: string[],
  before?: () => Promise<void>,
): Promise<void> {
  await withSqliteRebuild(queryRunner, async () => {
    await before?.();
    const table = await queryRunner.getTable('assessments');
    // PostgreSQL gives the expression back in its own words (`(risk_class)::text = ANY (...)`),
    // SQLite as written: the column's name is what both keep.
    const check = table?.checks.find((c) => /\brisk_class\b/.test(c.expression ?? ''));
    if (check) await queryRunner.dropCheckConstraint('assessments', check);
    await queryRunner.createCheckConstraint(
      'assessments',
      new TableCheck({ expression: oneOf('risk_class', values) }),
    );
  });
}
