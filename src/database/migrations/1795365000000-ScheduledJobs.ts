import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { id, oneOf, text, timestamp, varchar } from '../migration-helpers';

// As it was when this migration was written; a later change gets its own migration.
const JOB_OUTCOMES = ['running', 'ok', 'failed'];

/**
 * The scheduler's lease per daily job (so that several instances on one database run each job
 * once a day) and the history of runs the admin page and /health show.
 */
export class ScheduledJobs1795365000000 implements MigrationInterface {
  name = 'ScheduledJobs1795365000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'scheduled_jobs',
        columns: [
          { name: 'name', type: 'varchar', length: '60', isPrimary: true },
          varchar('done_day', 10, true),
          varchar('run_day', 10, true),
          varchar('holder', 100, true),
          timestamp('lease_until')(queryRunner),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduled_job_runs',
        columns: [
          id(),
          varchar('job_name', 60),
          varchar('day', 10),
          varchar('holder', 100),
          varchar('outcome', 10),
          text('counts'),
          varchar('error_key', 100, true),
          text('error_params'),
          timestamp('started_at', false)(queryRunner),
          timestamp('finished_at')(queryRunner),
        ],
        checks: [{ expression: oneOf('outcome', JOB_OUTCOMES) }],
        indices: [
          new TableIndex({ name: 'idx_scheduled_job_runs_job', columnNames: ['job_name', 'id'] }),
          new TableIndex({
            name: 'idx_scheduled_job_runs_started_at',
            columnNames: ['started_at'],
          }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('scheduled_job_runs');
    await queryRunner.dropTable('scheduled_jobs');
  }
}
