import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { id, integer, timestamp, varchar } from '../migration-helpers';

/** The proposer's path through the AI Act decision tree, one row per answer. */
export class AiActAnswers1795368100000 implements MigrationInterface {
  name = 'AiActAnswers1795368100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ai_act_answers',
        columns: [
          id(),
          integer('assessment_id'),
          integer('step'),
          varchar('question_id', 40),
          integer('answer'),
          integer('answered_by_id', true),
          timestamp('answered_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_ai_act_answers_assessment_step',
            columnNames: ['assessment_id', 'step'],
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
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ai_act_answers');
  }
}
