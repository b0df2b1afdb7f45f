import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { dataSourceOptions } from '../database/data-source-options';
import * as i18n from '../i18n/i18n';
import type { DailyJob, DailyJobRun } from './daily-job';
import { ScheduledJobRun } from './entities/scheduled-job-run.entity';
import { JobStore } from './job-store';
import { registeredJobs, SchedulerService } from './scheduler.service';

async function openDatabase(): Promise<DataSource> {
  const ds = new DataSource({
    ...dataSourceOptions({ database: 'sqlite', sqlitePath: ':memory:' } as AppConfig),
    migrationsRun: true,
  });
  return ds.initialize();
}

/** Discovery as Nest would answer it for these providers, each marked @RunsDaily(name). */
function discovering(jobs: Record<string, unknown>): DiscoveryService {
  const wrappers = Object.entries(jobs).map(([name, instance]) => ({
    name: `${name}Provider`,
    instance,
    jobName: name,
  }));
  return {
    getProviders: () => wrappers as unknown as InstanceWrapper[],
    getMetadataByDecorator: (_decorator: unknown, wrapper: { jobName: string }) => wrapper.jobName,
  } as unknown as DiscoveryService;
}

function config(dailyAt = '03:00'): ConfigService {
  return {
    getOrThrow: () => ({ scheduler: { enabled: false, dailyAt } }),
  } as unknown as ConfigService;
}

class CountingJob implements DailyJob {
  readonly runs: DailyJobRun[] = [];
  constructor(private readonly outcome: () => Promise<Record<string, number>>) {}
  run(run: DailyJobRun) {
    this.runs.push(run);
    return this.outcome();
  }
}

// 02:30 UTC on 30 November is 03:30 in Amsterdam: the day's run is due.
const AFTER_THREE = new Date('2026-11-30T02:30:00Z');

describe('SchedulerService.runDue', () => {
  let ds: DataSource;

  // The failures below are meant; their log lines would only hide a real one.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

  beforeEach(async () => {
    ds = await openDatabase();
    // The jobs below are made up; real ones must have titles in both languages.
    jest.spyOn(i18n, 'hasMessage').mockReturnValue(true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await ds.destroy();
  });

  function scheduler(jobs: Record<string, DailyJob>, dailyAt?: string): SchedulerService {
    const service = new SchedulerService(discovering(jobs), new JobStore(ds), config(dailyAt));
    service.onModuleInit();
    return service;
  }

  it('runs each job once for the day, however often it is asked', async () => {
    const job = new CountingJob(async () => ({ removed: 2 }));
    const service = scheduler({ housekeeping: job });
    expect(await service.runDue(AFTER_THREE)).toEqual({
      day: '2026-11-30',
      ran: [{ name: 'housekeeping', outcome: 'ok' }],
    });
    expect((await service.runDue(new Date('2026-11-30T20:00:00Z'))).ran).toEqual([]);
    expect(job.runs).toHaveLength(1);
    expect(job.runs[0]).toMatchObject({ now: AFTER_THREE, day: '2026-11-30' });
    expect(job.runs[0].ctx).toEqual({ user: null, lang: 'nl', address: null, requestId: null });
    const [run] = await ds.getRepository(ScheduledJobRun).find();
    expect(run).toMatchObject({ jobName: 'housekeeping', outcome: 'ok', counts: { removed: 2 } });
    expect(run.finishedAt).toBeInstanceOf(Date);
  });

  it('runs the day before’s jobs before the daily time, and the new day’s after it', async () => {
    const job = new CountingJob(async () => ({}));
    const service = scheduler({ housekeeping: job }, '03:00');
    expect((await service.runDue(new Date('2026-11-30T01:00:00Z'))).day).toBe('2026-11-29');
    expect((await service.runDue(new Date('2026-11-30T01:59:00Z'))).ran).toEqual([]);
    expect((await service.runDue(new Date('2026-11-30T02:00:00Z'))).ran).toHaveLength(1);
    expect(job.runs.map((run) => run.day)).toEqual(['2026-11-29', '2026-11-30']);
  });

  it('records a failure without its internals and still runs the other jobs', async () => {
    const broken = new CountingJob(async () => {
      throw new Error('SQLITE_CORRUPT: database disk image is malformed at /srv/data');
    });
    const refused = new CountingJob(async () => {
      throw new DomainError('SERVICE_UNAVAILABLE', 'jobs.error.abandoned');
    });
    const fine = new CountingJob(async () => ({ sent: 1 }));
    const service = scheduler({ broken, refused, fine });
    const report = await service.runDue(AFTER_THREE);
    expect(report.ran).toEqual([
      { name: 'broken', outcome: 'failed' },
      { name: 'fine', outcome: 'ok' },
      { name: 'refused', outcome: 'failed' },
    ]);
    const runs = await ds.getRepository(ScheduledJobRun).find({ order: { jobName: 'ASC' } });
    expect(runs.map((r) => [r.jobName, r.errorKey, r.errorParams])).toEqual([
      ['broken', 'jobs.error.unexpected', { run: runs[0].id }],
      ['fine', null, null],
      ['refused', 'jobs.error.abandoned', null],
    ]);
    expect(JSON.stringify(runs)).not.toContain('SQLITE_CORRUPT');
    // A failed run is not repeated the same day.
    expect((await service.runDue(AFTER_THREE)).ran).toEqual([]);
  });

  it('lists every known job with its newest run, including jobs only another instance has', async () => {
    const service = scheduler({ housekeeping: new CountingJob(async () => ({})) });
    const other = scheduler({ digests: new CountingJob(async () => ({})) });
    await other.runDue(AFTER_THREE);
    const statuses = await service.statuses();
    expect(statuses.map((s) => [s.name, s.lastRun?.outcome ?? null])).toEqual([
      ['digests', 'ok'],
      ['housekeeping', null],
    ]);
  });
});

describe('registeredJobs', () => {
  it('finds the jobs in name order', () => {
    const job = { run: async () => ({}) };
    jest.spyOn(i18n, 'hasMessage').mockReturnValue(true);
    expect(registeredJobs(discovering({ zeta: job, alpha: job })).map((j) => j.name)).toEqual([
      'alpha',
      'zeta',
    ]);
    jest.restoreAllMocks();
  });

  it('refuses a job without a title, a bad name or no run()', () => {
    const job = { run: async () => ({}) };
    expect(() => registeredJobs(discovering({ 'made-up': job }))).toThrow(
      'Daily job made-up has no title jobs.job.made-up.title in nl',
    );
    expect(() => registeredJobs(discovering({ Housekeeping: job }))).toThrow(/is not/);
    expect(() => registeredJobs(discovering({ housekeeping: {} }))).toThrow(
      /has no run\(\) method/,
    );
  });

  it('knows the housekeeping job’s title in both languages', () => {
    const job = { run: async () => ({}) };
    expect(registeredJobs(discovering({ housekeeping: job })).map((j) => j.name)).toEqual([
      'housekeeping',
    ]);
  });
});
