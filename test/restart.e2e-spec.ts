import { Role } from '../src/accounts/role';
import { Answer } from '../src/assessments/entities/answer.entity';
import { apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The app stopped and started again on the same database, as after a deployment. On SQLite,
 * changing a saved answer after a restart failed with 500 until some other row was inserted: the
 * save asked the driver for the id of the last inserted row, which a restart resets.
 */
describe('After a restart', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await db.dispose();
  });

  it('changes a saved answer through the API and through the form, and keeps every answer once', async () => {
    t = await startTestApp({ database: db });
    const ds = t.dataSource;
    const org = await makeOrganisation(ds);
    await offerTemplate(t, fixtureTemplate(1), org);
    const user = await makeUser(ds, { roles: [[org, Role.Proposer]] });
    const api = await apiClientFor(ds, t.url, user);
    const browser = new Browser(t.url);
    await browser.login(user.email);

    const created = await api
      .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id = created.body.id as number;
    const saved = await api
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: { 'basis.goal': 'Eerste doel', 'basis.notes': 'Eerste' },
      })
      .expect(200);

    const port = Number(new URL(t.url).port);
    await t.close();
    t = await startTestApp({ database: db, port });

    const changed = await api
      .put(`/api/v1/assessments/${id}/answers`, {
        version: saved.body.version,
        answers: { 'basis.goal': 'Tweede doel' },
      })
      .expect(200);
    expect(changed.body.answers['basis.goal']).toBe('Tweede doel');

    await t.close();
    t = await startTestApp({ database: db, port });

    const form = await browser.post(
      `/assessments/${id}/sections/basis`,
      {
        version: String(changed.body.version),
        'answers[basis.goal]': 'Derde doel',
        'answers[basis.notes]': 'Tweede',
        then: 'stay',
      },
      `/assessments/${id}/sections/basis`,
    );
    expect([form.status, form.headers.location]).toEqual([
      303,
      `/assessments/${id}/sections/basis`,
    ]);

    const rows = await t.dataSource
      .getRepository(Answer)
      .find({ where: { assessmentId: id }, order: { questionId: 'ASC' } });
    expect(rows.map((r) => [r.questionId, r.value])).toEqual([
      ['basis.goal', 'Derde doel'],
      ['basis.notes', 'Tweede'],
    ]);
  });
});
