import { DiscoveryService } from '@nestjs/core';
import type { RequestContext } from '../common/request-context';

/** What a daily job is given for one run. */
export interface DailyJobRun {
  /** Jobs act as the operator: what they audit has no user and no address. */
  ctx: RequestContext<null>;
  /** When the run started: what "due" and "expired" are measured against (tests pass their own). */
  now: Date;
  /** The day (YYYY-MM-DD, Europe/Amsterdam) this run is for; each job runs once per day. */
  day: string;
}

/** What one run did, e.g. `{ sessions: 12 }`: stored with the run and shown on /admin/jobs. */
export type JobCounts = Record<string, number>;

/**
 * A job the scheduler runs once a day across all instances. Implement it on a provider of the
 * feature's own module and mark the class with `@RunsDaily('job-name')`; the scheduler finds it.
 * A run that fails is not repeated the same day, so a job must make up tomorrow for what it did
 * not finish today (select what is due and not yet done, rather than what fell due today).
 */
export interface DailyJob {
  run(run: DailyJobRun): Promise<JobCounts>;
}

/**
 * Marks a provider as a daily job under a name of lowercase letters, digits and hyphens (at most
 * 60). The name keys the job's lease and history, so keep it once it has run; the admin page
 * shows the message `jobs.job.<name>.title` (and `jobs.job.<name>.counts.<count>` for its counts).
 */
export const RunsDaily = DiscoveryService.createDecorator<string>();

export const JOB_NAME = /^[a-z][a-z0-9-]{0,59}$/;
