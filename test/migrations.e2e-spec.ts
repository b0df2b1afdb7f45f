import { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { dataSourceOptions } from '../src/database/data-source-options';
import { Answer } from '../src/assessments/entities/answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { DecisionTree } from '../src/classification/entities/decision-tree.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { makeAlgorithm, makeOrganisation } from './support/factories';
import { createTestDatabase, TestDatabase } from './support/test-database';

const DOMAIN_TABLES = [
  'organisations',
  'users',
  'memberships',
  'algorithms',
  'checklist_templates',
  'decision_trees',
  'assessments',
  'answers',
  'reviews',
  'conditions',
  'audit_events',
  'feedback',
  'sessions',
  'api_tokens',
  'login_attempt_counters',
  'algorithm_publications',
  'register_state',
  'register_entries',
  'register_entry_themes',
  'register_feedback_counters',
  'scheduled_jobs',
  'scheduled_job_runs',
  'organisation_themes',
  'form_drafts',
];

describe('Migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.config));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.dispose();
  });

  async function tables(): Promise<string[]> {
    const qr = ds.createQueryRunner();
    try {
      const found = await qr.getTables(DOMAIN_TABLES);
      return found.map((t) => t.name.replace(/^.*\./, '')).sort();
    } finally {
      await qr.release();
    }
  }

  it('go up, down to zero and up again', async () => {
    const applied = await ds.runMigrations();
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual([...DOMAIN_TABLES].sort());

    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration();
    expect(await tables()).toEqual([]);
    expect(await ds.query('SELECT * FROM migrations')).toHaveLength(0);

    const again = await ds.runMigrations();
    expect(again.map((m) => m.name)).toEqual(applied.map((m) => m.name));
    expect(await tables()).toEqual([...DOMAIN_TABLES].sort());
  });

  it('leave nothing for the entities to differ on', async () => {
    await ds.runMigrations();
    const queries = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    // On PostgreSQL the migrations store instants as timestamptz, which TypeORM cannot express
    // portably in the entities (they say Date); every other difference is a real mismatch.
    const isTimestamp = (c: ColumnMetadata) => c.type === Date || c.isCreateDate || c.isUpdateDate;
    const exempt = ds.entityMetadatas.flatMap((m) => [
      ...m.columns.filter(isTimestamp).map((c) => `"${c.databaseName}"`),
      ...m.indices.filter((i) => i.columns.some(isTimestamp)).map((i) => `"${i.name}"`),
    ]);
    const isPostgres = ds.options.type === 'postgres';
    const unexpected = queries.filter(
      (q) => !(isPostgres && exempt.some((name) => q.includes(name))),
    );
    expect(unexpected).toEqual([]);
  });

  const lastExecuted = async () =>
    ((await ds.query('SELECT name FROM migrations ORDER BY id DESC')) as { name: string }[])[0]
      .name;
  /** Steps back over the migrations newer than `name`, checking after each that nothing was lost. */
  async function revertNewerThan(name: string, unchanged: () => Promise<void>) {
    while ((await lastExecuted()) !== name) {
      await ds.undoLastMigration();
      await unchanged();
    }
  }

  it('rebuild algorithms (name to 100, derived columns dropped) and back without losing a row or what hangs on it', async () => {
    await ds.runMigrations();
    const org = await makeOrganisation(ds);
    const algorithm = await makeAlgorithm(ds, org.id, { name: 'n'.repeat(99) });
    await ds.getRepository(Publication).insert({
      algorithmId: algorithm.id,
      organisationId: org.id,
      number: 1,
      publishedAt: new Date(),
      origin: 'import',
      record: {},
      current: true,
    } as Partial<Publication>);
    const count = async () =>
      Number(
        (
          await ds.query(
            `SELECT (SELECT COUNT(*) FROM algorithms) + (SELECT COUNT(*) FROM algorithm_publications) AS n`,
          )
        )[0].n,
      );
    expect(await count()).toBe(2);
    const keepsRows = async () => expect(await count()).toBe(2);
    await revertNewerThan('DropDerivedAlgorithmColumns1795364800000', keepsRows);
    // Every migration that rebuilds algorithms on SQLite, reverted one by one from the newest.
    for (const name of [
      'DropDerivedAlgorithmColumns1795364800000',
      'ImportedNameLength1795364700000',
    ]) {
      expect(await lastExecuted()).toBe(name);
      await ds.undoLastMigration();
      expect(await count()).toBe(2);
    }
    await ds.runMigrations();
    expect(await count()).toBe(2);
    await revertNewerThan('DropDerivedAlgorithmColumns1795364800000', keepsRows);
    await ds.query(`UPDATE algorithms SET name = '${'n'.repeat(100)}'`);
    await revertNewerThan('ImportedNameLength1795364700000', keepsRows);
    // A revert never cuts a name: it refuses while one is longer than 99.
    await expect(ds.undoLastMigration()).rejects.toThrow(/longer than 99/);
    expect(await count()).toBe(2);
    await ds.runMigrations();
    await ds.query('DELETE FROM algorithm_publications');
    await ds.query('DELETE FROM algorithms');
  });

  it('rebuild assessments to pin a decision tree version and back, keeping every assessment and answer', async () => {
    await ds.runMigrations();
    const org = await makeOrganisation(ds);
    const algorithm = await makeAlgorithm(ds, org.id);
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: 'migration-test',
      version: 1,
      title: 'Kader',
      content: {} as ChecklistTemplate['content'],
      checksum: 'c'.repeat(64),
    });
    const tree = await ds.getRepository(DecisionTree).save({
      key: 'migration-test',
      version: '1.0.0',
      name: 'Boom',
      content: {} as DecisionTree['content'],
      checksum: 't'.repeat(64),
    });
    const assessment = await ds.getRepository(Assessment).save({
      algorithmId: algorithm.id,
      templateId: template.id,
      decisionTreeId: tree.id,
    });
    await ds
      .getRepository(Answer)
      .insert({ assessmentId: assessment.id, revision: 1, questionId: 'q', value: true });
    // The pinned version cannot go while the assessment is there.
    await expect(ds.getRepository(DecisionTree).delete(tree.id)).rejects.toThrow();
    const count = async () =>
      Number(
        (
          await ds.query(
            `SELECT (SELECT COUNT(*) FROM assessments) + (SELECT COUNT(*) FROM answers) AS n`,
          )
        )[0].n,
      );
    await revertNewerThan('DecisionTrees1795365100000', async () => expect(await count()).toBe(2));
    await ds.undoLastMigration();
    expect(await count()).toBe(2);
    await ds.runMigrations();
    expect(await count()).toBe(2);
    expect(await ds.getRepository(Assessment).findOneByOrFail({ id: assessment.id })).toMatchObject(
      { decisionTreeId: null },
    );
    await ds.query('DELETE FROM answers');
    await ds.query('DELETE FROM assessments');
    await ds.query('DELETE FROM checklist_templates');
    await ds.query('DELETE FROM algorithms');
  });

  it('open SQLite with WAL, foreign keys and full sync', async () => {
    if (ds.options.type !== 'better-sqlite3') return;
    expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
  });
});
