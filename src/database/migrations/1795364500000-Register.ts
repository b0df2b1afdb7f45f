import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { integer, isPostgres, text, timestamp, varchar } from '../migration-helpers';

/**
 * The public register's read model: one row per published entry with the columns the register
 * filters and sorts on, the themes as rows (for the theme facet), a full-text index (FTS5 on
 * SQLite, a Dutch tsvector with a GIN index on PostgreSQL), the change counter that keys the
 * page cache of every instance, and the feedback form's rate-limit counters. Everything here can
 * be rebuilt from algorithm_publications.
 */
export class Register1795364500000 implements MigrationInterface {
  name = 'Register1795364500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'register_state',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          integer('version', false, 0),
          timestamp('changed_at', true)(queryRunner),
        ],
      }),
    );
    await queryRunner.query('INSERT INTO register_state (id, version) VALUES (1, 0)');

    await queryRunner.createTable(
      new Table({
        name: 'register_entries',
        columns: [
          { name: 'algorithm_id', type: 'integer', isPrimary: true },
          integer('publication_id'),
          varchar('public_id', 16),
          varchar('slug', 100),
          integer('organisation_id'),
          varchar('organisation_name', 100),
          varchar('organisation_slug', 100),
          varchar('name', 200),
          varchar('sort_name', 200),
          text('description_short'),
          varchar('status', 20),
          varchar('publication_category', 1, true),
          varchar('risk_class', 20, true),
          varchar('assessment_outcome', 30),
          varchar('origin', 10),
          text('themes', false),
          integer('missing_count', false, 0),
          integer('version_count', false, 1),
          timestamp('first_published_at', false)(queryRunner),
          timestamp('last_changed_at', false)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_register_entries_public_id',
            columnNames: ['public_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_register_entries_org',
            columnNames: ['organisation_id', 'sort_name'],
          }),
          new TableIndex({ name: 'idx_register_entries_sort_name', columnNames: ['sort_name'] }),
          new TableIndex({
            name: 'idx_register_entries_org_name',
            columnNames: ['organisation_name', 'sort_name'],
          }),
          new TableIndex({
            name: 'idx_register_entries_changed',
            columnNames: ['last_changed_at'],
          }),
          new TableIndex({ name: 'idx_register_entries_status', columnNames: ['status'] }),
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

    await queryRunner.createTable(
      new Table({
        name: 'register_entry_themes',
        columns: [
          { name: 'theme', type: 'varchar', length: '100', isPrimary: true },
          { name: 'algorithm_id', type: 'integer', isPrimary: true },
        ],
        indices: [
          new TableIndex({
            name: 'idx_register_entry_themes_algorithm',
            columnNames: ['algorithm_id'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['algorithm_id'],
            referencedTableName: 'register_entries',
            referencedColumnNames: ['algorithm_id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'register_feedback_counters',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          timestamp('window_start', false)(queryRunner),
          integer('count', false, 0),
        ],
      }),
    );

    if (isPostgres(queryRunner)) {
      await queryRunner.query('ALTER TABLE register_entries ADD COLUMN search_vector tsvector');
      await queryRunner.query(
        'CREATE INDEX idx_register_entries_search ON register_entries USING GIN (search_vector)',
      );
    } else {
      // Contentless: the text lives in the publications; the index only needs to find rowids.
      await queryRunner.query(
        "CREATE VIRTUAL TABLE register_search USING fts5(name, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (!isPostgres(queryRunner)) await queryRunner.query('DROP TABLE IF EXISTS register_search');
    await queryRunner.dropTable('register_feedback_counters');
    await queryRunner.dropTable('register_entry_themes');
    await queryRunner.dropTable('register_entries');
    await queryRunner.dropTable('register_state');
  }
}
