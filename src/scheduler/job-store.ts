import { Injectable } from '@nestjs/common';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { JobCounts } from './daily-job';
import { ScheduledJobRun } from './entities/scheduled-job-run.entity';
import { ScheduledJob } from './entities/scheduled-job.entity';

/**
 * How long a claim holds without being renewed. The holder renews it every LEASE_RENEW_MS while
 * the job runs, so only a holder that died (or lost the database) lets it run out; another
 * instance then takes the job over at its next check.
 */
export const LEASE_MS = 5 * 60_000;
export const LEASE_RENEW_MS = 60_000;

export type RunEnd =
  | { outcome: 'ok'; counts: JobCounts }
  | { outcome: 'failed'; errorKey: string; errorParams?: Record<string, unknown> };

/** The scheduler's rows: one lease per job, one history row per run. */
@Injectable()
export class JobStore {
  constructor(private readonly ds: DataSource) {}

  /** The jobs whose run for `day` has finished on some instance. */
  async doneFor(day: string): Promise<Set<string>> {
    const rows = await this.ds.getRepository(ScheduledJob).find({
      select: { name: true },
      where: { doneDay: MoreThanOrEqual(day) },
    });
    return new Set(rows.map((row) => row.name));
  }

  /**
   * Takes the lease of `name` for `day`, or returns false when another instance holds it or the
   * day's run is done. One UPDATE decides: SQLite runs one writer at a time, and PostgreSQL makes
   * a second UPDATE of the row wait for the first and then test its WHERE again on the new row,
   * so of instances claiming at the same moment exactly one sees a row changed.
   */
  async claim(name: string, day: string, holder: string, now: Date): Promise<boolean> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(ScheduledJob)
      .values({ name, doneDay: null, runDay: null, holder: null, leaseUntil: null })
      .orIgnore()
      .execute();
    const claimed = await this.ds
      .createQueryBuilder()
      .update(ScheduledJob)
      .set({ runDay: day, holder, leaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where('name = :name', { name })
      .andWhere('(done_day IS NULL OR done_day < :day)', { day })
      .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
      .execute();
    return claimed.affected === 1;
  }

  /** Extends the lease while the job runs; false when it is no longer this holder's. */
  async renew(name: string, day: string, holder: string, now: Date): Promise<boolean> {
    const renewed = await this.ds
      .createQueryBuilder()
      .update(ScheduledJob)
      .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where('name = :name AND holder = :holder AND run_day = :day', { name, holder, day })
      .execute();
    return renewed.affected === 1;
  }

  /**
   * Records the start of a claimed run. A run still marked running is one whose holder died (its
   * lease ran out, or this claim could not have succeeded): it is closed as failed.
   *
   * These writes are single statements rather than one transaction: on SQLite, two instances in
   * one process (as the tests run them) would otherwise deadlock, one holding the write lock
   * across an await while the other waits for it on the same thread. Their order keeps every
   * crash harmless: see finish().
   */
  async startRun(name: string, day: string, holder: string, now: Date): Promise<ScheduledJobRun> {
    const run = await this.ds.getRepository(ScheduledJobRun).save(
      this.ds.getRepository(ScheduledJobRun).create({
        jobName: name,
        day,
        holder,
        outcome: 'running',
        counts: null,
        errorKey: null,
        errorParams: null,
        startedAt: now,
        finishedAt: null,
      }),
      // save() wraps its statements in a transaction of its own unless told not to.
      { transaction: false },
    );
    await this.ds
      .createQueryBuilder()
      .update(ScheduledJobRun)
      .set({ outcome: 'failed', errorKey: 'jobs.error.abandoned', finishedAt: now })
      .where("job_name = :name AND outcome = 'running' AND id <> :id", { name, id: run.id })
      .execute();
    return run;
  }

  /**
   * Marks the day done, so no instance runs the job again that day, whether it went well or not,
   * and records how the run ended. The day is marked first and only while this holder still has
   * the lease (one that lost it leaves the day to the new holder): a crash in between leaves the
   * run marked running, closed as abandoned by the next start, and never runs the job twice.
   */
  async finish(run: ScheduledJobRun, end: RunEnd, now: Date): Promise<boolean> {
    const released = await this.release(run);
    const ended: Partial<ScheduledJobRun> =
      end.outcome === 'ok'
        ? { outcome: 'ok', counts: end.counts, finishedAt: now }
        : {
            outcome: 'failed',
            errorKey: end.errorKey,
            errorParams: end.errorParams ?? null,
            finishedAt: now,
          };
    // The JSON columns' open types are more than TypeORM's update type can follow.
    await this.ds
      .getRepository(ScheduledJobRun)
      .update({ id: run.id }, ended as QueryDeepPartialEntity<ScheduledJobRun>);
    return released;
  }

  private async release(run: ScheduledJobRun): Promise<boolean> {
    const released = await this.ds
      .createQueryBuilder()
      .update(ScheduledJob)
      .set({ doneDay: run.day, runDay: null, holder: null, leaseUntil: null })
      .where('name = :name AND holder = :holder AND run_day = :day', {
        name: run.jobName,
        holder: run.holder,
        day: run.day,
      })
      .execute();
    return released.affected === 1;
  }

  /** The newest run of every job that has run, by job name. */
  async lastRuns(): Promise<Map<string, ScheduledJobRun>> {
    const runs = await this.ds
      .getRepository(ScheduledJobRun)
      .createQueryBuilder('r')
      .where(
        (qb) =>
          `r.id IN ${qb
            .subQuery()
            .select('MAX(x.id)')
            .from(ScheduledJobRun, 'x')
            .groupBy('x.job_name')
            .getQuery()}`,
      )
      .getMany();
    return new Map(runs.map((run) => [run.jobName, run]));
  }

  /** Removes runs that started before `cutoff`, except each job's newest. */
  async pruneRuns(cutoff: Date): Promise<number> {
    const newest = [...(await this.lastRuns()).values()].map((run) => run.id);
    const pruned = await this.ds
      .createQueryBuilder()
      .delete()
      .from(ScheduledJobRun)
      .where('started_at < :cutoff', { cutoff })
      .andWhere(newest.length ? 'id NOT IN (:...newest)' : '1 = 1', { newest })
      .execute();
    return pruned.affected ?? 0;
  }
}
