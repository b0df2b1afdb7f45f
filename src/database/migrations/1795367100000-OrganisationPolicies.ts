import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { bool, integer, timestamp } from '../migration-helpers';

/**
 * What an organisation chooses about its own register and process: how soon residents get an
 * answer, whether advice on rejected proposals and reviewers' reasoning are public, and whether
 * impactful algorithms about people need an IAMA. No row means the defaults (policies.ts).
 */
export class OrganisationPolicies1795367100000 implements MigrationInterface {
  name = 'OrganisationPolicies1795367100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_policies',
        columns: [
          { ...integer('organisation_id'), isPrimary: true },
          integer('feedback_answer_days', false, 10),
          bool('publish_rejected_advice', false)(queryRunner),
          bool('publish_reviewer_reasoning', false)(queryRunner),
          bool('iama_for_impactful', true)(queryRunner),
          timestamp('updated_at', false, true)(queryRunner),
        ],
        foreignKeys: [
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
    await queryRunner.dropTable('organisation_policies');
  }
}
