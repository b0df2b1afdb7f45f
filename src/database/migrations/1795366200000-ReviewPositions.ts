import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { q } from '../sql';
import { text, varchar, withSqliteRebuild } from '../migration-helpers';

interface ConditionRow {
  id: number;
  review_id: number;
  description: string;
  owner: string;
  due_date: string;
}

/**
 * Reviews become positions on which the secretary decides: the secretary's review deadline and
 * answer to dissent on the assessment; on the review, the conditions a reviewer proposes and why
 * a reviewer was added late. Conditions become the approval's only when a decision adopts them,
 * so the conditions reviewers set on a revision still in review move onto their reviews as
 * proposals; every other condition was part of a decision already and stays. down() moves the
 * proposals back.
 */
export class ReviewPositions1795366200000 implements MigrationInterface {
  name = 'ReviewPositions1795366200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns('assessments', [
        new TableColumn(text('dissent_reasoning')),
        new TableColumn(varchar('review_deadline', 10, true)),
      ]);
      await queryRunner.addColumns('reviews', [
        new TableColumn(text('proposed_conditions')),
        new TableColumn(text('assignment_reason')),
      ]);
    });
    const db = queryRunner.manager;
    const pending = await q<ConditionRow>(
      db,
      `SELECT c.id, c.review_id, c.description, c.owner, c.due_date FROM conditions c
         JOIN reviews r ON r.id = c.review_id
         JOIN assessments a ON a.id = r.assessment_id
        WHERE a.state = 'in_review' AND r.revision = a.revision
        ORDER BY c.id`,
    );
    const byReview = new Map<number, ConditionRow[]>();
    for (const row of pending)
      byReview.set(row.review_id, [...(byReview.get(row.review_id) ?? []), row]);
    for (const [reviewId, rows] of byReview) {
      const proposals = rows.map((c) => ({
        description: c.description,
        owner: c.owner,
        dueDate: c.due_date,
      }));
      await q(db, 'UPDATE reviews SET proposed_conditions = ? WHERE id = ?', [
        JSON.stringify(proposals),
        reviewId,
      ]);
      await q(db, `DELETE FROM conditions WHERE id IN (${rows.map(() => '?').join(', ')})`, [
        ...rows.map((c) => c.id),
      ]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const db = queryRunner.manager;
    const proposed = await q<{ id: number; assessment_id: number; proposed_conditions: string }>(
      db,
      'SELECT id, assessment_id, proposed_conditions FROM reviews WHERE proposed_conditions IS NOT NULL',
    );
    for (const review of proposed) {
      const conditions = JSON.parse(review.proposed_conditions) as {
        description: string;
        owner: string;
        dueDate: string;
      }[];
      for (const c of conditions)
        await q(
          db,
          // After ConditionVerification, a condition starts at version 1 (its state defaults to open).
          'INSERT INTO conditions (assessment_id, review_id, description, owner, due_date, version) VALUES (?, ?, ?, ?, ?, 1)',
          [review.assessment_id, review.id, c.description, c.owner, c.dueDate],
        );
    }
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.dropColumns('reviews', ['assignment_reason', 'proposed_conditions']);
      await queryRunner.dropColumns('assessments', ['review_deadline', 'dissent_reasoning']);
    });
  }
}
