import { DataSource } from 'typeorm';
import { Answer } from '../src/assessments/entities/answer.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { ApiClient, makeCommission } from './support/api';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

describe('Assessment workflow through the API', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
  });
  afterAll(() => t.close());

  /** A proposal with its register fields filled in, optionally answered. */
  async function propose(
    answers: Record<string, unknown> | null = COMPLETE_ANSWERS,
  ): Promise<{ id: number; version: number }> {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    let version: number = created.body.version;
    if (answers) {
      const saved = await c.proposer
        .put(`/api/v1/assessments/${created.body.id}/answers`, { version, answers })
        .expect(200);
      version = saved.body.version;
    }
    return { id: created.body.id, version };
  }

  const step = (client: ApiClient, id: number, action: string, extra: object = {}) =>
    client.post(`/api/v1/assessments/${id}/transitions`, { action, ...extra });
  const sign = (client: ApiClient, id: number, decision: string, extra: object = {}) =>
    client.post(`/api/v1/assessments/${id}/reviews`, {
      decision,
      reasoning: 'Afgewogen en onderbouwd.',
      ...extra,
    });
  const assign = (id: number, reviewers: ApiClient[]) =>
    c.secretary.post(`/api/v1/assessments/${id}/reviewers`, {
      reviewerIds: reviewers.map((r) => r.user.id),
    });
  const events = (id: number) =>
    ds
      .getRepository(AuditEvent)
      .find({ where: { objectType: 'assessment', objectId: String(id) }, order: { seq: 'ASC' } });

  it('runs the whole way from concept to published, and the register gets the entry and its summary', async () => {
    const { id } = await propose();
    expect((await step(c.proposer, id, 'submit').expect(200)).body.state).toBe('submitted');
    expect((await assign(id, c.reviewers.slice(0, 2)).expect(200)).body.state).toBe('in_review');
    await sign(c.reviewers[0], id, 'approve', {
      sectionRemarks: { basis: 'Duidelijk doel.' },
    }).expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    const approved = (
      await step(c.secretary, id, 'approve', { reasoning: 'De commissie stemt in.' }).expect(200)
    ).body;
    expect(approved).toMatchObject({
      state: 'approved',
      riskClass: 'minimal',
      publicationCategory: 'C',
      requiredApprovals: 2,
    });
    expect(approved.reassessmentDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const published = (await step(c.secretary, id, 'publish').expect(200)).body;
    expect(published.state).toBe('published');

    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ algorithmId: published.algorithm.id, current: true });
    expect(publication.record).toMatchObject({
      name: REGISTER_FIELDS.name,
      organization: c.org.name,
      purpose_and_impact: COMPLETE_ANSWERS['basis.goal'],
      publication_category: 'Overige algoritmes (Categorie C)',
      language: 'nld',
      schema: '1.0.0',
    });
    expect(publication.summary).toMatchObject({
      decision: 'approved',
      approvals: 2,
      template: { key: 'test-framework', version: 1 },
    });
    expect(publication.summary!.sections.find((s) => s.id === 'basis')).toMatchObject({
      outcome: 'attention',
      remarks: ['Duidelijk doel.'],
    });

    const actions = (await events(id)).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'assessment.create:success',
        'assessment.submit:success',
        'assessment.assign:success',
        'assessment.approve:success',
        'assessment.publish:success',
      ]),
    );
    const approve = (await events(id)).find((e) => e.action === 'assessment.approve')!;
    expect(approve).toMatchObject({
      actorUserId: c.secretary.user.id,
      actorRole: 'secretary',
      organisationId: c.org.id,
    });
  });

  it('sends the proposal back on a request for changes, keeps the reviewed revision and shows the diff after resubmission', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    const back = await sign(c.reviewers[0], id, 'request_changes', {
      reasoning: 'Doel is te vaag.',
    }).expect(201);
    expect(back.body.decision).toBe('request_changes');
    const afterRequest = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
    expect(afterRequest).toMatchObject({ state: 'changes_requested', revision: 2, canEdit: true });

    const saved = await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: afterRequest.version,
        answers: { 'basis.goal': 'Meldingen binnen een dag bij de juiste afdeling.' },
      })
      .expect(200);
    expect(saved.body.revision).toBe(2);
    expect((await step(c.proposer, id, 'resubmit').expect(200)).body).toMatchObject({
      state: 'in_review',
      revision: 2,
    });

    const diff = (await c.secretary.get(`/api/v1/assessments/${id}/diff?from=1&to=2`).expect(200))
      .body;
    expect(diff).toEqual([
      expect.objectContaining({
        questionId: 'basis.goal',
        before: COMPLETE_ANSWERS['basis.goal'],
        after: 'Meldingen binnen een dag bij de juiste afdeling.',
      }),
    ]);
    const rev1 = (await c.secretary.get(`/api/v1/assessments/${id}?revision=1`).expect(200)).body;
    expect(rev1.answers['basis.goal']).toBe(COMPLETE_ANSWERS['basis.goal']);

    // The old sign-offs do not count for revision 2: the same reviewers must sign again.
    const tooEarly = await step(c.secretary, id, 'approve', { reasoning: 'x' }).expect(422);
    expect(tooEarly.body).toMatchObject({ code: 'TOO_FEW_APPROVALS' });
    await sign(c.reviewers[0], id, 'approve').expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    await step(c.secretary, id, 'approve', { reasoning: 'Nu wel.' }).expect(200);
  });

  it('records a rejection with its reasoning, after which nothing more can be done', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    await sign(c.reviewers[0], id, 'reject', { reasoning: 'Niet proportioneel.' }).expect(201);
    const noReason = await step(c.secretary, id, 'reject').expect(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reasoning' })]);
    const rejected = (
      await step(c.secretary, id, 'reject', {
        reasoning: 'Het doel rechtvaardigt de inzet niet.',
      }).expect(200)
    ).body;
    expect(rejected).toMatchObject({
      state: 'rejected',
      decisionReasoning: 'Het doel rechtvaardigt de inzet niet.',
    });
    expect((await step(c.secretary, id, 'publish').expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('refuses the proposer as a reviewer of their own proposal', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    // A proposer who also holds the reviewer role still may not be assigned to their own work.
    const res = await c.secretary.post(`/api/v1/assessments/${id}/reviewers`, {
      reviewerIds: [c.proposer.user.id, c.reviewers[0].user.id],
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SELF_REVIEW');
    expect(res.body.message).toBe('De indiener kan de eigen aanvraag niet toetsen.');
  });

  it('refuses approval while too few reviewers have approved', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    const tooFew = await assign(id, c.reviewers.slice(0, 1)).expect(422);
    expect(tooFew.body).toMatchObject({ code: 'TOO_FEW_REVIEWERS' });
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    await sign(c.reviewers[0], id, 'approve').expect(201);
    const res = await step(c.secretary, id, 'approve', { reasoning: 'Akkoord.' }).expect(422);
    expect(res.body.code).toBe('TOO_FEW_APPROVALS');
    expect(res.body.message).toBe('Er zijn 2 goedkeurende toetsingen nodig; er zijn er 1.');
    expect(
      (await events(id)).some((e) => e.action === 'assessment.approve' && e.result === 'refused'),
    ).toBe(true);
  });

  it('refuses submission while a blocking rule holds, naming the rule', async () => {
    const { id } = await propose({
      ...COMPLETE_ANSWERS,
      'basis.personal': true,
      'basis.dpia': 'https://gemeente.example/dpia',
      'basis.human': 'no_human',
    });
    const res = await step(c.proposer, id, 'submit').expect(422);
    expect(res.body).toMatchObject({
      code: 'BLOCKING_RULE',
      details: { blocking: [expect.objectContaining({ id: 'no-human-decision' })] },
    });
    expect(res.body.message).toContain('no-human-decision');
  });

  it('refuses submission of an incomplete checklist, listing the missing questions', async () => {
    const { id } = await propose({ 'basis.goal': 'Iets.' });
    const res = await step(c.proposer, id, 'submit').expect(422);
    expect(res.body).toMatchObject({
      code: 'CHECKLIST_INCOMPLETE',
      details: { missing: ['basis.personal', 'basis.human', 'law.prohibited', 'law.high_risk'] },
    });
  });

  it('refuses a role that may not take the step, and a state the step does not start from', async () => {
    const { id } = await propose();
    expect((await step(c.secretary, id, 'submit').expect(403)).body.code).toBe('NOT_ALLOWED');
    expect((await step(c.proposer, id, 'publish').expect(403)).body.code).toBe('NOT_ALLOWED');
    expect((await step(c.proposer, id, 'resubmit').expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('lets only one of two saves from the same version through; the other gets 409', async () => {
    const { id, version } = await propose(null);
    const [a, b] = await Promise.all([
      c.proposer.put(`/api/v1/assessments/${id}/answers`, {
        version,
        answers: { 'basis.goal': 'Eerste' },
      }),
      c.proposer.put(`/api/v1/assessments/${id}/answers`, {
        version,
        answers: { 'basis.goal': 'Tweede' },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('CONFLICT');
    const winner = a.status === 200 ? 'Eerste' : 'Tweede';
    expect(
      (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body.answers['basis.goal'],
    ).toBe(winner);
  });

  it('refuses bad answers with the question id and what is wrong, and leaves the saved answers untouched', async () => {
    const { id, version } = await propose({
      'basis.goal': 'Bestaand antwoord',
      'basis.personal': false,
    });
    const res = await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version,
        answers: {
          'basis.goal': 'Nieuw antwoord',
          'basis.personal': 'ja',
          'basis.nope': true,
          'basis.dpia': 'https://x.example',
          'basis.notes': 'x'.repeat(51),
          'basis.start': '31-01-2026',
        },
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(
      (res.body.details as { field: string; code: string }[]).map((d) => [d.field, d.code]),
    );
    expect(byField).toEqual({
      'basis.personal': 'checklist.answer.yesNo',
      'basis.nope': 'checklist.answer.unknownQuestion',
      'basis.dpia': 'checklist.answer.notApplicable',
      'basis.notes': 'checklist.answer.tooLong',
      'basis.start': 'checklist.answer.date',
    });
    const stored = await ds.getRepository(Answer).findBy({ assessmentId: id });
    expect(Object.fromEntries(stored.map((s) => [s.questionId, s.value]))).toEqual({
      'basis.goal': 'Bestaand antwoord',
      'basis.personal': false,
    });
    expect((await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body.version).toBe(
      version,
    );
  });

  it('keeps an assessment on its template version when a new version is installed', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    const own = `/api/v1/organisations/${c.org.id}`;
    const v2 = await c.admin.post(`${own}/checklists`, fixtureTemplate(2, true)).expect(201);
    await c.admin.put(`${own}/checklist`, { templateId: v2.body.id }).expect(200);

    const old = (await c.secretary.get(`/api/v1/assessments/${id}`).expect(200)).body;
    expect(old.template.version).toBe(1);
    const oldQuestions = old.template.sections.flatMap((s: { questions: { id: string }[] }) =>
      s.questions.map((q) => q.id),
    );
    expect(oldQuestions).not.toContain('basis.v2_only');

    const fresh = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    expect(fresh.body.template.version).toBe(2);
    await sign(c.reviewers[0], id, 'approve').expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    expect(
      (await step(c.secretary, id, 'approve', { reasoning: 'Akkoord.' }).expect(200)).body.template
        .version,
    ).toBe(1);
  });

  it('refuses reinstalling a version with different content, and an invalid template with its path', async () => {
    const own = `/api/v1/organisations/${c.org.id}/checklists`;
    await c.admin.post(own, fixtureTemplate(5)).expect(201);
    expect((await c.admin.post(own, fixtureTemplate(5, true)).expect(409)).body.code).toBe(
      'CONFLICT',
    );
    const broken = fixtureTemplate(3) as unknown as {
      sections: { questions: { type: string }[] }[];
    };
    broken.sections[0].questions[0].type = 'essay';
    const res = await c.admin.post(own, broken).expect(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: '/sections/0/questions/0/type' }),
    ]);
    expect((await c.proposer.post(own, fixtureTemplate(4)).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
  });

  it('tracks conditions of an approval to verified and dates the re-assessment', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    const withoutConditions = await sign(c.reviewers[0], id, 'approve_with_conditions').expect(400);
    expect(withoutConditions.body.details).toEqual([
      expect.objectContaining({ field: 'conditions' }),
    ]);
    await sign(c.reviewers[0], id, 'approve_with_conditions', {
      conditions: [
        {
          description: 'Bias-test herhalen na drie maanden.',
          owner: 'Team Data',
          dueDate: '2020-01-31',
        },
      ],
    }).expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    expect((await step(c.secretary, id, 'approve', { reasoning: 'x' }).expect(422)).body.code).toBe(
      'CONDITIONS_PRESENT',
    );
    const decided = (
      await step(c.secretary, id, 'approve_with_conditions', {
        reasoning: 'Met voorwaarde.',
      }).expect(200)
    ).body;
    expect(decided.state).toBe('approved_with_conditions');

    const followUps = (await c.secretary.get('/api/v1/follow-ups').expect(200)).body;
    const condition = followUps.overdueConditions.find(
      (x: { assessmentId: number }) => x.assessmentId === id,
    );
    expect(condition).toMatchObject({ owner: 'Team Data', dueDate: '2020-01-31' });
    const reported = await c.proposer
      .post(`/api/v1/conditions/${condition.id}/report`, {
        version: 1,
        whatWasDone: 'Bias-test herhaald.',
        link: 'https://intranet.example/bias-test',
      })
      .expect(200);
    await c.secretary
      .post(`/api/v1/conditions/${condition.id}/verify`, {
        version: reported.body.version,
        decision: 'accept',
      })
      .expect(200);
    const after = (await c.secretary.get('/api/v1/follow-ups').expect(200)).body;
    expect(after.overdueConditions.some((x: { id: number }) => x.id === condition.id)).toBe(false);
  });

  it('starts a new revision when a published algorithm’s answers change; the published version stays public', async () => {
    const { id } = await propose();
    await step(c.proposer, id, 'submit').expect(200);
    await assign(id, c.reviewers.slice(0, 2)).expect(200);
    await sign(c.reviewers[0], id, 'approve').expect(201);
    await sign(c.reviewers[1], id, 'approve').expect(201);
    await step(c.secretary, id, 'approve', { reasoning: 'Akkoord.' }).expect(200);
    const published = (await step(c.secretary, id, 'publish').expect(200)).body;

    const changed = await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: published.version,
        answers: { 'basis.goal': 'Een materieel ander doel.' },
      })
      .expect(200);
    expect(changed.body.revision).toBe(2);
    const now = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
    expect(now).toMatchObject({ state: 'concept', revision: 2 });
    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ algorithmId: now.algorithm.id, current: true });
    expect(publication.record.purpose_and_impact).toBe(COMPLETE_ANSWERS['basis.goal']);
  });

  it('names the parameter when an id or revision in the URL is not a whole number', async () => {
    const { id } = await propose();
    const res = await c.proposer.get(`/api/v1/assessments/${id}/diff?from=een&to=2`).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'from', message: 'Dit moet een geheel getal vanaf 1 zijn.' }],
    });
    expect((await c.proposer.get('/api/v1/assessments/0').expect(400)).body.details).toEqual([
      expect.objectContaining({ field: 'id' }),
    ]);
  });

  it('hides another organisation’s assessments (404)', async () => {
    const { id } = await propose();
    const other = await makeCommission(ds, t.url);
    expect((await other.secretary.get(`/api/v1/assessments/${id}`)).status).toBe(404);
    expect(
      (await other.proposer.put(`/api/v1/assessments/${id}/answers`, { version: 1, answers: {} }))
        .status,
    ).toBe(404);
  });
});
