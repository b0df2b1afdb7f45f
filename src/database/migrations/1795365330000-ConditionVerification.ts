import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableCheck,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import {
  id,
  integer,
  oneOf,
  text,
  timestamp,
  varchar,
  withSqliteRebuild,
} from '../migration-helpers';

// The lists as this migration wrote them; the entities may grow theirs in later migrations.
const STATES = ['open', 'reported', 'verified'];
const OUTCOMES = ['accepted', 'returned'];
const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

const userKey = (column: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'SET NULL',
  });

/**
 * Conditions are reported with evidence by their owner and verified by someone else, instead of
 * marked done with one click: a state (open, reported, verified) with the moments and the
 * verifier, a version for the two people who may act on one at once, and every report with its
 * evidence and verdict in `condition_reports`. A condition marked done before is carried over as
 * what it was: verified when someone other than its proposer marked it, reported (waiting for
 * verification) when the proposer did so themselves.
 */
export class ConditionVerification1795365330000 implements MigrationInterface {
  name = 'ConditionVerification1795365330000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns('conditions', [
        new TableColumn({ ...varchar('state', 10), default: "'open'" }),
        new TableColumn(timestamp('reported_at')(queryRunner)),
        new TableColumn(timestamp('verified_at')(queryRunner)),
        new TableColumn(integer('verified_by_id', true)),
        new TableColumn(integer('version', false, 1)),
      ]);
      // Existing rows start at version 1; the entity's version column has no default afterwards.
      await queryRunner.changeColumn('conditions', 'version', new TableColumn(integer('version')));
      await queryRunner.createForeignKey('conditions', userKey('verified_by_id'));
      await queryRunner.createCheckConstraint(
        'conditions',
        new TableCheck({ expression: oneOf('state', STATES) }),
      );
      const byProposer = `done_by_id = (SELECT a.proposer_id FROM assessments a WHERE a.id = conditions.assessment_id)`;
      await queryRunner.query(
        `UPDATE conditions SET state = 'reported', reported_at = done_at
         WHERE done_at IS NOT NULL AND ${byProposer}`,
      );
      await queryRunner.query(
        `UPDATE conditions SET state = 'verified', reported_at = done_at, verified_at = done_at,
           verified_by_id = (SELECT u.id FROM users u WHERE u.id = conditions.done_by_id)
         WHERE done_at IS NOT NULL AND state = 'open'`,
      );
      await queryRunner.dropColumns('conditions', ['done_at', 'done_by_id']);
    });
    await queryRunner.createTable(
      new Table({
        name: 'condition_reports',
        columns: [
          id(),
          integer('condition_id'),
          integer('reported_by_id', true),
          timestamp('reported_at', false, true)(queryRunner),
          text('what_was_done', false),
          varchar('link', 500, true),
          varchar('evidence_file', 64, true),
          varchar('evidence_name', 200, true),
          varchar('evidence_type', 20, true),
          integer('evidence_bytes', true),
          varchar('evidence_sha256', 64, true),
          varchar('outcome', 10, true),
          integer('decided_by_id', true),
          timestamp('decided_at')(queryRunner),
          text('decision_reason'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_condition_reports_condition',
            columnNames: ['condition_id'],
          }),
        ],
        checks: [
          new TableCheck({ expression: oneOf('outcome', OUTCOMES) }),
          new TableCheck({ expression: oneOf('evidence_type', EVIDENCE_TYPES) }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['condition_id'],
            referencedTableName: 'conditions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          userKey('reported_by_id'),
          userKey('decided_by_id'),
        ],
      }),
    );
  }

  /**
   * Back to "done or not": a verified condition is done, by its verifier; a reported one too, by
   * whoever reported it, as the one click used to record it. The reports and their evidence
   * records go; the files stay in DATA_DIR/files/evidence.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('condition_reports');
    await withSqliteRebuild(queryRunner, async () => {
      await queryRunner.addColumns('conditions', [
        new TableColumn(timestamp('done_at')(queryRunner)),
        new TableColumn(integer('done_by_id', true)),
      ]);
      await queryRunner.query(
        `UPDATE conditions SET done_at = COALESCE(verified_at, reported_at),
           done_by_id = COALESCE(verified_by_id,
             (SELECT a.proposer_id FROM assessments a WHERE a.id = conditions.assessment_id))
         WHERE state <> 'open'`,
      );
      const table = await queryRunner.getTable('conditions');
      const check = table?.checks.find((c) => c.expression?.includes('"state"'));
      if (check) await queryRunner.dropCheckConstraint('conditions', check);
      const verifier = table?.foreignKeys.find((fk) => fk.columnNames.includes('verified_by_id'));
      if (verifier) await queryRunner.dropForeignKey('conditions', verifier);
      await queryRunner.dropColumns('conditions', [
        'state',
        'reported_at',
        'verified_at',
        'verified_by_id',
        'version',
      ]);
    });
  }
}
