import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { makeCommission } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/**
 * Answering the commission: remarks on a question and on a section, answered one by one before
 * resubmitting; the reviewers see the answers beside a diff that covers the register fields and
 * lists removed answers.
 */
describe('Remarks, answers and the diff between revisions', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  const as: Record<string, Browser> = {};

  async function status(pending: Promise<Response>, expected: number): Promise<Response> {
    const res = await pending;
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 2000)}`);
    return res;
  }
  const version = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).version;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    for (const [key, client] of [
      ['proposer', c.proposer],
      ['reviewer', c.reviewers[0]],
    ] as const) {
      as[key] = new Browser(t.url);
      await as[key].login(client.user.email);
    }
  }, 30_000);
  afterAll(() => t.close());

  /** Revision 1 reviewed with remarks and sent back: revision 2 waits for the proposer. */
  async function sentBack(): Promise<{ id: number; reviewId: number }> {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: { ...COMPLETE_ANSWERS, 'basis.notes': 'Eerste notitie.' },
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [c.reviewers[0].user.id, c.reviewers[1].user.id],
        deadline: inDays(14),
      })
      .expect(200);
    // The review screen writes remarks per section; the API still takes them per question too.
    await c.reviewers[0]
      .post(`/api/v1/assessments/${id}/reviews`, {
        decision: 'request_changes',
        reasoning: 'Te vaag.',
        questionRemarks: { 'basis.goal': 'Welke afdelingen precies?' },
        sectionRemarks: { law: 'Onderbouw het risico.' },
      })
      .expect(201);
    await c.reviewers[1]
      .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Goed.' })
      .expect(201);
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'request_changes',
        reasoning: 'Beantwoord de opmerkingen.',
      })
      .expect(200);
    const detail = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
    expect(detail).toMatchObject({ state: 'changes_requested', revision: 2 });
    return { id, reviewId: detail.reviews.find((r: { revision: number }) => r.revision === 1).id };
  }

  it('shows each remark beside its question, and refuses resubmission until every one is answered', async () => {
    const { id, reviewId } = await sentBack();
    const goal = `${reviewId}:q:basis.goal`;
    const law = `${reviewId}:s:law`;
    const section = await as.proposer.get(`/assessments/${id}/sections/basis`).expect(200);
    const field = section.text.indexOf('name="answers[basis.goal]"');
    const remark = section.text.indexOf('Welke afdelingen precies?');
    expect(field).toBeGreaterThan(0);
    expect(remark).toBeGreaterThan(field);
    expect(section.text).toContain(`name="remarkAnswers[${goal}]"`);
    const lawPage = await as.proposer.get(`/assessments/${id}/sections/law`).expect(200);
    expect(lawPage.text).toContain('Onderbouw het risico.');

    const refused = await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'resubmit' })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'REMARKS_UNANSWERED',
      details: {
        remarks: [
          { key: goal, target: 'basis.goal' },
          { key: law, target: 'law' },
        ],
      },
    });
    expect(refused.body.message).toContain('basis.goal, law');
    const summary = await as.proposer.get(`/assessments/${id}/summary`).expect(200);
    expect(summary.text).toContain('nog niet beantwoord (2)');
    expect(summary.text).toContain(`#field-remarkAnswers.${goal}`);

    // One answer with the section's answers on the page; an unknown remark is refused by the API.
    await status(
      as.proposer.post(`/assessments/${id}/sections/basis`, {
        version: String(await version(id)),
        'answers[basis.goal]': 'Meldingen naar de twaalf wijkteams.',
        'answers[basis.personal]': 'false',
        'answers[basis.human]': 'human_always',
        'answers[basis.notes]': '',
        [`remarkAnswers[${goal}]`]: 'De twaalf wijkteams; zie het doel.',
      }),
      303,
    );
    const unknown = await c.proposer
      .put(`/api/v1/assessments/${id}/remark-answers`, {
        version: await version(id),
        answers: { '999:q:basis.goal': 'x' },
      })
      .expect(400);
    expect(unknown.body.details).toEqual([
      expect.objectContaining({ field: 'remarkAnswers.999:q:basis.goal' }),
    ]);
    await c.proposer
      .put(`/api/v1/assessments/${id}/remark-answers`, {
        version: await version(id),
        answers: { [law]: 'Geen hoog risico: geen besluiten over personen.' },
      })
      .expect(200);
    await c.proposer
      .patch(`/api/v1/assessments/${id}/register`, {
        version: await version(id),
        considerations: 'Sneller dan met de hand; de wijkteams controleren elke melding.',
      })
      .expect(200);
    const again = await c.proposer.post(`/api/v1/assessments/${id}/transitions`, {
      action: 'resubmit',
    });
    expect(again.body).toMatchObject({ state: 'in_review' });

    const diff = (
      await c.reviewers[0].get(`/api/v1/assessments/${id}/diff?from=1&to=2`).expect(200)
    ).body;
    expect(diff.answers).toEqual([
      expect.objectContaining({ questionId: 'basis.goal', change: 'changed' }),
      expect.objectContaining({
        questionId: 'basis.notes',
        before: 'Eerste notitie.',
        after: null,
        change: 'removed',
      }),
    ]);
    // The purpose was the goal's answer, so it follows the changed answer; the considerations
    // are the proposer's own text.
    expect(diff.registerFields).toEqual([
      {
        field: 'purpose_and_impact',
        before: COMPLETE_ANSWERS['basis.goal'],
        after: 'Meldingen naar de twaalf wijkteams.',
        change: 'changed',
      },
      {
        field: 'considerations',
        before: REGISTER_FIELDS.considerations,
        after: 'Sneller dan met de hand; de wijkteams controleren elke melding.',
        change: 'changed',
      },
    ]);
    expect(diff.remarks).toEqual([
      expect.objectContaining({ key: goal, answer: 'De twaalf wijkteams; zie het doel.' }),
      expect.objectContaining({
        key: law,
        answer: 'Geen hoog risico: geen besluiten over personen.',
      }),
    ]);

    const review = await as.reviewer.get(`/assessments/${id}/review`).expect(200);
    expect(review.text).toContain('De twaalf wijkteams; zie het doel.');
    expect(review.text).toContain('Geen hoog risico: geen besluiten over personen.');
    expect(review.text).toContain('verwijderd');
    expect(review.text).toContain('Registervelden (de openbare teksten)');
    expect(review.text).toContain('de wijkteams controleren elke melding');

    const events = await ds.getRepository(AuditEvent).findBy({
      objectType: 'assessment',
      objectId: String(id),
      action: 'assessment.resubmit',
    });
    expect(events.map((e) => `${e.result}:${String(e.details?.code ?? '')}`)).toEqual([
      'refused:REMARKS_UNANSWERED',
      'success:',
    ]);
  });

  it('keeps a remark answer typed on a refused section save', async () => {
    const { id, reviewId } = await sentBack();
    const goal = `${reviewId}:q:basis.goal`;
    const res = await status(
      as.proposer.post(`/assessments/${id}/sections/basis`, {
        version: String(await version(id)),
        'answers[basis.start]': '31-01-2026',
        [`remarkAnswers[${goal}]`]: 'Mijn getypte antwoord',
      }),
      400,
    );
    expect(res.text).toContain('>Mijn getypte antwoord</textarea>');
    expect(res.text).toContain('Welke afdelingen precies?');
  });
});
