import { MigrationInterface, QueryRunner, TableCheck, TableColumn, TableIndex } from 'typeorm';
import { q, sqlTrue } from '../sql';
import { oneOf, varchar, withSqliteRebuild } from '../migration-helpers';

// The lists as this migration wrote them; the entities may grow theirs in later migrations.
const LIFECYCLES = ['published', 'reassessment_due', 'retired'];
const STATES_BEFORE = [
  'concept',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'approved_with_conditions',
  'rejected',
  'published',
  'reassessment_due',
  'withdrawn',
  'retired',
];
const STATES_AFTER = STATES_BEFORE.filter((s) => s !== 'reassessment_due');

/**
 * The public entry's life (published, re-assessment due, retired) moves from the assessment's
 * state onto its current publication, so that it no longer depends on the revision being worked
 * on. Each publication gets the re-assessment date of the summary it published. An assessment
 * that was "re-assessment due" is a published revision again, its entry marked due; a retired
 * one's entry is marked retired. down() gives the mark back to the assessment where its
 * revision is the published one; an entry marked due while a newer revision was open loses it.
 */
export class PublicEntryLife1795366400000 implements MigrationInterface {
  name = 'PublicEntryLife1795366400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns('algorithm_publications', [
        new TableColumn({ ...varchar('lifecycle', 20), default: "'published'" }),
        new TableColumn(varchar('reassessment_due', 10, true)),
      ]);
      await queryRunner.createCheckConstraint(
        'algorithm_publications',
        new TableCheck({ expression: oneOf('lifecycle', LIFECYCLES) }),
      );
      await queryRunner.createIndex(
        'algorithm_publications',
        new TableIndex({
          name: 'idx_algorithm_publications_lifecycle',
          columnNames: ['lifecycle'],
        }),
      );
      const db = queryRunner.manager;
      const summaries = await q<{ id: number; summary: string }>(
        db,
        'SELECT id, summary FROM algorithm_publications WHERE summary IS NOT NULL',
      );
      for (const row of summaries) {
        const due = (JSON.parse(row.summary) as { reassessmentDue?: string | null })
          .reassessmentDue;
        if (due)
          await q(db, 'UPDATE algorithm_publications SET reassessment_due = ? WHERE id = ?', [
            due,
            row.id,
          ]);
      }
      for (const lifecycle of ['reassessment_due', 'retired'])
        await q(
          db,
          `UPDATE algorithm_publications SET lifecycle = ?
            WHERE current = ${sqlTrue(db)}
              AND algorithm_id IN (SELECT algorithm_id FROM assessments WHERE state = ?)`,
          [lifecycle, lifecycle],
        );
      await replaceStateCheck(queryRunner, STATES_AFTER, async () => {
        await q(db, "UPDATE assessments SET state = 'published' WHERE state = 'reassessment_due'");
      });
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      const db = queryRunner.manager;
      await replaceStateCheck(queryRunner, STATES_BEFORE, async () => {
        await q(
          db,
          `UPDATE assessments SET state = 'reassessment_due'
            WHERE state = 'published'
              AND algorithm_id IN (SELECT algorithm_id FROM algorithm_publications
                                    WHERE current = ${sqlTrue(db)} AND lifecycle = 'reassessment_due')`,
        );
      });
      const table = await queryRunner.getTable('algorithm_publications');
      // PostgreSQL gives the expression back in its own words: look for the column's name.
      const check = table?.checks.find((c) => /\blifecycle\b/.test(c.expression ?? ''));
      if (check) await queryRunner.dropCheckConstraint('algorithm_publications', check);
      await queryRunner.dropIndex('algorithm_publications', 'idx_algorithm_publications_lifecycle');
      await queryRunner.dropColumns('algorithm_publications', ['lifecycle', 'reassessment_due']);
    });
  }
}

/** Swaps the check on the assessments' state for one over `states`, moving the rows in between. */
async function replaceStateCheck(
  queryRunner: QueryRunner,
  states: string[],
  move: () => Promise<void>,
): Promise<void> {
  const table = await queryRunner.getTable('assessments');
  // PostgreSQL gives the expression back in its own words (`(state)::text = ANY (...)`).
  const check = table?.checks.find(
    (c) => /\bstate\b/.test(c.expression ?? '') && (c.expression ?? '').includes("'concept'"),
  );
  if (!check) throw new Error('The check on assessments.state was not found');
  await queryRunner.dropCheckConstraint('assessments', check);
  await move();
  await queryRunner.createCheckConstraint(
    'assessments',
    new TableCheck({ expression: oneOf('state', states) }),
  );
}
