import { DataSource } from 'typeorm';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../src/algorithms/public-id';
import { RowInserter } from '../src/database/row-inserter';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { PUBLICATION_ROW, PublicationService } from '../src/publications/publication.service';
import { makeAlgorithm, makeOrganisation } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A publication writes its rows without TypeORM's query builder: the version's row and the audit
 * event through RowInserter, the algorithm's publication date as plain SQL. What they store must
 * read back as what TypeORM stores, on both databases.
 */
describe('The rows a publication writes', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  it('stores a version’s row as TypeORM’s insert stores it: dates, JSON, booleans and nulls', async () => {
    const org = await makeOrganisation(ds);
    const algorithm = await makeAlgorithm(ds, org.id);
    const values = {
      algorithmId: algorithm.id,
      organisationId: org.id,
      publishedAt: new Date('2026-03-04T05:06:07.089Z'),
      origin: 'import' as const,
      assessmentId: null,
      revision: null,
      record: { name: 'Routeplanner', themes: ['Natuur en milieu'], end_date: '2027-01' },
      summary: null,
      current: false,
      lifecycle: 'retired' as const,
      reassessmentDue: '2027-01',
      nationalListing: { id: 'landelijk-1', impactAssessment: null },
    };
    const ours = await PUBLICATION_ROW.insert(ds.manager, { ...values, number: 1 });
    const theirs = Number(
      (await ds.manager.insert(Publication, { ...values, number: 2 })).identifiers[0].id,
    );
    expect(ours).not.toBe(theirs);
    const raw = async (id: number) => {
      const [row] = await ds.query(
        `SELECT * FROM algorithm_publications WHERE id = ${isPostgres() ? '$1' : '?'}`,
        [id],
      );
      const { id: _id, number: _number, ...rest } = row as Record<string, unknown>;
      return rest;
    };
    expect(await raw(ours)).toEqual(await raw(theirs));
    const read = await ds.getRepository(Publication).findOneByOrFail({ id: ours });
    expect(read).toMatchObject({ ...values, number: 1 });
  });

  it('leaves columns not named to their defaults, and starts a version column at 1', async () => {
    const org = await makeOrganisation(ds);
    const inserter = new RowInserter(Algorithm, [
      'publicId',
      'organisationId',
      'name',
      'descriptionShort',
      'themes',
      'status',
    ]);
    const id = await inserter.insert(ds.manager, {
      publicId: newPublicId(),
      organisationId: org.id,
      name: 'Parkeerscan',
      descriptionShort: 'Scant kentekens.',
      themes: ['Verkeer'],
      status: 'In gebruik',
    });
    const read = await ds.getRepository(Algorithm).findOneByOrFail({ id });
    expect(read).toMatchObject({ origin: 'workflow', version: 1, publishedAt: null });
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(read.createdAt.getTime())).toBe(false);
  });

  it('refuses a row that leaves a required column empty, naming it, and writes nothing', async () => {
    const inserter = new RowInserter(Organisation, ['name', 'slug', 'type', 'tooiCode']);
    const before = await ds.getRepository(Organisation).count();
    await expect(
      inserter.insert(ds.manager, { name: 'Gemeente Leeg', slug: 'gemeente-leeg', tooiCode: null }),
    ).rejects.toThrow(/: type must be set$/);
    expect(await ds.getRepository(Organisation).count()).toBe(before);
  });

  it('moves the algorithm’s publication date, version and update date, as TypeORM’s update did', async () => {
    const org = await makeOrganisation(ds);
    const { id } = await makeAlgorithm(ds, org.id);
    const before = await ds.getRepository(Algorithm).findOneByOrFail({ id });
    const publishedAt = new Date('2026-05-06T07:08:09.010Z');
    await ds.transaction((em) =>
      t.app
        .get(PublicationService)
        .publish(em, { algorithm: before, origin: 'workflow', publishedAt }),
    );
    const after = await ds.getRepository(Algorithm).findOneByOrFail({ id });
    expect(after.publishedAt).toEqual(publishedAt);
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(after.name).toBe(before.name);
  });

  function isPostgres(): boolean {
    return ds.options.type === 'postgres';
  }
});
