import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { ApiClient, apiClientFor, makeCommission } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/** A high-risk application: three reviewers must sign and approve. */
const HIGH_RISK = {
  ...COMPLETE_ANSWERS,
  'law.high_risk': true,
  'law.fria': true,
  'basis.notes': 'Inzet bij toeslagen.',
};

/**
 * Reviews are positions; the secretary decides. Each attempt of the issue repeated as an insider
 * would: a request for changes by one reviewer, a reviewer added to outvote a rejection, and a
 * public summary that names only the approvals.
 */
describe('Positions and the secretary’s decision', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  let fourth: ApiClient;
  const as: Record<string, Browser> = {};

  async function status(pending: Promise<Response>, expected: number): Promise<Response> {
    const res = await pending;
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 2000)}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    fourth = await apiClientFor(
      ds,
      t.url,
      await makeUser(ds, { name: 'Toetser D', roles: [[c.org, Role.Reviewer]] }),
    );
    as.secretary = new Browser(t.url);
    await as.secretary.login(c.secretary.user.email);
  });
  afterAll(() => t.close());

  async function inReview(answers: Record<string, unknown>, reviewers: ApiClient[]) {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, { version: created.body.version, answers })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: reviewers.map((r) => r.user.id),
        deadline: inDays(14),
      })
      .expect(200);
    return id;
  }
  const sign = (who: ApiClient, id: number, decision: string, reasoning = 'Afgewogen.') =>
    who.post(`/api/v1/assessments/${id}/reviews`, { decision, reasoning });
  const step = (id: number, action: string, extra: object = {}) =>
    c.secretary.post(`/api/v1/assessments/${id}/transitions`, { action, ...extra });
  const assessment = (id: number) => ds.getRepository(Assessment).findOneByOrFail({ id });
  const refusals = async (id: number) =>
    (
      await ds.getRepository(AuditEvent).find({
        where: { objectType: 'assessment', objectId: String(id), result: 'refused' },
        order: { seq: 'ASC' },
      })
    ).map((e) => `${e.action}:${String(e.details?.code)}`);

  it('lets one reviewer’s request for changes move nothing: the secretary decides once all have signed', async () => {
    const id = await inReview(COMPLETE_ANSWERS, c.reviewers.slice(0, 2));
    await sign(c.reviewers[0], id, 'request_changes', 'Het doel is te vaag.').expect(201);
    expect((await assessment(id)).state).toBe('in_review');

    const early = await step(id, 'request_changes', { reasoning: 'Terug.' }).expect(409);
    expect(early.body).toMatchObject({ code: 'REVIEWS_OPEN' });
    expect(early.body.message).toContain('Nog 1 toetser(s) moeten tekenen');
    const page = await as.secretary.get(`/assessments/${id}/decision`).expect(200);
    expect(page.text).toContain('Nog 1 toetser(s) moeten tekenen');
    expect(page.text).toContain('Wijzigingen vragen: 1');
    expect(page.text).toContain('Het doel is te vaag.');

    await sign(c.reviewers[1], id, 'approve').expect(201);
    const back = await status(
      as.secretary.post(`/assessments/${id}/decision`, {
        version: String((await assessment(id)).version),
        action: 'request_changes',
        reasoning: 'Scherp het doel aan, zoals toetser A vraagt.',
      }),
      303,
    );
    expect(back.headers.location).toBe(`/assessments/${id}`);
    expect(await assessment(id)).toMatchObject({
      state: 'changes_requested',
      revision: 2,
      decisionReasoning: 'Scherp het doel aan, zoals toetser A vraagt.',
    });
    expect(await refusals(id)).toEqual(['assessment.request_changes:REVIEWS_OPEN']);
  });

  it('lets the secretary decide after the deadline, on the positions there are, if they make a quorum', async () => {
    const id = await inReview(COMPLETE_ANSWERS, c.reviewers.slice(0, 3));
    await sign(c.reviewers[0], id, 'approve').expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    await step(id, 'approve', { reasoning: 'Akkoord.' }).expect(409);
    // The deadline passes without the third reviewer signing.
    await ds.getRepository(Assessment).update({ id }, { reviewDeadline: inDays(-1) });
    const page = await as.secretary.get(`/assessments/${id}/decision`).expect(200);
    expect(page.text).toContain('is verstreken; 1 toetser(s) tekenden niet');
    await step(id, 'approve', { reasoning: 'Twee goedkeuringen, termijn verstreken.' }).expect(200);
  });

  it('refuses a deadline that is not after today, naming the field', async () => {
    const id = await inReview(COMPLETE_ANSWERS, c.reviewers.slice(0, 2));
    const res = await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [c.reviewers[2].user.id],
        deadline: inDays(0),
      })
      .expect(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'deadline', message: 'Kies een termijn na vandaag.' }),
    ]);
    expect((await assessment(id)).reviewDeadline).toBe(inDays(14));
  });

  it('shows a rejection outvoted by a reviewer added late: a reason for the change, an answer to the dissent, every position public', async () => {
    const id = await inReview(HIGH_RISK, c.reviewers);
    await sign(c.reviewers[0], id, 'approve').expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    await sign(c.reviewers[2], id, 'reject', 'Grondrechten onvoldoende beschermd.').expect(201);
    expect((await step(id, 'approve', { reasoning: 'Akkoord.' }).expect(422)).body.code).toBe(
      'TOO_FEW_APPROVALS',
    );

    // Adding a fourth reviewer after positions are in needs a reason.
    const silent = await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [fourth.user.id],
        deadline: inDays(7),
      })
      .expect(422);
    expect(silent.body).toMatchObject({
      code: 'REASON_REQUIRED',
      details: [expect.objectContaining({ field: 'reason' })],
    });
    const pageRefused = await status(
      as.secretary.post(`/assessments/${id}/reviewers`, {
        version: String((await assessment(id)).version),
        deadline: inDays(7),
        'reviewerIds[]': String(fourth.user.id),
      }),
      422,
    );
    expect(pageRefused.text).toContain('id="field-reason-error"');
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [fourth.user.id],
        deadline: inDays(7),
        reason: 'Extra deskundige op grondrechten gevraagd.',
      })
      .expect(200);
    await sign(fourth, id, 'approve').expect(201);

    // The approval goes against a rejection: it must answer it, in its own field.
    const unanswered = await step(id, 'approve', { reasoning: 'Drie goedkeuringen.' }).expect(422);
    expect(unanswered.body).toMatchObject({
      code: 'DISSENT_NOT_ADDRESSED',
      details: [expect.objectContaining({ field: 'dissentReasoning' })],
    });
    const decisionPage = await status(
      as.secretary.post(`/assessments/${id}/decision`, {
        version: String((await assessment(id)).version),
        action: 'approve',
        reasoning: 'Drie goedkeuringen.',
      }),
      422,
    );
    expect(decisionPage.text).toContain('id="field-dissentReasoning-error"');
    expect(decisionPage.text).toContain('Extra deskundige op grondrechten gevraagd.');
    expect(decisionPage.text).toContain('Afwijzen: 1');
    await step(id, 'approve', {
      reasoning: 'Drie goedkeuringen.',
      dissentReasoning: 'De IAMA is na de afwijzing aangevuld met de gevraagde maatregelen.',
    }).expect(200);
    await step(id, 'publish').expect(200);

    const { algorithmId } = await assessment(id);
    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ algorithmId, current: true });
    expect(publication.summary).toMatchObject({
      approvals: 3,
      positions: { approve: 3, reject: 1, request_changes: 0, not_signed: 0 },
      dissent: [{ position: 'reject', reasoning: 'Grondrechten onvoldoende beschermd.' }],
      dissentReasoning: 'De IAMA is na de afwijzing aangevuld met de gevraagde maatregelen.',
    });
    const { algorithm } = await ds
      .getRepository(Assessment)
      .findOneOrFail({ where: { id }, relations: { algorithm: true } });
    const entry = await new Browser(t.url)
      .get(`/register/${algorithm.publicId}`)
      .redirects(1)
      .expect(200);
    expect(entry.text).toContain('afwijzen: 1');
    expect(entry.text).toContain('Grondrechten onvoldoende beschermd.');
    expect(entry.text).toContain('De IAMA is na de afwijzing aangevuld');
    expect(entry.text).not.toContain(c.reviewers[2].user.name);

    const api = (await c.secretary.get(`/api/v1/assessments/${id}`).expect(200)).body;
    expect(api.positions).toMatchObject({
      counts: { approve: 3, reject: 1 },
      dissent: [{ reviewer: { name: 'Toetser C' }, position: 'reject' }],
    });
    const events = await ds.getRepository(AuditEvent).findBy({
      objectType: 'assessment',
      objectId: String(id),
      action: 'assessment.assign',
    });
    expect(events.map((e) => e.details?.reason).filter(Boolean)).toEqual([
      'Extra deskundige op grondrechten gevraagd.',
    ]);
    expect(await refusals(id)).toEqual([
      'assessment.approve:TOO_FEW_APPROVALS',
      'assessment.assign:REASON_REQUIRED',
      'assessment.assign:REASON_REQUIRED',
      'assessment.approve:DISSENT_NOT_ADDRESSED',
      'assessment.approve:DISSENT_NOT_ADDRESSED',
    ]);
  });
});
