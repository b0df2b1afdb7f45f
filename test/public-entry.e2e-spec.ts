import { DataSource } from 'typeorm';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { ReassessmentsDueJob } from '../src/assessments/reassessments-due.job';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { operatorContext } from '../src/common/request-context';
import { Publication } from '../src/publications/entities/publication.entity';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { ApiClient, makeCommission } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/**
 * Issue 11, item 7: a published application always has a way forward. The public entry's life
 * (published, re-assessment due, retired) is apart from the revision being worked on.
 */
describe('The public entry’s life, apart from the revision', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  let secretaryPages: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    secretaryPages = new Browser(t.url);
    await secretaryPages.login(c.secretary.user.email);
  });
  afterAll(() => t.close());

  const step = (client: ApiClient, id: number, action: string, extra: object = {}) =>
    client.post(`/api/v1/assessments/${id}/transitions`, { action, ...extra });
  const detail = async (id: number) =>
    (await c.secretary.get(`/api/v1/assessments/${id}`).expect(200)).body;
  const entry = async (publicId: string) =>
    (await c.secretary.get(`/api/v1/register/${publicId}`).expect(200)).body;

  /** Proposed, reviewed by two, approved and published; returns its id and public id. */
  async function published(): Promise<{ id: number; publicId: string }> {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    await submitAndApprove(id);
    const done = (await step(c.secretary, id, 'publish').expect(200)).body;
    return { id, publicId: done.algorithm.publicId };
  }

  async function submitAndApprove(id: number, decision: 'approve' | 'reject' = 'approve') {
    const submitted = (await detail(id)).state === 'concept' ? 'submit' : 'resubmit';
    await step(c.proposer, id, submitted).expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: c.reviewers.slice(0, 2).map((r) => r.user.id),
        deadline: inDays(14),
      })
      .expect(200);
    for (const reviewer of c.reviewers.slice(0, 2))
      await reviewer
        .post(`/api/v1/assessments/${id}/reviews`, { decision, reasoning: 'Afgewogen.' })
        .expect(201);
    await step(c.secretary, id, decision, { reasoning: 'Het besluit van de commissie.' }).expect(
      200,
    );
  }

  /** The proposer changes the public name in a new revision (opened by changing an answer). */
  async function reviseWithNewName(id: number, name: string): Promise<void> {
    const opened = await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: (await detail(id)).version,
        answers: { 'basis.goal': `Een ander doel voor ${name}.` },
      })
      .expect(200);
    await c.proposer
      .patch(`/api/v1/assessments/${id}/register`, { version: opened.body.version, name })
      .expect(200);
  }

  it('withdrawing a revision leaves the published version public and correct; a new one can start', async () => {
    const { id, publicId } = await published();
    const before = await entry(publicId);
    await reviseWithNewName(id, 'Naam van een ingetrokken revisie');
    await step(c.proposer, id, 'withdraw', { version: (await detail(id)).version }).expect(200);

    const after = await entry(publicId);
    expect(after.record.name).toBe(REGISTER_FIELDS.name);
    expect(after).toMatchObject({ version: before.version, lifecycle: 'published' });
    expect(after.assessment).toEqual(before.assessment);
    expect(await detail(id)).toMatchObject({ state: 'withdrawn', publicState: 'published' });

    // The way forward: a re-assessment, by the secretary as well as the proposer.
    const again = (await step(c.secretary, id, 'revise').expect(200)).body;
    expect(again).toMatchObject({ state: 'concept', revision: 3 });
  });

  it('rejecting a revision leaves the published version public with its approval', async () => {
    const { id, publicId } = await published();
    await reviseWithNewName(id, 'Naam van een afgewezen revisie');
    await submitAndApprove(id, 'reject');
    const after = await entry(publicId);
    expect(after.record.name).toBe(REGISTER_FIELDS.name);
    expect(after.assessment).toMatchObject({ decision: 'approved', revision: 1 });
    expect(after.lifecycle).toBe('published');
    expect(await detail(id)).toMatchObject({ state: 'rejected', publicState: 'published' });
    expect((await detail(id)).availableActions).toEqual(
      expect.arrayContaining(['revise', 'retire', 'mark_reassessment_due']),
    );
  });

  it('retires whatever state a revision is in, from what is public, never the revision’s edits', async () => {
    const { id, publicId } = await published();
    await reviseWithNewName(id, 'Naam die nooit openbaar werd');
    await step(c.proposer, id, 'submit', { version: (await detail(id)).version }).expect(200);
    expect((await detail(id)).availableActions).toEqual(expect.arrayContaining(['retire']));

    const retired = (await step(c.secretary, id, 'retire').expect(200)).body;
    expect(retired.state).toBe('retired');
    const after = await entry(publicId);
    expect(after).toMatchObject({ lifecycle: 'retired', version: 2 });
    expect(after.record).toMatchObject({ name: REGISTER_FIELDS.name, status: 'Buiten gebruik' });
    expect(after.assessment).toMatchObject({ decision: 'approved', revision: 1 });

    // Nothing more happens to a retired entry: refused, named, audited, nothing written.
    const versionBefore = (await detail(id)).version;
    const refused = await step(c.secretary, id, 'mark_reassessment_due').expect(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refused.body.message).toBe(
      'De publicatie is buiten gebruik: deze stap (mark_reassessment_due) kan niet meer.',
    );
    expect((await detail(id)).version).toBe(versionBefore);
    const events = await ds.getRepository(AuditEvent).findBy({
      objectType: 'assessment',
      objectId: String(id),
      action: 'assessment.mark_reassessment_due',
    });
    expect(events.map((e) => e.result)).toEqual(['refused']);
  });

  it('refuses the entry’s steps while nothing is public', async () => {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    await step(c.proposer, created.body.id, 'withdraw').expect(200);
    for (const action of ['revise', 'retire', 'mark_reassessment_due']) {
      const res = await step(c.secretary, created.body.id, action).expect(409);
      expect(res.body.message).toBe(
        `Er is nog niets gepubliceerd: deze stap (${action}) gaat over de publicatie.`,
      );
    }
  });

  it('a daily job marks published approvals past their date as re-assessment due, which the entry shows', async () => {
    const { id, publicId } = await published();
    const later = await published();
    // A revision is open: the job leaves it alone.
    await reviseWithNewName(id, 'Naam in bewerking');
    const revisionBefore = await detail(id);
    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ assessmentId: id, current: true });
    expect(publication.reassessmentDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await ds
      .getRepository(Publication)
      .update({ id: publication.id }, { reassessmentDue: '2020-01-01' });

    // The scheduler knows the job by name; it runs it daily and at start-up.
    const names = (await t.app.get(SchedulerService).statuses()).map((s) => s.name);
    expect(names).toContain('reassessments-due');
    const job = t.app.get(ReassessmentsDueJob);
    const run = { ctx: operatorContext(), now: new Date(), day: '2026-11-30' };
    expect(await job.run(run)).toEqual({ marked: 1 });
    expect(await job.run(run)).toEqual({ marked: 0 });

    expect(await entry(publicId)).toMatchObject({ lifecycle: 'reassessment_due' });
    expect(await entry(later.publicId)).toMatchObject({ lifecycle: 'published' });
    const page = await new Browser(t.url).get(`/register/${publicId}`).redirects(1).expect(200);
    expect(page.text).toContain('id="reassessment-due"');
    expect(page.text).toContain('Hertoetsing nodig');

    const revision = await detail(id);
    expect(revision).toMatchObject({
      state: revisionBefore.state,
      version: revisionBefore.version,
      publicState: 'reassessment_due',
    });
    const audited = await ds.getRepository(AuditEvent).findOneByOrFail({
      objectType: 'assessment',
      objectId: String(id),
      action: 'assessment.mark_reassessment_due',
    });
    expect(audited).toMatchObject({ result: 'success', actorUserId: null });

    // The secretary's follow-ups: every published application with its next date.
    const followUps = (await c.secretary.get('/api/v1/follow-ups').expect(200)).body;
    const ofId = (x: { assessmentId: number }) => x.assessmentId === id;
    expect(followUps.published.find(ofId)).toMatchObject({
      publicState: 'reassessment_due',
      reassessmentDue: '2020-01-01',
      due: true,
    });
    expect(
      followUps.published.find((x: { assessmentId: number }) => x.assessmentId === later.id),
    ).toMatchObject({ publicState: 'published', due: false });
    const dashboard = await secretaryPages.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('2020-01-01');
  });

  it('the secretary marks an entry due by hand, and the overview page shows the entry’s life', async () => {
    const { id } = await published();
    const overview = await secretaryPages.get(`/assessments/${id}`).expect(200);
    expect(overview.text).toContain('Publicatie in het register: <strong>Gepubliceerd</strong>');
    const marked = await secretaryPages.post(
      `/assessments/${id}/actions`,
      { action: 'mark_reassessment_due', version: String((await detail(id)).version) },
      `/assessments/${id}`,
    );
    expect(marked.status).toBe(303);
    expect(await detail(id)).toMatchObject({ state: 'published', publicState: 'reassessment_due' });
    const shown = await secretaryPages.get(`/assessments/${id}`).expect(200);
    expect(shown.text).toContain('<strong>Hertoetsing nodig</strong>');
    const assessment = await ds.getRepository(Assessment).findOneByOrFail({ id });
    expect(assessment.state).toBe('published');
  });
});
