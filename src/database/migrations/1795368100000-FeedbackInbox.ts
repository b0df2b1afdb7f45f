import {
  MigrationInterface,
  QueryRunner,
  TableCheck,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import {
  bool,
  integer,
  oneOf,
  text,
  timestamp,
  varchar,
  withSqliteRebuild,
} from '../migration-helpers';

// The list as this migration wrote it; the entity may grow its own in later migrations.
const STATES = ['new', 'in_progress', 'answered'];

/**
 * Feedback gets an inbox: a state (new, in progress, answered), the answer with who gave it and
 * when, whether it went to the resident by e-mail (in the language of the page they wrote from),
 * the resident's consent to publish the question and answer, and when they were published. Until now nothing in the app wrote `handled_at`, so a
 * row that has one was marked by hand outside Waarborg: it becomes "in progress", not "answered",
 * since no answer was recorded and calling it answered would tell the organisation (and the
 * resident, on the public entry) something nobody can show. Every other row is "new". down()
 * keeps the messages and `handled_at`; the answers, consents and states go.
 */
export class FeedbackInbox1795368100000 implements MigrationInterface {
  name = 'FeedbackInbox1795368100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns('feedback', [
        new TableColumn(bool('publish_consent', false)(queryRunner)),
        new TableColumn({ ...varchar('language', 2), default: "'nl'" }),
        new TableColumn({ ...varchar('state', 12), default: "'new'" }),
        new TableColumn(text('answer')),
        new TableColumn(timestamp('answered_at')(queryRunner)),
        new TableColumn(integer('answered_by_id', true)),
        new TableColumn(bool('answer_emailed', false)(queryRunner)),
        new TableColumn(timestamp('published_at')(queryRunner)),
      ]);
      await queryRunner.createForeignKey(
        'feedback',
        new TableForeignKey({
          columnNames: ['answered_by_id'],
          referencedTableName: 'users',
          referencedColumnNames: ['id'],
          onDelete: 'SET NULL',
        }),
      );
      await queryRunner.createCheckConstraint(
        'feedback',
        new TableCheck({ expression: oneOf('state', STATES) }),
      );
      await queryRunner.createIndex(
        'feedback',
        new TableIndex({
          name: 'idx_feedback_organisation_state',
          columnNames: ['organisation_id', 'state'],
        }),
      );
      await queryRunner.query(
        "UPDATE feedback SET state = 'in_progress' WHERE handled_at IS NOT NULL",
      );
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      const table = await queryRunner.getTable('feedback');
      // PostgreSQL gives the expression back in its own words: look for the column's name.
      const check = table?.checks.find((c) => /\bstate\b/.test(c.expression ?? ''));
      if (check) await queryRunner.dropCheckConstraint('feedback', check);
      const key = table?.foreignKeys.find((fk) => fk.columnNames.includes('answered_by_id'));
      if (key) await queryRunner.dropForeignKey('feedback', key);
      await queryRunner.dropIndex('feedback', 'idx_feedback_organisation_state');
      await queryRunner.dropColumns('feedback', [
        'publish_consent',
        'language',
        'state',
        'answer',
        'answered_at',
        'answered_by_id',
        'answer_emailed',
        'published_at',
      ]);
    });
  }
}
