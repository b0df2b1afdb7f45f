import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { id, integer, text, timestamp, varchar } from '../migration-helpers';

const cascadeTo = (column: string, table: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/**
 * Sign-in with the organisation's own identity provider: one provider per organisation, and the
 * people it signed in, bound to their Waarborg account by issuer and subject.
 */
export class SingleSignOn1795366000000 implements MigrationInterface {
  name = 'SingleSignOn1795366000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'identity_providers',
        columns: [
          id(),
          integer('organisation_id'),
          varchar('issuer', 500),
          varchar('client_id', 200),
          varchar('client_secret', 500),
          varchar('scopes', 200),
          varchar('email_claim', 100),
          varchar('role_claim', 100, true),
          text('role_map', false),
          timestamp('updated_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_identity_providers_organisation',
            columnNames: ['organisation_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [cascadeTo('organisation_id', 'organisations')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'external_identities',
        columns: [
          id(),
          integer('user_id'),
          varchar('issuer', 500),
          varchar('subject', 255),
          timestamp('created_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_external_identities_subject',
            columnNames: ['issuer', 'subject'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_external_identities_user', columnNames: ['user_id'] }),
        ],
        foreignKeys: [cascadeTo('user_id', 'users')],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('external_identities');
    await queryRunner.dropTable('identity_providers');
  }
}
