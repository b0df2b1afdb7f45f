import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { id, integer, text, timestamp } from '../migration-helpers';

const template = (column: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: 'checklist_templates',
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
  });

/**
 * A re-assessment starts under its organisation's current template version: which version it came
 * from and which questions it left open (new or changed) are kept per revision, for the section
 * pages to point them out.
 */
export class RevisionCarryOvers1795365320000 implements MigrationInterface {
  name = 'RevisionCarryOvers1795365320000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'revision_carry_overs',
        columns: [
          id(),
          integer('assessment_id'),
          integer('revision'),
          integer('from_template_id'),
          integer('to_template_id'),
          text('open_question_ids', false),
          timestamp('created_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_revision_carry_overs_assessment_revision',
            columnNames: ['assessment_id', 'revision'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['assessment_id'],
            referencedTableName: 'assessments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          template('from_template_id'),
          template('to_template_id'),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('revision_carry_overs');
  }
}
