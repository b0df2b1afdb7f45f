import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { ScheduledJobRun } from './entities/scheduled-job-run.entity';
import { JobStore, LEASE_MS } from './job-store';

/** The real tables, in an in-memory SQLite database: the lease is SQL, so it is tested as SQL. */
async function openDatabase(): Promise<DataSource> {
  const ds = new DataSource({
    ...dataSourceOptions({ database: 'sqlite', sqlitePath: ':memory:' } as AppConfig),
    migrationsRun: true,
  });
  return ds.initialize();
}

const T = new Date('2026-11-30T02:00:00Z');
const later = (ms: number) => new Date(T.getTime() + ms);

describe('JobStore: the lease of a daily job', () => {
  let ds: DataSource;
  let store: JobStore;

  beforeEach(async () => {
    ds = await openDatabase();
    store = new JobStore(ds);
  });
  afterEach(() => ds.destroy());

  it('gives the day of a job to one holder and, once done, to nobody else that day', async () => {
    expect(await store.claim('housekeeping', '2026-11-30', 'a', T)).toBe(true);
    expect(await store.claim('housekeeping', '2026-11-30', 'b', T)).toBe(false);
    const run = await store.startRun('housekeeping', '2026-11-30', 'a', T);
    expect(await store.finish(run, { outcome: 'ok', counts: { sessions: 3 } }, later(1000))).toBe(
      true,
    );
    expect(await store.doneFor('2026-11-30')).toEqual(new Set(['housekeeping']));
    // Done, and no lease held any more: still nobody runs it again that day.
    expect(await store.claim('housekeeping', '2026-11-30', 'b', later(LEASE_MS * 10))).toBe(false);
    expect(await store.claim('housekeeping', '2026-12-01', 'b', later(86_400_000))).toBe(true);
  });

  it('gives a day to exactly one of several holders claiming at the same moment', async () => {
    const holders = ['a', 'b', 'c', 'd', 'e'];
    const claims = await Promise.all(
      holders.map((holder) => store.claim('housekeeping', '2026-11-30', holder, T)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('keeps jobs apart: one job claimed leaves the others free', async () => {
    expect(await store.claim('housekeeping', '2026-11-30', 'a', T)).toBe(true);
    expect(await store.claim('digests', '2026-11-30', 'b', T)).toBe(true);
  });

  it('a failed run also ends the day for the job', async () => {
    await store.claim('housekeeping', '2026-11-30', 'a', T);
    const run = await store.startRun('housekeeping', '2026-11-30', 'a', T);
    await store.finish(run, { outcome: 'failed', errorKey: 'jobs.error.unexpected' }, T);
    expect(await store.claim('housekeeping', '2026-11-30', 'b', later(LEASE_MS + 1))).toBe(false);
    const [stored] = await ds.getRepository(ScheduledJobRun).find();
    expect(stored).toMatchObject({ outcome: 'failed', errorKey: 'jobs.error.unexpected' });
  });

  it('lets another holder take over once a crashed holder’s lease has run out, and closes its run', async () => {
    await store.claim('housekeeping', '2026-11-30', 'a', T);
    const crashed = await store.startRun('housekeeping', '2026-11-30', 'a', T);
    expect(await store.claim('housekeeping', '2026-11-30', 'b', later(LEASE_MS - 1))).toBe(false);
    expect(await store.claim('housekeeping', '2026-11-30', 'b', later(LEASE_MS + 1))).toBe(true);
    const takeover = await store.startRun('housekeeping', '2026-11-30', 'b', later(LEASE_MS + 1));
    const runs = ds.getRepository(ScheduledJobRun);
    expect(await runs.findOneByOrFail({ id: crashed.id })).toMatchObject({
      outcome: 'failed',
      errorKey: 'jobs.error.abandoned',
      finishedAt: later(LEASE_MS + 1),
    });
    // Should the first holder come back after all, it no longer ends the day.
    expect(await store.finish(crashed, { outcome: 'ok', counts: {} }, later(LEASE_MS + 2))).toBe(
      false,
    );
    expect(await store.doneFor('2026-11-30')).toEqual(new Set());
    expect(await store.finish(takeover, { outcome: 'ok', counts: {} }, later(LEASE_MS + 3))).toBe(
      true,
    );
    expect(await store.doneFor('2026-11-30')).toEqual(new Set(['housekeeping']));
  });

  it('keeps the lease of a holder that renews it, and only that holder can', async () => {
    await store.claim('housekeeping', '2026-11-30', 'a', T);
    expect(await store.renew('housekeeping', '2026-11-30', 'b', later(60_000))).toBe(false);
    expect(await store.renew('housekeeping', '2026-11-30', 'a', later(4 * 60_000))).toBe(true);
    expect(await store.claim('housekeeping', '2026-11-30', 'b', later(LEASE_MS + 1))).toBe(false);
    expect(
      await store.claim('housekeeping', '2026-11-30', 'b', later(4 * 60_000 + LEASE_MS + 1)),
    ).toBe(true);
    expect(await store.renew('housekeeping', '2026-11-30', 'a', later(LEASE_MS * 2))).toBe(false);
  });

  it('reports the newest run of each job and prunes old runs but never a job’s newest', async () => {
    const day = 86_400_000;
    for (const [name, at] of [
      ['housekeeping', T],
      ['housekeeping', later(day)],
      ['digests', T],
    ] as const) {
      await ds.getRepository(ScheduledJobRun).insert({
        jobName: name,
        day: at.toISOString().slice(0, 10),
        holder: 'a',
        outcome: 'ok',
        startedAt: at,
      });
    }
    const last = await store.lastRuns();
    expect([...last.keys()].sort()).toEqual(['digests', 'housekeeping']);
    expect(last.get('housekeeping')?.day).toBe('2026-12-01');

    expect(await store.pruneRuns(later(2 * day))).toBe(1);
    const left = await ds.getRepository(ScheduledJobRun).find({ order: { id: 'ASC' } });
    expect(left.map((run) => [run.jobName, run.day])).toEqual([
      ['housekeeping', '2026-12-01'],
      ['digests', '2026-11-30'],
    ]);
  });
});
