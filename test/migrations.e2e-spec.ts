import { DataSource, IsNull, Not } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { dataSourceOptions } from '../src/database/data-source-options';
import { sqlTrue } from '../src/database/sql';
import { Answer } from '../src/assessments/entities/answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { ChecklistAdoption } from '../src/checklists/entities/checklist-adoption.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { DecisionTree } from '../src/classification/entities/decision-tree.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { makeAlgorithm, makeOrganisation, makeUser } from './support/factories';
import { createTestDatabase, TestDatabase } from './support/test-database';

const DOMAIN_TABLES = [
  'organisations',
  'users',
  'memberships',
  'algorithms',
  'checklist_templates',
  'checklist_adoptions',
  'decision_trees',
  'assessments',
  'assessment_coauthors',
  'answers',
  'reviews',
  'conditions',
  'remark_answers',
  'register_snapshots',
  'condition_reports',
  'revision_carry_overs',
  'audit_events',
  'feedback',
  'sessions',
  'api_tokens',
  'login_attempt_counters',
  'algorithm_publications',
  'register_state',
  'register_entries',
  'register_entry_themes',
  'register_advice',
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
    await ds.query('DELETE FROM checklist_adoptions');
    await ds.query('DELETE FROM checklist_templates');
    await ds.query('DELETE FROM algorithms');
  });

  it('carry the active checklist template over as shared and adopted by every organisation, and back', async () => {
    await ds.runMigrations();
    await revertNewerThan('TemplatesPerOrganisation1795365310000', async () => {});
    await ds.undoLastMigration();
    const [a, b] = [await makeOrganisation(ds), await makeOrganisation(ds)];
    const yes = sqlTrue(ds);
    const no = ds.options.type === 'postgres' ? 'FALSE' : '0';
    const install = async (key: string, version: number, active: string, at: string) =>
      ds.query(
        `INSERT INTO checklist_templates (key, version, title, content, checksum, active, installed_at)
         VALUES ('${key}', ${version}, 'Kader', '{}', '${'c'.repeat(64)}', ${active}, '${at}')`,
      );
    await install('kader', 1, no, '2026-01-01 00:00:00');
    await install('kader', 2, yes, '2026-02-01 00:00:00');
    await install('ander', 1, yes, '2026-01-15 00:00:00');
    const id = async (key: string, version: number) =>
      (await ds.getRepository(ChecklistTemplate).findOneByOrFail({ key, version })).id;

    await ds.runMigrations();
    const kader2 = await id('kader', 2);
    const adoptions = await ds
      .getRepository(ChecklistAdoption)
      .find({ order: { organisationId: 'ASC' } });
    expect(adoptions.filter((x) => [a.id, b.id].includes(x.organisationId))).toEqual([
      expect.objectContaining({ organisationId: a.id, templateId: kader2, adoptedById: null }),
      expect.objectContaining({ organisationId: b.id, templateId: kader2, adoptedById: null }),
    ]);
    expect(
      await ds.getRepository(ChecklistTemplate).countBy({ organisationId: Not(IsNull()) }),
    ).toBe(0);

    // An organisation's own version named like a shared one cannot go back to one namespace.
    const own = await ds.getRepository(ChecklistTemplate).save({
      key: 'kader',
      version: 2,
      title: 'Eigen',
      content: {} as ChecklistTemplate['content'],
      checksum: 'e'.repeat(64),
      organisationId: a.id,
    });
    await revertNewerThan('TemplatesPerOrganisation1795365310000', async () => {});
    await expect(ds.undoLastMigration()).rejects.toThrow(/share a key and version/);
    await ds.getRepository(ChecklistTemplate).delete(own.id);
    await ds.undoLastMigration();
    const active = (await ds.query(
      `SELECT key, version FROM checklist_templates WHERE active = ${yes} ORDER BY key`,
    )) as { key: string; version: number }[];
    expect(active.map((r) => `${r.key}@${Number(r.version)}`)).toEqual(['ander@1', 'kader@2']);

    await ds.runMigrations();
    await ds.query('DELETE FROM checklist_adoptions');
    await ds.query('DELETE FROM checklist_templates');
  });

  it('carry conditions marked done over as verified, or as reported when the proposer marked them, and back', async () => {
    await ds.runMigrations();
    await revertNewerThan('ConditionVerification1795365330000', async () => {});
    await ds.undoLastMigration();
    const org = await makeOrganisation(ds);
    const [proposer, secretary] = await Promise.all([makeUser(ds), makeUser(ds)]);
    const algorithm = await makeAlgorithm(ds, org.id);
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: 'voorwaarden-test',
      version: 1,
      title: 'Kader',
      content: {} as ChecklistTemplate['content'],
      checksum: 'c'.repeat(64),
    });
    // Written as the schema of that moment has it: the entity has columns added since.
    const [assessment] = (await ds.query(
      `INSERT INTO assessments (algorithm_id, template_id, proposer_id, state, revision, version)
       VALUES (${algorithm.id}, ${template.id}, ${proposer.id}, 'approved', 1, 1) RETURNING id`,
    )) as { id: number }[];
    const insert = (description: string, doneBy: number | null) =>
      ds.query(
        `INSERT INTO conditions (assessment_id, description, owner, due_date, done_at, done_by_id)
         VALUES (${assessment.id}, '${description}', 'Team', '2027-01-01',
                 ${doneBy ? "'2026-05-01 10:00:00'" : 'NULL'}, ${doneBy ?? 'NULL'})`,
      );
    await insert('open', null);
    await insert('by-proposer', proposer.id);
    await insert('by-secretary', secretary.id);

    await ds.runMigrations();
    const rows = await ds
      .getRepository(Condition)
      .find({ where: { assessmentId: assessment.id }, order: { id: 'ASC' } });
    expect(rows.map((c) => [c.description, c.state, c.verifiedById, c.version])).toEqual([
      ['open', 'open', null, 1],
      ['by-proposer', 'reported', null, 1],
      ['by-secretary', 'verified', secretary.id, 1],
    ]);
    expect(rows[2].verifiedAt?.toISOString()).toBe('2026-05-01T10:00:00.000Z');

    await revertNewerThan('ConditionVerification1795365330000', async () => {});
    await ds.undoLastMigration();
    const back = (await ds.query(
      `SELECT description, done_by_id FROM conditions WHERE assessment_id = ${assessment.id} ORDER BY id`,
    )) as { description: string; done_by_id: number | null }[];
    expect(
      back.map((r) => [r.description, r.done_by_id === null ? null : Number(r.done_by_id)]),
    ).toEqual([
      ['open', null],
      ['by-proposer', proposer.id],
      ['by-secretary', secretary.id],
    ]);
    await ds.runMigrations();
    await ds.query('DELETE FROM conditions');
    await ds.query('DELETE FROM assessments');
    await ds.query('DELETE FROM checklist_adoptions');
    await ds.query('DELETE FROM checklist_templates');
    await ds.query('DELETE FROM algorithms');
  });

  it('move the conditions reviewers set on a revision still in review onto their reviews as proposals, and back', async () => {
    await ds.runMigrations();
    const org = await makeOrganisation(ds);
    const reviewer = await makeUser(ds, { roles: [] });
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: 'positions-test',
      version: 1,
      title: 'Kader',
      content: {} as ChecklistTemplate['content'],
      checksum: 'p'.repeat(64),
    });
    const assessmentIn = async (state: string) => {
      const algorithm = await makeAlgorithm(ds, org.id);
      const [{ id }] = await ds.query(
        `INSERT INTO assessments (algorithm_id, template_id, state, revision, version) VALUES (${algorithm.id}, ${template.id}, '${state}', 1, 1) RETURNING id`,
      );
      const [review] = await ds.query(
        `INSERT INTO reviews (assessment_id, revision, reviewer_id, decision) VALUES (${id}, 1, ${reviewer.id}, 'approve_with_conditions') RETURNING id`,
      );
      await ds.query(
        `INSERT INTO conditions (assessment_id, review_id, description, owner, due_date, version) VALUES (${id}, ${review.id}, 'Biastoets', 'Team', '2027-01-01', 1)`,
      );
      return { id: Number(id), reviewId: Number(review.id) };
    };
    await revertNewerThan('AssessmentCoauthors1795366100000', async () => {});
    const pending = await assessmentIn('in_review');
    const decided = await assessmentIn('approved_with_conditions');
    await ds.runMigrations();
    const conditionsOf = async (id: number) =>
      Number(
        (await ds.query(`SELECT COUNT(*) AS n FROM conditions WHERE assessment_id = ${id}`))[0].n,
      );
    expect(await conditionsOf(pending.id)).toBe(0);
    expect(await conditionsOf(decided.id)).toBe(1);
    const [row] = await ds.query(
      `SELECT proposed_conditions FROM reviews WHERE id = ${pending.reviewId}`,
    );
    expect(JSON.parse(row.proposed_conditions)).toEqual([
      { description: 'Biastoets', owner: 'Team', dueDate: '2027-01-01' },
    ]);
    await revertNewerThan('AssessmentCoauthors1795366100000', async () => {});
    expect(await conditionsOf(pending.id)).toBe(1);
    expect(await conditionsOf(decided.id)).toBe(1);
    await ds.runMigrations();
    for (const table of [
      'conditions',
      'reviews',
      'assessments',
      'checklist_templates',
      'algorithm_publications',
      'algorithms',
    ])
      await ds.query(`DELETE FROM ${table}`);
  });

  it('move the public entry’s life onto its current publication, with its re-assessment date, and back', async () => {
    await ds.runMigrations();
    await revertNewerThan('RemarksAndSnapshots1795366300000', async () => {});
    const org = await makeOrganisation(ds);
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: 'entry-life-test',
      version: 1,
      title: 'Kader',
      content: {} as ChecklistTemplate['content'],
      checksum: 'e'.repeat(64),
    });
    // Written as the schema of that moment has it: the publication entity has columns added since.
    const entryIn = async (state: string, due: string | null) => {
      const algorithm = await makeAlgorithm(ds, org.id);
      const [{ id }] = await ds.query(
        `INSERT INTO assessments (algorithm_id, template_id, state, revision, version, reassessment_due)
         VALUES (${algorithm.id}, ${template.id}, '${state}', 1, 1, ${due ? `'${due}'` : 'NULL'}) RETURNING id`,
      );
      const summary = JSON.stringify({ assessmentId: Number(id), reassessmentDue: due });
      await ds.query(
        `INSERT INTO algorithm_publications (algorithm_id, organisation_id, number, published_at, origin, assessment_id, revision, record, summary, current)
         VALUES (${algorithm.id}, ${org.id}, 1, '2026-01-01 10:00:00', 'workflow', ${id}, 1, '{}', '${summary}', ${sqlTrue(ds)})`,
      );
      return { assessmentId: Number(id), algorithmId: algorithm.id };
    };
    const published = await entryIn('published', '2029-01-01');
    const due = await entryIn('reassessment_due', '2025-01-01');
    const retired = await entryIn('retired', '2028-01-01');

    await ds.runMigrations();
    const lifeOf = async (e: { algorithmId: number; assessmentId: number }) => {
      const [row] = await ds.query(
        `SELECT p.lifecycle, p.reassessment_due, a.state FROM algorithm_publications p
           JOIN assessments a ON a.id = p.assessment_id WHERE p.algorithm_id = ${e.algorithmId}`,
      );
      return [row.lifecycle, row.reassessment_due, row.state];
    };
    expect(await lifeOf(published)).toEqual(['published', '2029-01-01', 'published']);
    expect(await lifeOf(due)).toEqual(['reassessment_due', '2025-01-01', 'published']);
    expect(await lifeOf(retired)).toEqual(['retired', '2028-01-01', 'retired']);

    await revertNewerThan('RemarksAndSnapshots1795366300000', async () => {});
    const stateOf = async (e: { assessmentId: number }) =>
      (await ds.query(`SELECT state FROM assessments WHERE id = ${e.assessmentId}`))[0].state;
    expect(await stateOf(published)).toBe('published');
    expect(await stateOf(due)).toBe('reassessment_due');
    expect(await stateOf(retired)).toBe('retired');
    await ds.runMigrations();
    for (const table of [
      'algorithm_publications',
      'assessments',
      'checklist_templates',
      'algorithms',
    ])
      await ds.query(`DELETE FROM ${table}`);
  });

  it('move PostgreSQL’s search vectors out of the entries’ rows and back, every entry still found by its words', async () => {
    await ds.runMigrations();
    await revertNewerThan('AssessmentInstruments1795368200000', async () => {});
    const postgres = ds.options.type === 'postgres';
    const algorithm = await makeAlgorithm(ds, (await makeOrganisation(ds)).id);
    await ds.query(
      `INSERT INTO register_entries (algorithm_id, publication_id, public_id, slug, organisation_id,
         organisation_name, organisation_slug, name, sort_name, description_short, status,
         assessment_outcome, origin, themes, first_published_at, last_changed_at${postgres ? ', search_vector' : ''})
       VALUES (${algorithm.id}, 1, 'p1', 'parkeren', ${algorithm.organisationId}, 'Org', 'org',
         'Parkeren', 'parkeren', '', 'in-gebruik', 'none', 'import', '[]', '2026-01-01 10:00:00',
         '2026-01-01 10:00:00'${postgres ? ", to_tsvector('dutch', 'parkeervergunningen toekennen')" : ''})`,
    );
    const columns = async () => {
      const qr = ds.createQueryRunner();
      try {
        return (await qr.getTable('register_entries'))!.columns.map((c) => c.name).sort();
      } finally {
        await qr.release();
      }
    };
    const found = (table: string) =>
      ds.query(
        `SELECT algorithm_id FROM ${table} WHERE search_vector @@ to_tsquery('dutch', 'parkeervergunning:*')`,
      );
    const fileOf = async () =>
      postgres
        ? (await ds.query("SELECT relfilenode FROM pg_class WHERE relname = 'register_entries'"))[0]
            .relfilenode
        : null;
    const before = { columns: await columns(), file: await fileOf() };
    // What the migrations newer than SearchVectorsApart add to the table.
    const columnsAfter = async () => (await columns()).filter((c) => c !== 'card_text');

    await ds.runMigrations();
    if (postgres) {
      expect(await columnsAfter()).toEqual(before.columns.filter((c) => c !== 'search_vector'));
      expect(await found('register_search_vectors')).toEqual([{ algorithm_id: algorithm.id }]);
      // Written anew, without the dropped column's bytes.
      expect(await fileOf()).not.toEqual(before.file);
    } else {
      // SQLite keeps its FTS5 table; nothing changes.
      expect(await columnsAfter()).toEqual(before.columns);
      expect(before.columns).not.toContain('search_vector');
    }

    await revertNewerThan('AssessmentInstruments1795368200000', async () => {});
    expect(await columns()).toEqual(before.columns);
    if (postgres) {
      expect(await found('register_entries')).toEqual([{ algorithm_id: algorithm.id }]);
      expect(await ds.query("SELECT to_regclass('register_search_vectors') AS t")).toEqual([
        { t: null },
      ]);
    }
    await ds.runMigrations();
    await ds.query('DELETE FROM register_entries');
    await ds.query('DELETE FROM algorithms');
  });

  it('give the register entries without a short description the beginning of their purpose as card text, and back', async () => {
    await ds.runMigrations();
    await revertNewerThan('SearchVectorsApart1795368300000', async () => {});
    const organisation = await makeOrganisation(ds);
    const long = `${'Een lange korte beschrijving. '.repeat(12)}Einde.`;
    const records = {
      listing: { name: 'Uit de lijst', purpose_and_impact: 'Plant de <b>capaciteit</b>.' },
      described: { name: 'Beschreven', description_short: 'Kort.', purpose_and_impact: 'Doel.' },
      long: { name: 'Lang', description_short: long },
    };
    const ids: Record<string, number> = {};
    for (const [key, record] of Object.entries(records)) {
      const algorithm = await makeAlgorithm(ds, organisation.id, { name: record.name });
      const publication = await ds.getRepository(Publication).save({
        algorithmId: algorithm.id,
        organisationId: organisation.id,
        number: 1,
        publishedAt: new Date(),
        origin: 'import',
        record,
        current: true,
      } as Partial<Publication>);
      await ds.query(
        `INSERT INTO register_entries (algorithm_id, publication_id, public_id, slug,
           organisation_id, organisation_name, organisation_slug, name, sort_name,
           description_short, status, assessment_outcome, origin, themes, first_published_at,
           last_changed_at)
         VALUES (${algorithm.id}, ${publication.id}, '${key}', '${key}', ${organisation.id}, 'Org',
           'org', '${record.name}', '${key}', '${'description_short' in record ? record.description_short : ''}',
           'in-gebruik', 'none', 'import', '[]', '2026-01-01 10:00:00', '2026-01-01 10:00:00')`,
      );
      ids[key] = algorithm.id;
    }
    const version = async () =>
      Number((await ds.query('SELECT version FROM register_state WHERE id = 1'))[0].version);
    const before = await version();

    await ds.runMigrations();
    const cardOf = async (key: string) =>
      (await ds.query(`SELECT card_text FROM register_entries WHERE algorithm_id = ${ids[key]}`))[0]
        .card_text;
    expect(await cardOf('listing')).toBe('Plant de capaciteit.');
    // The short description as it stands is the card's text: nothing kept twice.
    expect(await cardOf('described')).toBeNull();
    const cut = await cardOf('long');
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(long[cut.length - 1]).toBe(' ');
    // Cached pages of every instance are stale.
    expect(await version()).toBe(before + 1);

    await revertNewerThan('SearchVectorsApart1795368300000', async () => {});
    const qr = ds.createQueryRunner();
    try {
      expect((await qr.getTable('register_entries'))!.columns.map((c) => c.name)).not.toContain(
        'card_text',
      );
    } finally {
      await qr.release();
    }
    await ds.runMigrations();
    await ds.query('DELETE FROM register_entries');
    await ds.query('DELETE FROM algorithm_publications');
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
