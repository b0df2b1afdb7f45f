import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { id, integer, text, timestamp, varchar, withSqliteRebuild } from '../migration-helpers';

const assessmentKey = () =>
  new TableForeignKey({
    columnNames: ['assessment_id'],
    referencedTableName: 'assessments',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/**
 * Answering the commission: remarks per question on a review, the proposer's answer to each remark
 * in the next revision, and the register fields as each revision was submitted, so that the diff
 * between revisions covers the public texts too. Earlier revisions have no snapshot: their diff
 * says the register fields were not recorded.
 */
export class RemarksAndSnapshots1795366300000 implements MigrationInterface {
  name = 'RemarksAndSnapshots1795366300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, () =>
      queryRunner.addColumn('reviews', new TableColumn(text('question_remarks'))),
    );
    await queryRunner.createTable(
      new Table({
        name: 'remark_answers',
        columns: [
          id(),
          integer('assessment_id'),
          integer('revision'),
          varchar('remark', 160),
          text('answer', false),
          integer('answered_by_id', true),
          timestamp('updated_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_remark_answers_assessment_revision_remark',
            columnNames: ['assessment_id', 'revision', 'remark'],
            isUnique: true,
          }),
        ],
        foreignKeys: [assessmentKey()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'register_snapshots',
        columns: [
          id(),
          integer('assessment_id'),
          integer('revision'),
          text('fields', false),
          timestamp('taken_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_register_snapshots_assessment_revision',
            columnNames: ['assessment_id', 'revision'],
            isUnique: true,
          }),
        ],
        foreignKeys: [assessmentKey()],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('register_snapshots');
    await queryRunner.dropTable('remark_answers');
    await withSqliteRebuild(queryRunner, () =>
      queryRunner.dropColumn('reviews', 'question_remarks'),
    );
  }
}
