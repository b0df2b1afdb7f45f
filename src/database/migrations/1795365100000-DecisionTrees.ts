import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import {
  bool,
  id,
  integer,
  text,
  timestamp,
  varchar,
  withSqliteRebuild,
} from '../migration-helpers';

const PIN = new TableForeignKey({
  columnNames: ['decision_tree_id'],
  referencedTableName: 'decision_trees',
  referencedColumnNames: ['id'],
  // A tree version that an assessment was answered under stays as long as the assessment.
  onDelete: 'RESTRICT',
});

/**
 * Installed versions of decision trees (the Beslishulp AI-verordening and Waarborg's own), and
 * the column that pins an assessment to the tree version its AI Act questions were answered
 * under, empty until the classification step fills it.
 */
export class DecisionTrees1795365100000 implements MigrationInterface {
  name = 'DecisionTrees1795365100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'decision_trees',
        columns: [
          id(),
          varchar('key', 60),
          varchar('version', 20),
          varchar('name', 200),
          text('content', false),
          varchar('checksum', 64),
          bool('active', false)(queryRunner),
          varchar('source_file', 200, true),
          timestamp('installed_at', false, true)(queryRunner),
          integer('installed_by_id', true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_decision_trees_key_version',
            columnNames: ['key', 'version'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['installed_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    // SQLite adds a column with a foreign key by rebuilding assessments, which answers, reviews
    // and conditions point at.
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumn(
        'assessments',
        new TableColumn(integer('decision_tree_id', true)),
      );
      await queryRunner.createForeignKey('assessments', PIN);
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      const table = await queryRunner.getTable('assessments');
      const pin = table?.foreignKeys.find((fk) => fk.columnNames.includes('decision_tree_id'));
      if (pin) await queryRunner.dropForeignKey('assessments', pin);
      await queryRunner.dropColumn('assessments', 'decision_tree_id');
    });
    await queryRunner.dropTable('decision_trees');
  }
}
