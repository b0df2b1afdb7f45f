import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGIN_LIMITS } from '../../accounts/auth/login-throttle.service';
import { SESSION_KEPT_AFTER_EXPIRY_MS } from '../../accounts/auth/session-store';
import { FEEDBACK_WINDOW_MS } from '../../feedback/feedback.service';
import { OutboxMessage } from '../../notifications/entities/outbox-message.entity';
import { DailyJob, DailyJobRun, JobCounts, RunsDaily } from '../daily-job';
import { JobStore } from '../job-store';

/** The history of job runs kept for the admin page; each job's newest run stays regardless. */
export const JOB_RUNS_KEPT_MS = 90 * 24 * 3_600_000;

/** How long a resident's address stays on the outbox message that answered them. */
export const RESIDENT_ADDRESS_KEPT_MS = 30 * 24 * 3_600_000;

/**
 * Deletes what has expired and only takes room: sessions a day past their time-out (the session
 * store never returns them, and purges only now and then on a write, so an instance nobody logs in
 * to keeps them; for that day they tell whose a late form is), form drafts nobody came back for,
 * login and feedback counters whose window has closed (the feedback counter's key is derived from
 * a resident's address, which should not stay longer than its purpose), and job runs older than
 * 90 days. It also erases the address of a resident from the outbox message that answered them
 * once that was sent (or finally failed) and 30 days old: long enough for the organisation to see
 * the answer went out, and the address was left for that one answer (docs/feedback.md).
 *
 * Not audited: every row it deletes has stopped having any effect (an expired session signs
 * nobody in, a closed window counts nothing), none is part of the history the audit trail keeps
 * (logins and logouts are audited when they happen; a draft is the user's own unsaved typing), and a daily event in the hash chain would
 * record nothing anyone could act on. The run and its counts are kept on /admin/jobs instead.
 */
@Injectable()
@RunsDaily('housekeeping')
export class HousekeepingJob implements DailyJob {
  constructor(
    private readonly ds: DataSource,
    private readonly store: JobStore,
  ) {}

  async run({ now }: DailyJobRun): Promise<JobCounts> {
    const before = (ms: number) => new Date(now.getTime() - ms);
    return {
      sessions: await this.deleteBefore(
        'sessions',
        'expires_at',
        before(SESSION_KEPT_AFTER_EXPIRY_MS),
      ),
      drafts: await this.deleteBefore('form_drafts', 'expires_at', now),
      loginCounters: await this.deleteBefore(
        'login_attempt_counters',
        'window_started_at',
        before(LOGIN_LIMITS.windowMs),
      ),
      feedbackCounters: await this.deleteBefore(
        'register_feedback_counters',
        'window_start',
        before(FEEDBACK_WINDOW_MS),
      ),
      jobRuns: await this.store.pruneRuns(before(JOB_RUNS_KEPT_MS)),
      residentAddresses: await this.eraseResidentAddresses(before(RESIDENT_ADDRESS_KEPT_MS)),
    };
  }

  private async eraseResidentAddresses(moment: Date): Promise<number> {
    const erased = await this.ds
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ toAddress: '' })
      .where("recipient_user_id IS NULL AND to_address <> '' AND state IN ('sent', 'failed')")
      .andWhere('created_at < :moment', { moment })
      .execute();
    return erased.affected ?? 0;
  }

  private async deleteBefore(table: string, column: string, moment: Date): Promise<number> {
    const deleted = await this.ds
      .createQueryBuilder()
      .delete()
      .from(table)
      .where(`${column} < :moment`, { moment })
      .execute();
    return deleted.affected ?? 0;
  }
}
