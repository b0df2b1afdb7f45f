import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { bool, integer, isPostgres, timestamp, withSqliteRebuild } from '../migration-helpers';

const OWNER = new TableForeignKey({
  columnNames: ['organisation_id'],
  referencedTableName: 'organisations',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
});

const SHARED_UNIQUE = new TableIndex({
  name: 'uq_checklist_templates_shared_key_version',
  columnNames: ['key', 'version'],
  isUnique: true,
  where: 'organisation_id IS NULL',
});

const OWNED_UNIQUE = new TableIndex({
  name: 'uq_checklist_templates_owned_key_version',
  columnNames: ['organisation_id', 'key', 'version'],
  isUnique: true,
});

const GLOBAL_UNIQUE = new TableIndex({
  name: 'uq_checklist_templates_key_version',
  columnNames: ['key', 'version'],
  isUnique: true,
});

/**
 * Checklist templates per organisation. A version is shared (no organisation: offered by the
 * operator) or an organisation's own, and each organisation adopts one current version in
 * `checklist_adoptions`, instead of one active version for the whole instance. What was installed
 * carries over: every existing version becomes shared, and every existing organisation adopts the
 * version new assessments used until now (the newest installed active one), so nothing changes
 * for anyone until an admin adopts another.
 */
export class TemplatesPerOrganisation1795365310000 implements MigrationInterface {
  name = 'TemplatesPerOrganisation1795365310000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [active] = (await queryRunner.query(
      `SELECT id FROM checklist_templates WHERE active = ${isPostgres(queryRunner) ? 'TRUE' : '1'}
       ORDER BY installed_at DESC, id DESC`,
    )) as { id: number }[];
    // SQLite adds and drops columns by rebuilding checklist_templates, which assessments point at.
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumn(
        'checklist_templates',
        new TableColumn(integer('organisation_id', true)),
      );
      await queryRunner.createForeignKey('checklist_templates', OWNER);
      await queryRunner.dropIndex('checklist_templates', GLOBAL_UNIQUE);
      await queryRunner.dropColumn('checklist_templates', 'active');
      await queryRunner.createIndex('checklist_templates', SHARED_UNIQUE);
      await queryRunner.createIndex('checklist_templates', OWNED_UNIQUE);
    });
    await queryRunner.createTable(
      new Table({
        name: 'checklist_adoptions',
        columns: [
          { ...integer('organisation_id'), isPrimary: true },
          integer('template_id'),
          timestamp('adopted_at', false)(queryRunner),
          integer('adopted_by_id', true),
        ],
        indices: [
          new TableIndex({
            name: 'idx_checklist_adoptions_template',
            columnNames: ['template_id'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['template_id'],
            referencedTableName: 'checklist_templates',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
          new TableForeignKey({
            columnNames: ['adopted_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    if (active) {
      await queryRunner.query(
        `INSERT INTO checklist_adoptions (organisation_id, template_id, adopted_at)
         SELECT id, ${Number(active.id)}, CURRENT_TIMESTAMP FROM organisations`,
      );
    }
  }

  /**
   * Back to one active version per framework, the newest, as installing used to leave it. An
   * organisation's own version that shares its key and version with another cannot be told apart
   * without an organisation, so the revert refuses while there is one, rather than drop it.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ n }] = (await queryRunner.query(
      `SELECT COUNT(*) AS n FROM checklist_templates t
       WHERE t.organisation_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM checklist_templates u
         WHERE u.key = t.key AND u.version = t.version AND u.id <> t.id)`,
    )) as { n: number | string }[];
    if (Number(n) > 0)
      throw new Error(
        `${n} organisations' own checklist template versions share a key and version with another version; give them a key of their own before reverting, a revert never merges them`,
      );
    await queryRunner.dropTable('checklist_adoptions');
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.dropIndex('checklist_templates', OWNED_UNIQUE);
      await queryRunner.dropIndex('checklist_templates', SHARED_UNIQUE);
      await queryRunner.addColumn(
        'checklist_templates',
        new TableColumn(bool('active', false)(queryRunner)),
      );
      await queryRunner.query(
        `UPDATE checklist_templates SET active = ${isPostgres(queryRunner) ? 'TRUE' : '1'}
         WHERE version = (SELECT MAX(u.version) FROM checklist_templates u
                          WHERE u.key = checklist_templates.key)`,
      );
      const table = await queryRunner.getTable('checklist_templates');
      const owner = table?.foreignKeys.find((fk) => fk.columnNames.includes('organisation_id'));
      if (owner) await queryRunner.dropForeignKey('checklist_templates', owner);
      await queryRunner.dropColumn('checklist_templates', 'organisation_id');
      await queryRunner.createIndex('checklist_templates', GLOBAL_UNIQUE);
    });
  }
}
