import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Session } from '../src/accounts/entities/session.entity';
import { Role } from '../src/accounts/role';
import { createApp } from '../src/app.factory';
import type { AppConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { formatDate } from '../src/common/views/formats';
import { FormDraft } from '../src/drafts/entities/form-draft.entity';
import { ScheduledJobRun } from '../src/scheduler/entities/scheduled-job-run.entity';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { createTestDatabase, TestDatabase } from './support/test-database';

const DAY_MS = 86_400_000;

/** One instance of Waarborg on the shared database, listening on a port of its own. */
async function startInstance(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createApp(config);
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** The schema first, as the operations notes ask when several instances start at once. */
async function migrate(config: AppConfig): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/** Every daily job the app has, by name. */
const JOBS = ['condition-reminders', 'housekeeping', 'mail-digest', 'reassessments-due'];

describe('The daily jobs on two instances sharing one database', () => {
  let db: TestDatabase;
  let instances: NestFastifyApplication[];
  let ds: DataSource;
  const scheduler = (i: number) => instances[i].get(SchedulerService);

  beforeAll(async () => {
    db = await createTestDatabase({ SCHEDULER: 'on' });
    await migrate(db.config);
    const sessions = await new DataSource(dataSourceOptions(db.config)).initialize();
    await sessions.getRepository(Session).insert([
      {
        id: 'expired',
        userId: null,
        data: '{}',
        expiresAt: new Date(Date.now() - DAY_MS - 60_000),
      },
      // Kept a day after it ended: it tells whose a form is that arrives late (src/drafts/).
      { id: 'lately', userId: null, data: '{}', expiresAt: new Date(Date.now() - 60_000) },
      { id: 'live', userId: null, data: '{}', expiresAt: new Date(Date.now() + DAY_MS) },
    ]);
    const author = await makeUser(sessions);
    const draft = { userId: author.id, form: 'C.m', action: '/x', params: {}, body: { a: 'b' } };
    await sessions.getRepository(FormDraft).insert([
      { ...draft, expiresAt: new Date(Date.now() - 60_000) },
      { ...draft, expiresAt: new Date(Date.now() + DAY_MS) },
    ]);
    await sessions.destroy();
    // Both start together; each checks the jobs as it starts.
    instances = await Promise.all([startInstance(db.config), startInstance(db.config)]);
    ds = instances[0].get(DataSource);
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await db.dispose();
  });

  it('run housekeeping once when both start at the same moment', async () => {
    await Promise.all([scheduler(0).settled(), scheduler(1).settled()]);
    const all = await ds.getRepository(ScheduledJobRun).find({ order: { jobName: 'ASC' } });
    expect(all.map((r) => r.jobName)).toEqual(JOBS);
    expect(all.find((r) => r.jobName === 'reassessments-due')).toMatchObject({
      outcome: 'ok',
      counts: { marked: 0 },
    });
    const runs = all.filter((r) => r.jobName === 'housekeeping');
    expect(runs[0]).toMatchObject({
      jobName: 'housekeeping',
      outcome: 'ok',
      counts: {
        sessions: 1,
        drafts: 1,
        loginCounters: 0,
        feedbackCounters: 0,
        jobRuns: 0,
        residentAddresses: 0,
      },
    });
    expect([scheduler(0).holder, scheduler(1).holder]).toContain(runs[0].holder);
    const left = await ds.getRepository(Session).find({ select: { id: true } });
    expect(left.map((s) => s.id).sort()).toEqual(['lately', 'live']);
    expect(await ds.getRepository(FormDraft).count()).toBe(1);
  });

  it('run each day’s jobs once when both are triggered at once, day after day', async () => {
    await Promise.all([scheduler(0).settled(), scheduler(1).settled()]);
    const start = Date.now() + 2 * DAY_MS;
    for (let day = 0; day < 5; day++) {
      const at = new Date(start + day * DAY_MS);
      const reports = await Promise.all([scheduler(0).runDue(at), scheduler(1).runDue(at)]);
      expect(reports[0].day).toBe(reports[1].day);
      const ran = reports.flatMap((report) => report.ran);
      expect(ran.map((r) => r.name).sort()).toEqual(JOBS);
      expect(ran.every((r) => r.outcome === 'ok')).toBe(true);
      expect(await ds.getRepository(ScheduledJobRun).countBy({ day: reports[0].day })).toBe(
        JOBS.length,
      );
    }
  });

  it('show the last run to an admin of any organisation on /admin/jobs, and to nobody else', async () => {
    const org = await makeOrganisation(ds);
    const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
    const secretary = await makeUser(ds, { roles: [[org, Role.Secretary]] });
    const url = await instances[1].getUrl();
    const [last] = await ds.getRepository(ScheduledJobRun).find({
      where: { jobName: 'housekeeping' },
      order: { id: 'DESC' },
      take: 1,
    });

    const b = new Browser(url);
    await b.login(admin.email);
    const page = await b.get('/admin/jobs').expect(200);
    expect(page.text).toContain('Dagelijkse taken');
    expect(page.text).toContain('om 03:00 Nederlandse tijd');
    expect(page.text).toContain('Deze instantie voert de taken uit.');
    // The day as people write it, "30 november 2026".
    expect(page.text).toContain(formatDate('nl', last.day));
    expect(page.text).toContain('Gelukt');
    expect(page.text).toContain('verlopen sessies: 0');
    const en = await b.get('/en/admin/jobs').expect(200);
    expect(en.text).toContain('expired sessions: 0');

    const other = new Browser(url);
    await other.login(secretary.email);
    await other.get('/admin/jobs').expect(403);
  });

  it('report each job’s last run on /health, without what it counted', async () => {
    const lastOf = async (jobName: string) => {
      const [last] = await ds.getRepository(ScheduledJobRun).find({
        where: { jobName },
        order: { id: 'DESC' },
        take: 1,
      });
      return {
        name: jobName,
        lastRun: {
          day: last.day,
          outcome: 'ok',
          startedAt: last.startedAt.toISOString(),
          finishedAt: last.finishedAt!.toISOString(),
        },
      };
    };
    const res = await request(await instances[0].getUrl())
      .get('/health')
      .expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: db.config.database,
      jobs: await Promise.all(JOBS.map(lastOf)),
    });
  });
});
