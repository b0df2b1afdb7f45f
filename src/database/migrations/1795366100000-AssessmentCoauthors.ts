import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { id, integer, timestamp } from '../migration-helpers';

/** Co-authors of an assessment: parties to it, who may not review, decide or publish it. */
export class AssessmentCoauthors1795366100000 implements MigrationInterface {
  name = 'AssessmentCoauthors1795366100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'assessment_coauthors',
        columns: [
          id(),
          integer('assessment_id'),
          integer('user_id'),
          integer('added_by_id', true),
          timestamp('added_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_assessment_coauthors_assessment_user',
            columnNames: ['assessment_id', 'user_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_assessment_coauthors_user', columnNames: ['user_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['assessment_id'],
            referencedTableName: 'assessments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('assessment_coauthors');
  }
}
