import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { id, integer, text, timestamp, varchar } from '../migration-helpers';

/**
 * The commission's advice on proposals it did not approve (rejected, or withdrawn after advice),
 * published when the organisation chooses to (`publishRejectedAdvice`). A table of its own, apart
 * from the register's entries, so that such a proposal is never found, counted or downloaded as
 * an application in use.
 */
export class PublishedAdvice1795367300000 implements MigrationInterface {
  name = 'PublishedAdvice1795367300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'register_advice',
        columns: [
          id(),
          integer('assessment_id'),
          integer('organisation_id'),
          varchar('public_id', 16),
          varchar('name', 100),
          text('description_short'),
          varchar('outcome', 10),
          text('summary', false),
          timestamp('decided_at', false)(queryRunner),
        ],
        uniques: [{ name: 'uq_register_advice_assessment', columnNames: ['assessment_id'] }],
        indices: [{ name: 'idx_register_advice_org', columnNames: ['organisation_id'] }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['assessment_id'],
            referencedTableName: 'assessments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('register_advice');
  }
}
