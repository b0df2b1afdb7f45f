import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The commission's decision on an assessment (who, why), and where a template was installed from. */
export class AssessmentDecisions1795364450000 implements MigrationInterface {
  name = 'AssessmentDecisions1795364450000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('assessments', [
      new TableColumn({ name: 'decided_by_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'decision_reasoning', type: 'text', isNullable: true }),
    ]);
    await queryRunner.addColumn(
      'checklist_templates',
      new TableColumn({ name: 'source_file', type: 'varchar', length: '200', isNullable: true }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('checklist_templates', 'source_file');
    await queryRunner.dropColumns('assessments', ['decision_reasoning', 'decided_by_id']);
  }
}
