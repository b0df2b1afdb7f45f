import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { bool, id, integer, text, timestamp, varchar } from '../migration-helpers';

/**
 * Two things a person should not lose: an organisation's own look (its name, logo and colours,
 * set by its admin), and what someone typed into a form that was posted after their session had
 * expired, kept for them until they log in again.
 */
export class ThemesAndDrafts1795367000000 implements MigrationInterface {
  name = 'ThemesAndDrafts1795367000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'organisation_themes',
        columns: [
          { ...integer('organisation_id'), isPrimary: true },
          varchar('name', 100),
          varchar('primary_colour', 7),
          varchar('primary_text_colour', 7),
          varchar('link_colour', 7),
          text('logo_svg'),
          bool('has_logo', false)(queryRunner),
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
    await queryRunner.createTable(
      new Table({
        name: 'form_drafts',
        columns: [
          id(),
          integer('user_id'),
          varchar('form', 200),
          varchar('action', 500),
          text('params', false),
          text('body', false),
          timestamp('created_at', false, true)(queryRunner),
          timestamp('expires_at', false)(queryRunner),
        ],
        indices: [
          new TableIndex({ name: 'idx_form_drafts_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_form_drafts_expires_at', columnNames: ['expires_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('form_drafts');
    await queryRunner.dropTable('organisation_themes');
  }
}
