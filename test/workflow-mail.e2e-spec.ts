import { DataSource } from 'typeorm';
import { OutboxMessage } from '../src/notifications/entities/outbox-message.entity';
import { makeCommission } from './support/api';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The commission's work writes its e-mail with each step: the reviewers hear of their assignment,
 * the secretary of the last position, the proposer of the decision, and both of the publication.
 */
describe('E-mail from the assessment workflow', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Awaited<ReturnType<typeof makeCommission>>;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
  });
  afterAll(() => t.close());

  /** The outbox since `after`, as [kind, recipient, subject]. */
  const mailSince = async (after: number) =>
    (await ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } }))
      .filter((m) => m.id > after)
      .map((m) => [m.kind, m.toAddress, m.subject]);
  const lastId = async () =>
    (await ds.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0]?.id ?? 0;

  it('tells each person of the step that concerns them, once', async () => {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    const name = String(REGISTER_FIELDS.name);
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(200);

    let mark = await lastId();
    const deadline = inDays(14);
    const [a, b] = c.reviewers;
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [a.user.id, b.user.id],
        deadline,
      })
      .expect(200);
    expect(await mailSince(mark)).toEqual([
      ['reviewer_assigned', a.user.email, `Toetsen: "${name}"`],
      ['reviewer_assigned', b.user.email, `Toetsen: "${name}"`],
    ]);

    mark = await lastId();
    await a
      .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Goed.' })
      .expect(201);
    expect(await mailSince(mark)).toEqual([]);
    await b
      .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Akkoord.' })
      .expect(201);
    expect(await mailSince(mark)).toEqual([
      ['reviews_complete', c.secretary.user.email, `Alle standpunten binnen: "${name}"`],
    ]);

    mark = await lastId();
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'approve',
        reasoning: 'Beide akkoord.',
      })
      .expect(200);
    expect(await mailSince(mark)).toEqual([
      ['decision', c.proposer.user.email, `Besluit over "${name}": goedgekeurd`],
    ]);

    mark = await lastId();
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'publish' })
      .expect(200);
    expect((await mailSince(mark)).map(([kind, to]) => [kind, to]).sort()).toEqual(
      [
        ['publication', c.proposer.user.email],
        ['publication', c.secretary.user.email],
      ].sort(),
    );
  });
});
