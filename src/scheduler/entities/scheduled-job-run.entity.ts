import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../../database/one-of';

export const JOB_OUTCOMES = ['running', 'ok', 'failed'] as const;
export type JobOutcomeState = (typeof JOB_OUTCOMES)[number];

/** One run of a daily job: what the admin page and /health show. */
@Entity({ name: 'scheduled_job_runs' })
@Check(oneOf('outcome', JOB_OUTCOMES))
@Index('idx_scheduled_job_runs_job', ['jobName', 'id'])
export class ScheduledJobRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 60 })
  jobName: string;

  /** The day (YYYY-MM-DD, Europe/Amsterdam) the run was for. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  /** Which instance ran it: host name and process id. */
  @Column({ type: 'varchar', length: 100 })
  holder: string;

  @Column({ type: 'varchar', length: 10 })
  outcome: JobOutcomeState;

  /** What the job did, e.g. `{ "sessions": 12 }`; null until it finished well. */
  @Column({ type: 'simple-json', nullable: true })
  counts: Record<string, number> | null;

  /**
   * Why it failed, as a message key and its parameters, never the error itself: the page is read
   * by admins of every organisation and the stack may name tables, paths or data.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  errorKey: string | null;

  @Column({ type: 'simple-json', nullable: true })
  errorParams: Record<string, unknown> | null;

  @Index('idx_scheduled_job_runs_started_at')
  @Column({ type: Date })
  startedAt: Date;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;
}
