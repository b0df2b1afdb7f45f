import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { bool, id, integer, oneOf, text, timestamp, varchar } from '../migration-helpers';

/** Published versions of register entries (the public record and the assessment summary). */
export class Publications1795364400000 implements MigrationInterface {
  name = 'Publications1795364400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'algorithm_publications',
        columns: [
          id(),
          integer('algorithm_id'),
          integer('organisation_id'),
          integer('number'),
          timestamp('published_at', false)(queryRunner),
          varchar('origin', 10),
          integer('assessment_id', true),
          integer('revision', true),
          text('record', false),
          text('summary'),
          bool('current', true)(queryRunner),
        ],
        checks: [{ expression: oneOf('origin', ['workflow', 'import']) }],
        indices: [
          new TableIndex({
            name: 'uq_algorithm_publications_number',
            columnNames: ['algorithm_id', 'number'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_algorithm_publications_current',
            columnNames: ['current', 'organisation_id'],
          }),
          new TableIndex({
            name: 'idx_algorithm_publications_published_at',
            columnNames: ['published_at'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['algorithm_id'],
            referencedTableName: 'algorithms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('algorithm_publications');
  }
}
