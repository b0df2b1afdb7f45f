import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableCheck,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { id, integer, oneOf, text, timestamp, varchar } from '../migration-helpers';

// The lists as they were when this migration was written; the entity's may grow later.
const KINDS = ['iama', 'dpia'];
const STATUSES = ['not_started', 'in_progress', 'done'];

/** The records of the impact assessments (IAMA, DPIA) an assessment requires. */
export class AssessmentInstruments1795368200000 implements MigrationInterface {
  name = 'AssessmentInstruments1795368200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'assessment_instruments',
        columns: [
          id(),
          integer('assessment_id'),
          varchar('kind', 10),
          varchar('status', 20),
          varchar('date', 10, true),
          text('outcome'),
          varchar('link', 500, true),
          varchar('document_file', 32, true),
          varchar('document_name', 200, true),
          integer('document_bytes', true),
          varchar('document_sha256', 64, true),
          integer('updated_by_id', true),
          timestamp('updated_at', false, true)(queryRunner),
        ],
        indices: [
          new TableIndex({
            name: 'uq_assessment_instruments_assessment_kind',
            columnNames: ['assessment_id', 'kind'],
            isUnique: true,
          }),
        ],
        checks: [
          new TableCheck({ expression: oneOf('kind', KINDS) }),
          new TableCheck({ expression: oneOf('status', STATUSES) }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['assessment_id'],
            referencedTableName: 'assessments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('assessment_instruments');
  }
}
