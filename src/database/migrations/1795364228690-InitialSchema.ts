import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumnOptions,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { bool, id, integer, oneOf, text, timestamp, varchar } from '../migration-helpers';

// Value lists as they were when this migration was written; later changes get their own migration.
const ROLE_VALUES = ['proposer', 'reviewer', 'secretary', 'admin'];
const ORGANISATION_TYPES = ['gemeente', 'provincie', 'waterschap', 'rijk', 'overig'];
const ALGORITHM_STATUSES = ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'];
const PUBLICATION_CATEGORIES = ['A', 'B', 'C'];
const ALGORITHM_ORIGINS = ['workflow', 'import'];
const RISK_CLASSES = ['prohibited', 'high', 'limited', 'minimal'];
const ASSESSMENT_OUTCOMES = ['approved', 'approved_with_conditions', 'rejected'];
const ASSESSMENT_STATES = [
  'concept',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'approved_with_conditions',
  'rejected',
  'published',
  'reassessment_due',
  'withdrawn',
  'retired',
];
const REVIEW_DECISIONS = ['approve', 'approve_with_conditions', 'request_changes', 'reject'];
const AUDIT_RESULTS = ['success', 'failure', 'refused'];

type ColumnSpec = TableColumnOptions | ((qr: QueryRunner) => TableColumnOptions);

interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  checks?: string[];
  indices?: { name: string; columns: string[]; unique?: boolean }[];
  foreignKeys?: {
    columns: string[];
    table: string;
    onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL';
  }[];
}

/**
 * The domain model of DESIGN.md. Written with TypeORM's schema builder rather than SQL so that the
 * same migration creates the same tables on SQLite and PostgreSQL; enums are CHECK constraints.
 */
