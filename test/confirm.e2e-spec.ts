import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Publication } from '../src/publications/entities/publication.entity';
import { ApiClient, makeCommission } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/**
 * Issue 11, item 9: withdraw, reject, retire and publish ask for confirmation on a page that says
 * what will happen; publish shows a preview of exactly what becomes public.
 */
describe('Confirm before the irreversible', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  const as: { proposer: Browser; secretary: Browser } = {} as never;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    for (const key of ['proposer', 'secretary'] as const) {
      as[key] = new Browser(t.url);
      await as[key].login(c[key].user.email);
    }
  });
  afterAll(() => t.close());

  async function status(pending: Promise<Response>, expected: number): Promise<Response> {
    const res = await pending;
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 1500)}`);
    return res;
  }

  const step = (client: ApiClient, id: number, action: string, extra: object = {}) =>
    client.post(`/api/v1/assessments/${id}/transitions`, { action, ...extra });
  const state = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).state;
  const version = async (id: number) =>
    String((await ds.getRepository(Assessment).findOneByOrFail({ id })).version);

  async function proposed(): Promise<number> {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    await c.proposer
      .put(`/api/v1/assessments/${created.body.id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    return created.body.id;
  }

  async function inReview(): Promise<number> {
    const id = await proposed();
    await step(c.proposer, id, 'submit').expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: c.reviewers.slice(0, 2).map((r) => r.user.id),
        deadline: inDays(14),
      })
      .expect(200);
    return id;
  }

  async function approved(): Promise<number> {
    const id = await inReview();
    for (const reviewer of c.reviewers.slice(0, 2))
      await reviewer
        .post(`/api/v1/assessments/${id}/reviews`, {
          decision: 'approve',
          reasoning: 'Goed onderbouwd.',
          sectionRemarks: { basis: 'Doel helder beschreven.' },
        })
        .expect(201);
    await step(c.secretary, id, 'approve', { reasoning: 'De commissie stemt in.' }).expect(200);
    return id;
  }

  it('sends a withdrawal without confirmation to its page, which says what happens; nothing is written before', async () => {
    const id = await proposed();
    const unconfirmed = await as.proposer.post(`/assessments/${id}/actions`, {
      action: 'withdraw',
      version: await version(id),
    });
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.location).toBe(`/assessments/${id}/confirm/withdraw`);
    expect(await state(id)).toBe('concept');

    const page = await as.proposer.get(`/assessments/${id}/confirm/withdraw`).expect(200);
    expect(page.text).toContain('U trekt deze revisie van');
    expect(page.text).toContain('name="confirmed" value="yes"');
    expect(page.text).toContain(`action="/assessments/${id}/actions"`);
    const done = await as.proposer.post(`/assessments/${id}/actions`, {
      action: 'withdraw',
      version: await version(id),
      confirmed: 'yes',
    });
    expect(done.status).toBe(303);
    expect(await state(id)).toBe('withdrawn');
    // There is nothing left to confirm.
    await as.proposer.get(`/assessments/${id}/confirm/withdraw`).expect(409);
  });

  it('shows the publish preview as the register will: the record and the summary, then publishes exactly that', async () => {
    const id = await approved();
    const page = await as.secretary.get(`/assessments/${id}/confirm/publish`).expect(200);
    expect(page.text).toContain('id="publish-preview"');
    expect(page.text).toContain(REGISTER_FIELDS.name);
    expect(page.text).toContain(COMPLETE_ANSWERS['basis.goal']);
    expect(page.text).toContain('Doel helder beschreven.');
    expect(page.text).toContain('Overige algoritmes (Categorie C)');
    const { algorithmId } = await ds.getRepository(Assessment).findOneByOrFail({ id });
    expect(await ds.getRepository(Publication).countBy({ algorithmId })).toBe(0);

    await status(
      as.secretary.post(`/assessments/${id}/actions`, {
        action: 'publish',
        version: await version(id),
        confirmed: 'yes',
      }),
      303,
    );
    expect(await state(id)).toBe('published');
    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ algorithmId, current: true });
    expect(publication.record.name).toBe(REGISTER_FIELDS.name);
    const { algorithm } = await ds
      .getRepository(Assessment)
      .findOneOrFail({ where: { id }, relations: { algorithm: true } });
    const entry = await new Browser(t.url)
      .get(`/register/${algorithm.publicId}`)
      .redirects(1)
      .expect(200);
    // The same partials render both: the preview's summary and record are the entry's.
    const section = (html: string, from: string, to: string) =>
      html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));
    const previewSummary = section(page.text, '<dl class="utrecht-data-list">', '</table>');
    const entrySummary = section(entry.text, '<dl class="utrecht-data-list">', '</table>');
    expect(previewSummary).toBe(entrySummary);
  });

  it('confirms a rejection from the decision page, carrying its reasoning, before anything is written', async () => {
    const id = await inReview();
    for (const reviewer of c.reviewers.slice(0, 2))
      await reviewer
        .post(`/api/v1/assessments/${id}/reviews`, {
          decision: 'reject',
          reasoning: 'Onvoldoende.',
        })
        .expect(201);
    const page = await status(
      as.secretary.post(`/assessments/${id}/decision`, {
        action: 'reject',
        version: await version(id),
        reasoning: 'De grondrechten zijn niet geborgd.',
      }),
      200,
    );
    expect(page.text).toContain('U legt vast dat de commissie deze revisie');
    expect(page.text).toContain('name="reasoning" value="De grondrechten zijn niet geborgd."');
    expect(page.text).toContain(`action="/assessments/${id}/decision"`);
    expect(await state(id)).toBe('in_review');

    await status(
      as.secretary.post(`/assessments/${id}/decision`, {
        action: 'reject',
        version: await version(id),
        reasoning: 'De grondrechten zijn niet geborgd.',
        dissentReasoning: '',
        confirmed: 'yes',
      }),
      303,
    );
    expect(await state(id)).toBe('rejected');
  });

  it('confirms retiring on a page that says the entry stays public and a revision in progress ends', async () => {
    const id = await approved();
    await step(c.secretary, id, 'publish').expect(200);
    const overview = await as.secretary.get(`/assessments/${id}`).expect(200);
    expect(overview.text).toContain('name="action" value="retire"');
    const unconfirmed = await as.secretary.post(`/assessments/${id}/actions`, {
      action: 'retire',
      version: await version(id),
    });
    expect(unconfirmed.headers.location).toBe(`/assessments/${id}/confirm/retire`);
    expect(await state(id)).toBe('published');
    const page = await as.secretary.get(`/assessments/${id}/confirm/retire`).expect(200);
    expect(page.text).toContain('De registratie blijft openbaar');
    expect(page.text).toContain('Een revisie die nog loopt, eindigt');
    await status(
      as.secretary.post(`/assessments/${id}/actions`, {
        action: 'retire',
        version: await version(id),
        confirmed: 'yes',
      }),
      303,
    );
    expect(await state(id)).toBe('retired');
  });

  it('has no confirmation page for a step that is not irreversible, nor for someone who may not take it', async () => {
    const id = await approved();
    await as.secretary.get(`/assessments/${id}/confirm/approve`).expect(404);
    await as.proposer.get(`/assessments/${id}/confirm/publish`).expect(409);
  });
});
