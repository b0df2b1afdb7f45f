import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Review } from '../src/reviews/entities/review.entity';
import { apiClientFor, makeCommission } from './support/api';
import type { ApiClient } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/** The HTML of one question on the review screen, from its term to the end of its answer. */
function item(html: string, question: string): string {
  const start = html.indexOf(`<dt>${question}`);
  if (start < 0) throw new Error(`No question "${question}" on the page`);
  return html.slice(start, html.indexOf('</dd>', start));
}

/** The HTML of one section on the review screen, from its heading to the next section's or the reviews. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="section-${id}"`);
  if (start < 0) throw new Error(`No section "${id}" on the page`);
  const ends = ['class="waarborg-review-section"', 'id="reviews"']
    .map((marker) => html.indexOf(marker, start))
    .filter((at) => at > 0);
  return html.slice(start, Math.min(...ends));
}

/**
 * The reviewer's screen built for reviewing: a summary and a way to each section and the sign-off
 * at the top, the answers as text with what is missing or does not apply said so, the change
 * from the revision before marked at the question, and a remark field under each section that
 * only an assigned reviewer of the current revision may write in, recorded with the sign-off.
 */
describe('The review screen', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  let other: Commission;
  let proposerReviewer: ApiClient;
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
    other = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    // One person who proposes and reviews in the same organisation.
    proposerReviewer = await apiClientFor(
      ds,
      t.url,
      await makeUser(ds, {
        name: 'Indiener en toetser',
        roles: [
          [c.org, Role.Proposer],
          [c.org, Role.Reviewer],
        ],
      }),
    );
    for (const [key, client] of [
      ['proposer', c.proposer],
      ['secretary', c.secretary],
      ['reviewerA', c.reviewers[0]],
      ['reviewerC', c.reviewers[2]],
      ['otherReviewer', other.reviewers[0]],
      ['proposerReviewer', proposerReviewer],
    ] as const) {
      as[key] = new Browser(t.url);
      await as[key].login(client.user.email);
    }
  }, 60_000);
  afterAll(() => t.close());

  /** A proposal by `by` with these answers, submitted and given to reviewers A and B. */
  async function inReview(
    answers: Record<string, unknown> = COMPLETE_ANSWERS,
    by: ApiClient = c.proposer,
  ): Promise<number> {
    const created = await by
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    await by
      .put(`/api/v1/assessments/${id}/answers`, { version: created.body.version, answers })
      .expect(200);
    await by.post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' }).expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: [c.reviewers[0].user.id, c.reviewers[1].user.id],
        deadline: inDays(14),
      })
      .expect(200);
    return id;
  }

  const reviewOf = (assessmentId: number, reviewerId: number) =>
    ds.getRepository(Review).findOneByOrFail({ assessmentId, reviewerId });

  it('opens with the summary and a way to each section and to the sign-off', async () => {
    const id = await inReview();
    const page = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
    const html = page.text;
    const order = [
      'id="review-summary"',
      'id="review-contents"',
      'id="section-basis"',
      'id="section-law"',
      'id="your-review"',
      'id="sign-off"',
    ].map((marker) => html.indexOf(marker));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('0 van de 2 toetsers hebben getekend');
    expect(html).toContain('Uitkomsten van de regels');
    for (const target of ['#section-basis', '#section-law', '#your-review'])
      expect(html).toContain(`href="${target}"`);
    // Headings go down one level at a time.
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((level, i) => expect(level - levels[i]).toBeLessThanOrEqual(1));
  });

  it('shows the answers as text, saying which are not answered and which do not apply', async () => {
    const id = await inReview({ ...COMPLETE_ANSWERS, 'basis.start': '2026-03-01' });
    const { text: html } = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
    expect(html).not.toContain('name="answers[');
    expect(item(html, 'Doel')).toContain(COMPLETE_ANSWERS['basis.goal']);
    expect(item(html, 'Persoonsgegevens?')).toContain('>Nee<');
    expect(item(html, 'Wie beslist?')).toContain('Altijd een mens');
    expect(item(html, 'Start')).toContain('1 maart 2026');
    expect(item(html, 'Besluiten over personen?')).toContain('Niet beantwoord');
    // Asked only when personal data are processed, which they are not.
    expect(item(html, 'Bijzondere persoonsgegevens?')).toContain('Niet van toepassing');
  });

  it('offers an assigned reviewer one remark field per section, part of the sign-off, and shows the remark to the proposer', async () => {
    const id = await inReview();
    const { text: html } = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
    expect(html).not.toContain('questionRemarks[');
    for (const s of ['basis', 'law'])
      expect(section(html, s)).toMatch(
        new RegExp(`name="sectionRemarks\\[${s}\\]" form="sign-off"`),
      );
    await status(
      as.reviewerA.post(`/assessments/${id}/review`, {
        decision: 'request_changes',
        reasoning: 'Het doel is niet meetbaar.',
        'sectionRemarks[basis]': 'Maak het doel meetbaar.',
        'sectionRemarks[law]': '',
      }),
      303,
    );
    expect((await reviewOf(id, c.reviewers[0].user.id)).sectionRemarks).toEqual({
      basis: 'Maak het doel meetbaar.',
    });
    // Read where it applies, by everyone who may see the assessment.
    const secretary = await as.secretary.get(`/assessments/${id}/review`).expect(200);
    expect(section(secretary.text, 'basis')).toContain('Maak het doel meetbaar.');
    expect(secretary.text).not.toContain('sectionRemarks[');

    await c.reviewers[1]
      .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Goed.' })
      .expect(201);
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'request_changes',
        reasoning: 'Beantwoord de opmerking.',
      })
      .expect(200);
    const proposer = await as.proposer.get(`/assessments/${id}/sections/basis`).expect(200);
    expect(proposer.text).toContain('Maak het doel meetbaar.');
    expect(proposer.text).toMatch(/name="remarkAnswers\[\d+:s:basis\]"/);
  });

  it('marks each change since the revision before at its question, counted per section', async () => {
    const id = await inReview({ ...COMPLETE_ANSWERS, 'basis.notes': 'Eerste notitie.' });
    await status(
      as.reviewerA.post(`/assessments/${id}/review`, {
        decision: 'request_changes',
        reasoning: 'Te vaag.',
        'sectionRemarks[basis]': 'Welke afdelingen precies?',
      }),
      303,
    );
    await c.reviewers[1]
      .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Goed.' })
      .expect(201);
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'request_changes',
        reasoning: 'Zie de opmerking.',
      })
      .expect(200);
    const detail = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
    const reviewId = detail.reviews.find(
      (r: { revision: number; reviewer: { id: number } }) =>
        r.revision === 1 && r.reviewer.id === c.reviewers[0].user.id,
    ).id;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: detail.version,
        answers: { 'basis.goal': 'De twaalf wijkteams.', 'basis.notes': null },
      })
      .expect(200);
    const version = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body.version;
    await c.proposer
      .put(`/api/v1/assessments/${id}/remark-answers`, {
        version,
        answers: { [`${reviewId}:s:basis`]: 'Zie het doel: de twaalf wijkteams.' },
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'resubmit' })
      .expect(200);

    const { text: html } = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
    expect(item(html, 'Doel')).toContain(
      '<del class="waarborg-del"><span class="waarborg-visually-hidden">was: </span>' +
        `<span class="waarborg-answer">${COMPLETE_ANSWERS['basis.goal']}</span></del>`,
    );
    expect(item(html, 'Doel')).toContain(
      '<ins class="waarborg-ins"><span class="waarborg-visually-hidden">nu: </span>' +
        '<span class="waarborg-answer">De twaalf wijkteams.</span></ins>',
    );
    expect(item(html, 'Opmerkingen')).toContain('verwijderd');
    expect(item(html, 'Opmerkingen')).toMatch(/<del[^>]*>.*Eerste notitie\..*<\/del>/s);
    expect(item(html, 'Wie beslist?')).not.toContain('<del');
    expect(html).toMatch(/href="#section-basis">Basis<\/a> <span[^>]*>\(wijzigingen: 2\)/);
    expect(html).toMatch(/href="#section-law">Wetgeving<\/a> <span[^>]*>\(wijzigingen: 0\)/);
    // The remark on the section, with the proposer's answer, in the section it was made on.
    expect(section(html, 'basis')).toContain('Welke afdelingen precies?');
    expect(section(html, 'basis')).toContain('Zie het doel: de twaalf wijkteams.');
    expect(section(html, 'law')).not.toContain('Welke afdelingen precies?');
    // Revision 1 as it was: nothing to compare it with.
    const first = await as.reviewerA.get(`/assessments/${id}/review?revision=1`).expect(200);
    expect(first.text).not.toContain('<del');
    expect(item(first.text, 'Doel')).toContain(COMPLETE_ANSWERS['basis.goal']);
    expect(first.text).not.toContain('sectionRemarks[');
  });

  describe('who may write a remark', () => {
    const remark = {
      decision: 'approve',
      reasoning: 'Prima.',
      'sectionRemarks[basis]': 'Ik was hier.',
    };

    it('refuses a reviewer of the organisation who is not assigned, and one of another organisation', async () => {
      const id = await inReview();
      for (const who of ['reviewerC', 'otherReviewer']) {
        await as[who].get(`/assessments/${id}/review`).expect(404);
        await status(as[who].post(`/assessments/${id}/review`, remark), 404);
      }
      const reviews = await ds.getRepository(Review).findBy({ assessmentId: id });
      expect(reviews.map((r) => r.sectionRemarks)).toEqual([null, null]);
    });

    it('refuses the proposer who is also a reviewer, even with a review put there by hand', async () => {
      const id = await inReview(COMPLETE_ANSWERS, proposerReviewer);
      await ds
        .getRepository(Review)
        .insert({ assessmentId: id, revision: 1, reviewerId: proposerReviewer.user.id });
      const page = await as.proposerReviewer.get(`/assessments/${id}/review`).expect(200);
      expect(page.text).not.toContain('sectionRemarks[');
      expect(page.text).toContain('U hebt deze aanvraag zelf ingediend');
      const res = await status(as.proposerReviewer.post(`/assessments/${id}/review`, remark), 403);
      expect(res.text).toContain('Scheiding van functies');
      expect((await reviewOf(id, proposerReviewer.user.id)).sectionRemarks).toBeNull();
    });

    it('lets the same person write as an assigned reviewer of a colleague’s proposal', async () => {
      const id = await inReview();
      await c.secretary
        .post(`/api/v1/assessments/${id}/reviewers`, {
          reviewerIds: [proposerReviewer.user.id],
          deadline: inDays(14),
        })
        .expect(200);
      const page = await as.proposerReviewer.get(`/assessments/${id}/review`).expect(200);
      expect(section(page.text, 'law')).toContain('name="sectionRemarks[law]"');
      await status(
        as.proposerReviewer.post(`/assessments/${id}/review`, {
          ...remark,
          'sectionRemarks[basis]': '',
          'sectionRemarks[law]': 'Wettelijke basis nagaan.',
        }),
        303,
      );
      expect((await reviewOf(id, proposerReviewer.user.id)).sectionRemarks).toEqual({
        law: 'Wettelijke basis nagaan.',
      });
    });

    it('refuses a remark on a section the checklist does not have, naming the field', async () => {
      const id = await inReview();
      const res = await status(
        as.reviewerA.post(`/assessments/${id}/review`, {
          ...remark,
          'sectionRemarks[../basis]': 'Elders neergezet.',
        }),
        400,
      );
      expect(res.text).toContain('href="#field-sectionRemarks.../basis"');
      // The page comes back whole, with what was typed in its own section.
      expect(section(res.text, 'basis')).toContain('>Ik was hier.</textarea>');
      const review = await reviewOf(id, c.reviewers[0].user.id);
      expect(review).toMatchObject({ decision: null, sectionRemarks: null });
    });

    it('refuses a remark after the sign-off, keeping the one signed', async () => {
      const id = await inReview();
      await status(as.reviewerA.post(`/assessments/${id}/review`, remark), 303);
      const page = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
      expect(page.text).not.toContain('sectionRemarks[');
      expect(page.text).toContain('U hebt deze revisie al beoordeeld.');
      expect(section(page.text, 'basis')).toContain('Ik was hier.');
      await status(
        as.reviewerA.post(`/assessments/${id}/review`, {
          ...remark,
          'sectionRemarks[basis]': 'Toch anders.',
        }),
        409,
      );
      expect((await reviewOf(id, c.reviewers[0].user.id)).sectionRemarks).toEqual({
        basis: 'Ik was hier.',
      });
    });
  });
});