const TABLES: TableSpec[] = [
  {
    name: 'organisations',
    columns: [
      id(),
      varchar('name', 100),
      varchar('slug', 100),
      varchar('type', 20),
      varchar('tooi_code', 40, true),
      timestamp('created_at', false, true),
    ],
    checks: [oneOf('type', ORGANISATION_TYPES)],
    indices: [
      { name: 'uq_organisations_name', columns: ['name'], unique: true },
      { name: 'uq_organisations_slug', columns: ['slug'], unique: true },
    ],
  },
  {
    name: 'users',
    columns: [
      id(),
      varchar('email', 254),
      varchar('name', 100),
      varchar('password_hash', 255),
      bool('disabled', false),
      bool('must_change_password', false),
      timestamp('created_at', false, true),
      timestamp('updated_at', false, true),
    ],
    indices: [{ name: 'uq_users_email', columns: ['email'], unique: true }],
  },
  {
    name: 'memberships',
    columns: [id(), integer('user_id'), integer('organisation_id'), varchar('role', 20)],
    checks: [oneOf('role', ROLE_VALUES)],
    indices: [
      {
        name: 'uq_memberships_user_org_role',
        columns: ['user_id', 'organisation_id', 'role'],
        unique: true,
      },
      { name: 'idx_memberships_organisation', columns: ['organisation_id'] },
    ],
    foreignKeys: [
      { columns: ['user_id'], table: 'users', onDelete: 'CASCADE' },
      { columns: ['organisation_id'], table: 'organisations', onDelete: 'CASCADE' },
    ],
  },
  {
    name: 'algorithms',
    columns: [
      id(),
      varchar('public_id', 16),
      integer('organisation_id'),
      { ...varchar('origin', 10), default: "'workflow'" },
      integer('created_by_id', true),
      varchar('name', 99),
      varchar('description_short', 399),
      text('themes', false),
      varchar('status', 20),
      varchar('start_date', 7, true),
      varchar('end_date', 7, true),
      varchar('contact', 500, true),
      varchar('link', 500, true),
      varchar('publication_category', 1, true),
      varchar('source_link', 500, true),
      text('purpose_and_impact'),
      text('considerations'),
      text('human_intervention'),
      text('risk_management'),
      text('legal_basis'),
      varchar('legal_basis_link', 500, true),
      varchar('legal_basis_title', 99, true),
      varchar('processing_register_link', 500, true),
      text('impact_assessments'),
      varchar('impact_assessment_link', 500, true),
      text('impact_assessment_explanation'),
      text('data'),
      varchar('data_source_link', 500, true),
      varchar('data_source_title', 499, true),
      text('technical_operation'),
      varchar('supplier', 199, true),
      varchar('source_code_link', 500, true),
      varchar('source_id', 100, true),
      text('search_terms'),
      timestamp('published_at'),
      varchar('risk_class', 20, true),
      varchar('assessment_outcome', 30, true),
      integer('version'),
      timestamp('created_at', false, true),
      timestamp('updated_at', false, true),
    ],
    checks: [
      oneOf('origin', ALGORITHM_ORIGINS),
      oneOf('status', ALGORITHM_STATUSES),
      oneOf('publication_category', PUBLICATION_CATEGORIES),
      oneOf('risk_class', RISK_CLASSES),
      oneOf('assessment_outcome', ASSESSMENT_OUTCOMES),
    ],
    indices: [
      { name: 'uq_algorithms_public_id', columns: ['public_id'], unique: true },
      { name: 'uq_algorithms_org_source', columns: ['organisation_id', 'source_id'], unique: true },
      { name: 'idx_algorithms_register', columns: ['published_at', 'organisation_id'] },
      { name: 'idx_algorithms_name', columns: ['name'] },
      { name: 'idx_algorithms_status', columns: ['status'] },
      { name: 'idx_algorithms_publication_category', columns: ['publication_category'] },
      { name: 'idx_algorithms_risk_class', columns: ['risk_class'] },
      { name: 'idx_algorithms_assessment_outcome', columns: ['assessment_outcome'] },
      { name: 'idx_algorithms_updated_at', columns: ['updated_at'] },
    ],
    foreignKeys: [
      { columns: ['organisation_id'], table: 'organisations', onDelete: 'RESTRICT' },
      { columns: ['created_by_id'], table: 'users', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'checklist_templates',
    columns: [
      id(),
      varchar('key', 60),
      integer('version'),
      varchar('title', 200),
      text('content', false),
      varchar('checksum', 64),
      bool('active', false),
      timestamp('installed_at', false, true),
    ],
    indices: [
      { name: 'uq_checklist_templates_key_version', columns: ['key', 'version'], unique: true },
    ],
  },
  {
    name: 'assessments',
    columns: [
      id(),
      integer('algorithm_id'),
      integer('template_id'),
      { ...varchar('state', 30), default: "'concept'" },
      integer('revision', false, 1),
      integer('proposer_id', true),
      varchar('risk_class', 20, true),
      varchar('publication_category', 1, true),
      integer('required_approvals', true),
      timestamp('submitted_at'),
      timestamp('decided_at'),
      timestamp('published_at'),
      varchar('reassessment_due', 10, true),
      integer('version'),
      timestamp('created_at', false, true),
      timestamp('updated_at', false, true),
    ],
    checks: [
      oneOf('state', ASSESSMENT_STATES),
      oneOf('risk_class', RISK_CLASSES),
      oneOf('publication_category', PUBLICATION_CATEGORIES),
    ],
    indices: [
      { name: 'idx_assessments_algorithm', columns: ['algorithm_id'] },
      { name: 'idx_assessments_state', columns: ['state'] },
      { name: 'idx_assessments_reassessment_due', columns: ['reassessment_due'] },
    ],
    foreignKeys: [
      { columns: ['algorithm_id'], table: 'algorithms', onDelete: 'CASCADE' },
      { columns: ['template_id'], table: 'checklist_templates', onDelete: 'RESTRICT' },
      { columns: ['proposer_id'], table: 'users', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'answers',
    columns: [
      id(),
      integer('assessment_id'),
      integer('revision'),
      varchar('question_id', 100),
      text('value', false),
      integer('answered_by_id', true),
      timestamp('updated_at', false, true),
    ],
    indices: [
      {
        name: 'uq_answers_assessment_revision_question',
        columns: ['assessment_id', 'revision', 'question_id'],
        unique: true,
      },
    ],
    foreignKeys: [{ columns: ['assessment_id'], table: 'assessments', onDelete: 'CASCADE' }],
  },
  {
    name: 'reviews',
    columns: [
      id(),
      integer('assessment_id'),
      integer('revision'),
      integer('reviewer_id'),
      varchar('decision', 30, true),
      text('reasoning'),
      text('section_remarks'),
      timestamp('assigned_at', false, true),
      timestamp('signed_at'),
    ],
    checks: [oneOf('decision', REVIEW_DECISIONS)],
    indices: [
      {
        name: 'uq_reviews_assessment_revision_reviewer',
        columns: ['assessment_id', 'revision', 'reviewer_id'],
        unique: true,
      },
      { name: 'idx_reviews_reviewer', columns: ['reviewer_id'] },
    ],
    foreignKeys: [
      { columns: ['assessment_id'], table: 'assessments', onDelete: 'CASCADE' },
      { columns: ['reviewer_id'], table: 'users', onDelete: 'RESTRICT' },
    ],
  },
  {
    name: 'conditions',
    columns: [
      id(),
      integer('assessment_id'),
      integer('review_id', true),
      text('description', false),
      varchar('owner', 200),
      varchar('due_date', 10),
      timestamp('done_at'),
      integer('done_by_id', true),
      timestamp('created_at', false, true),
    ],
    indices: [
      { name: 'idx_conditions_assessment', columns: ['assessment_id'] },
      { name: 'idx_conditions_due_date', columns: ['due_date'] },
    ],
    foreignKeys: [
      { columns: ['assessment_id'], table: 'assessments', onDelete: 'CASCADE' },
      { columns: ['review_id'], table: 'reviews', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'audit_events',
    columns: [
      { name: 'seq', type: 'integer', isPrimary: true },
      timestamp('occurred_at', false),
      integer('actor_user_id', true),
      varchar('actor_role', 20, true),
      varchar('action', 60),
      varchar('object_type', 40),
      varchar('object_id', 40, true),
      varchar('result', 10),
      varchar('address', 64, true),
      text('details'),
      varchar('prev_hash', 64),
      varchar('hash', 64),
    ],
    checks: [oneOf('result', AUDIT_RESULTS)],
    indices: [
      { name: 'idx_audit_events_occurred_at', columns: ['occurred_at'] },
      { name: 'idx_audit_events_actor', columns: ['actor_user_id'] },
      { name: 'idx_audit_events_action', columns: ['action'] },
      { name: 'idx_audit_events_object', columns: ['object_type', 'object_id'] },
    ],
  },
  {
    name: 'feedback',
    columns: [
      id(),
      integer('algorithm_id'),
      integer('organisation_id'),
      varchar('name', 100, true),
      varchar('email', 254, true),
      text('message', false),
      timestamp('created_at', false, true),
      timestamp('handled_at'),
    ],
    indices: [
      { name: 'idx_feedback_algorithm', columns: ['algorithm_id'] },
      { name: 'idx_feedback_organisation', columns: ['organisation_id'] },
    ],
    foreignKeys: [
      { columns: ['algorithm_id'], table: 'algorithms', onDelete: 'CASCADE' },
      { columns: ['organisation_id'], table: 'organisations', onDelete: 'CASCADE' },
    ],
  },
];

export class InitialSchema1795364228690 implements MigrationInterface {
  name = 'InitialSchema1795364228690';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const spec of TABLES) {
      await queryRunner.createTable(
        new Table({
          name: spec.name,
          columns: spec.columns.map((c) => (typeof c === 'function' ? c(queryRunner) : c)),
          checks: (spec.checks ?? []).map((expression) => ({ expression })),
          indices: (spec.indices ?? []).map(
            (i) =>
              new TableIndex({ name: i.name, columnNames: i.columns, isUnique: i.unique ?? false }),
          ),
          foreignKeys: (spec.foreignKeys ?? []).map(
            (fk) =>
              new TableForeignKey({
                columnNames: fk.columns,
                referencedTableName: fk.table,
                referencedColumnNames: ['id'],
                onDelete: fk.onDelete,
              }),
          ),
        }),
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const spec of [...TABLES].reverse()) {
      await queryRunner.dropTable(spec.name);
    }
  }
}
