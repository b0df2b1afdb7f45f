import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The lease of one daily job, shared by every instance on the database. An instance runs the job
 * for a day only after claiming this row with one UPDATE (see JobStore.claim): while `leaseUntil`
 * lies ahead another instance holds it, and once `doneDay` is that day nobody runs it again.
 */
@Entity({ name: 'scheduled_jobs' })
export class ScheduledJob {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name: string;

  /** The last day (YYYY-MM-DD) whose run finished, well or not; null before the first. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  doneDay: string | null;

  /** The day the holder is running; null when nobody holds the lease. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  runDay: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  holder: string | null;

  /** The holder renews it while the job runs; past it, the holder is taken to have died. */
  @Column({ type: Date, nullable: true })
  leaseUntil: Date | null;
}
