import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { operatorContext } from '../common/request-context';
import { hasMessage, LANGUAGES } from '../i18n/i18n';
import { DailyJob, JOB_NAME, RunsDaily } from './daily-job';
import { ScheduledJobRun } from './entities/scheduled-job-run.entity';
import { JobStore, LEASE_RENEW_MS, RunEnd } from './job-store';
import { runDayAt } from './run-day';

/** How often an instance looks whether a day's jobs are due: the delay after the daily time. */
export const CHECK_EVERY_MS = 60_000;

/** A job and its newest run on any instance; null before its first. */
export interface JobStatus {
  name: string;
  lastRun: ScheduledJobRun | null;
}

export interface RegisteredJob {
  name: string;
  job: DailyJob;
}

/** What one instance's check did: the jobs it ran, in order, and how each ended. */
export interface CheckReport {
  day: string;
  ran: { name: string; outcome: 'ok' | 'failed' }[];
}

/**
 * Runs the daily jobs once per day across every instance on the database. Each instance with the
 * scheduler on checks at start-up and every minute whether the current day's run of a job is due
 * (the daily time has passed and no instance finished it), and runs only the jobs whose lease it
 * claims (JobStore.claim). Jobs run one after another, in name order.
 */
@Injectable()
export class SchedulerService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Scheduler');
  private readonly settings: AppConfig['scheduler'];
  /** Unique per instance, also for two instances in one process (as the tests start them). */
  readonly holder = `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private jobs: RegisteredJob[] = [];
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly store: JobStore,
    config: ConfigService,
  ) {
    this.settings = config.getOrThrow<AppConfig>(APP_CONFIG).scheduler;
  }

  onModuleInit(): void {
    this.jobs = registeredJobs(this.discovery);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.check();
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    // The timer alone must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Shutdown waits for the job under way, so it finishes before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.settled();
  }

  /** The jobs this instance knows, in the order they run. */
  registered(): readonly RegisteredJob[] {
    return this.jobs;
  }

  get dailyAt(): string {
    return this.settings.dailyAt;
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /**
   * Every job this instance knows, and every job that has run on any instance (an instance of an
   * older or newer version may know others), with its newest run, by name.
   */
  async statuses(): Promise<JobStatus[]> {
    const lastRuns = await this.store.lastRuns();
    const names = new Set([...this.jobs.map((job) => job.name), ...lastRuns.keys()]);
    return [...names]
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ name, lastRun: lastRuns.get(name) ?? null }));
  }

  /** Resolves when the check under way on this instance (if any) has finished. */
  async settled(): Promise<void> {
    await this.current;
  }

  /**
   * Runs every job whose run for the day current at `now` no instance has finished and no other
   * instance holds. Returns what this instance ran; a job's failure is recorded, not thrown.
   */
  async runDue(now: Date = new Date()): Promise<CheckReport> {
    const day = runDayAt(now, this.settings.dailyAt);
    // The run's own clock: starts at `now` (which a test may set) and goes on in real time.
    const started = performance.now();
    const clock = () => new Date(now.getTime() + (performance.now() - started));
    const done = await this.store.doneFor(day);
    const report: CheckReport = { day, ran: [] };
    for (const { name, job } of this.jobs) {
      if (done.has(name)) continue;
      if (!(await this.store.claim(name, day, this.holder, clock()))) continue;
      report.ran.push({ name, outcome: await this.runClaimed(name, job, day, now, clock) });
    }
    return report;
  }

  /** A check from the timer: skipped while the previous one still runs on this instance. */
  private check(): void {
    if (this.current) return;
    this.current = this.runDue()
      .catch((err: unknown) => this.logger.error({ err }, 'Checking the daily jobs failed'))
      .finally(() => {
        this.current = null;
      });
  }

  private async runClaimed(
    name: string,
    job: DailyJob,
    day: string,
    now: Date,
    clock: () => Date,
  ): Promise<'ok' | 'failed'> {
    const run = await this.store.startRun(name, day, this.holder, clock());
    const renewal = setInterval(() => void this.renew(name, day, run.id, clock), LEASE_RENEW_MS);
    renewal.unref();
    let end: RunEnd;
    try {
      const counts = await job.run({ ctx: operatorContext(), now, day });
      end = { outcome: 'ok', counts };
      this.logger.log(`Job ${name} for ${day} (run ${run.id}) done: ${JSON.stringify(counts)}`);
    } catch (err) {
      end = failure(err, run.id);
      this.logger.error({ err }, `Job ${name} for ${day} (run ${run.id}) failed`);
    } finally {
      clearInterval(renewal);
    }
    if (!(await this.store.finish(run, end, clock())))
      this.logger.warn(`Job ${name} (run ${run.id}) ended after its lease was taken over`);
    return end.outcome;
  }

  private async renew(name: string, day: string, runId: number, clock: () => Date): Promise<void> {
    try {
      if (!(await this.store.renew(name, day, this.holder, clock())))
        this.logger.warn(`Job ${name} (run ${runId}) lost its lease`);
    } catch (err) {
      this.logger.warn({ err }, `Renewing the lease of job ${name} (run ${runId}) failed`);
    }
  }
}

/** What an admin may read about a failure: a domain error's own message, or where the log has it. */
function failure(err: unknown, runId: number): RunEnd {
  if (err instanceof DomainError)
    return { outcome: 'failed', errorKey: err.messageKey, errorParams: err.params };
  return { outcome: 'failed', errorKey: 'jobs.error.unexpected', errorParams: { run: runId } };
}

/** The providers marked @RunsDaily, checked once at start-up. */
export function registeredJobs(discovery: DiscoveryService): RegisteredJob[] {
  const jobs: RegisteredJob[] = [];
  for (const wrapper of discovery.getProviders({ metadataKey: RunsDaily.KEY })) {
    const name = discovery.getMetadataByDecorator(RunsDaily, wrapper);
    const job = wrapper.instance as Partial<DailyJob> | undefined;
    if (!name || !JOB_NAME.test(name))
      throw new Error(`Daily job ${wrapper.name}: the name "${name}" is not ${JOB_NAME}`);
    if (typeof job?.run !== 'function')
      throw new Error(`Daily job ${name} (${wrapper.name}) has no run() method`);
    if (jobs.some((other) => other.name === name))
      throw new Error(`Two providers are registered as daily job ${name}`);
    for (const lang of LANGUAGES) {
      if (!hasMessage(lang, `jobs.job.${name}.title`))
        throw new Error(`Daily job ${name} has no title jobs.job.${name}.title in ${lang}`);
    }
    jobs.push({ name, job: job as DailyJob });
  }
  return jobs.sort((a, b) => a.name.localeCompare(b.name));
}
