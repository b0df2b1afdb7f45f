import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Coauthor } from '../src/assessments/entities/coauthor.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const PARTY = {
  assign:
    'Scheiding van functies: wie deze aanvraag heeft ingediend of er mede-indiener van is, wijst er geen toetsers voor aan.',
  review:
    'Scheiding van functies: wie deze aanvraag heeft ingediend of er mede-indiener van is, toetst haar niet.',
  decide:
    'Scheiding van functies: wie deze aanvraag heeft ingediend of er mede-indiener van is, legt er geen besluit over vast.',
  publish:
    'Scheiding van functies: wie deze aanvraag heeft ingediend of er mede-indiener van is, publiceert haar niet.',
};
const REVIEWER_DECIDES =
  'Scheiding van functies: wie deze aanvraag toetst, legt niet ook het besluit van de commissie vast.';

/**
 * One person holding two roles tries every step on their own assessment, through the API and the
 * pages, as a determined insider would: each is refused with SEPARATION_OF_DUTIES, the rule in
 * the message, nothing written and the refusal audited.
 */
describe('Separation of duties on one assessment', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  const api: Record<string, ApiClient> = {};
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
    org = await makeOrganisation(ds);
    await offerTemplate(t, fixtureTemplate(1), org);
    const people: [string, Role[]][] = [
      ['proposer', [Role.Proposer]],
      ['proposerSecretary', [Role.Proposer, Role.Secretary]],
      ['proposerReviewer', [Role.Proposer, Role.Reviewer]],
      ['reviewerSecretary', [Role.Reviewer, Role.Secretary]],
      ['secretary', [Role.Secretary]],
      ['reviewerA', [Role.Reviewer]],
      ['reviewerB', [Role.Reviewer]],
    ];
    for (const [key, roles] of people) {
      const user = await makeUser(ds, {
        name: key,
        email: `${key.toLowerCase()}@sod.example`,
        roles: roles.map((r) => [org, r]),
      });
      api[key] = await apiClientFor(ds, t.url, user);
      as[key] = new Browser(t.url);
      await status(as[key].login(user.email), 303);
    }
  });
  afterAll(() => t.close());

  const step = (who: string, id: number, action: string, extra: object = {}) =>
    api[who].post(`/api/v1/assessments/${id}/transitions`, { action, ...extra });
  const version = async (id: number) =>
    String((await ds.getRepository(Assessment).findOneByOrFail({ id })).version);
  const state = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).state;
  const refused = async (id: number) =>
    (
      await ds.getRepository(AuditEvent).find({
        where: { objectType: 'assessment', objectId: String(id), result: 'refused' },
        order: { seq: 'ASC' },
      })
    ).map((e) => `${e.action}:${String(e.details?.code)}`);

  /** A submitted proposal of `who`, answered completely. */
  async function submitted(who: string): Promise<number> {
    const created = await api[who]
      .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    await api[who]
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    await step(who, id, 'submit').expect(200);
    return id;
  }

  const expectRefused = (res: Response, message: string) => {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'SEPARATION_OF_DUTIES', message });
  };

  describe('one person who is proposer and secretary', () => {
    it('cannot assign reviewers to their own proposal, through the API or the page', async () => {
      const id = await submitted('proposerSecretary');
      expectRefused(
        await api.proposerSecretary.post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerA.user.id, api.reviewerB.user.id],
        }),
        PARTY.assign,
      );
      const page = await as.proposerSecretary.get(`/assessments/${id}/reviewers`).expect(200);
      expect(page.text).not.toContain('name="reviewerIds[]"');
      const post = await status(
        as.proposerSecretary.post(`/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          version: await version(id),
          'reviewerIds[]': [String(api.reviewerA.user.id), String(api.reviewerB.user.id)],
        }),
        403,
      );
      expect(post.text).toContain(PARTY.assign);
      expect(await state(id)).toBe('submitted');
      expect(await ds.getRepository(Review).countBy({ assessmentId: id })).toBe(0);
      expect(await refused(id)).toEqual([
        'assessment.assign:SEPARATION_OF_DUTIES',
        'assessment.assign:SEPARATION_OF_DUTIES',
      ]);
    });

    it('cannot decide on or publish their own proposal, whatever its state', async () => {
      const id = await submitted('proposerSecretary');
      await api.secretary
        .post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerA.user.id, api.reviewerB.user.id],
        })
        .expect(200);
      for (const action of ['approve', 'approve_with_conditions', 'reject', 'request_changes'])
        expectRefused(
          await step('proposerSecretary', id, action, { reasoning: 'Eigen besluit.' }),
          PARTY.decide,
        );
      expectRefused(await step('proposerSecretary', id, 'publish'), PARTY.publish);
      const overview = await as.proposerSecretary.get(`/assessments/${id}`).expect(200);
      expect(overview.text).not.toContain(`href="/assessments/${id}/decision"`);
      const decision = await status(
        as.proposerSecretary.post(`/assessments/${id}/decision`, {
          version: await version(id),
          action: 'approve',
          reasoning: 'Eigen besluit.',
        }),
        403,
      );
      expect(decision.text).toContain(PARTY.decide);
      const publish = await status(
        as.proposerSecretary.post(`/assessments/${id}/actions`, {
          version: await version(id),
          action: 'publish',
          confirmed: 'yes',
        }),
        403,
      );
      expect(publish.text).toContain(PARTY.publish);
      expect(await state(id)).toBe('in_review');
    });
  });

  describe('one person who is proposer and reviewer', () => {
    it('is never offered as reviewer of their own proposal, cannot be assigned, and cannot sign it', async () => {
      const id = await submitted('proposerReviewer');
      const eligible = await api.secretary
        .get(`/api/v1/assessments/${id}/reviewers/eligible`)
        .expect(200);
      expect(eligible.body.map((u: { id: number }) => u.id)).not.toContain(
        api.proposerReviewer.user.id,
      );
      const assign = await api.secretary.post(`/api/v1/assessments/${id}/reviewers`, {
        deadline: inDays(14),
        reviewerIds: [api.proposerReviewer.user.id, api.reviewerA.user.id],
      });
      expect(assign.status).toBe(403);
      expect(assign.body.code).toBe('SEPARATION_OF_DUTIES');
      // Even with a review row put there by hand, the sign-off is refused.
      await ds.getRepository(Review).insert({
        assessmentId: id,
        revision: 1,
        reviewerId: api.proposerReviewer.user.id,
      });
      await ds.getRepository(Assessment).update({ id }, { state: 'in_review' });
      expectRefused(
        await api.proposerReviewer.post(`/api/v1/assessments/${id}/reviews`, {
          decision: 'approve',
          reasoning: 'Mijn eigen aanvraag is prima.',
        }),
        PARTY.review,
      );
      const page = await as.proposerReviewer.get(`/assessments/${id}/review`).expect(200);
      expect(page.text).not.toContain('name="decision"');
      const post = await status(
        as.proposerReviewer.post(`/assessments/${id}/review`, {
          decision: 'approve',
          reasoning: 'Prima.',
        }),
        403,
      );
      expect(post.text).toContain(PARTY.review);
      const review = await ds.getRepository(Review).findOneByOrFail({
        assessmentId: id,
        reviewerId: api.proposerReviewer.user.id,
      });
      expect(review.decision).toBeNull();
      expect(await refused(id)).toEqual([
        'assessment.assign:SEPARATION_OF_DUTIES',
        'review.sign:SEPARATION_OF_DUTIES',
        'review.sign:SEPARATION_OF_DUTIES',
      ]);
    });
  });

  describe('one person who is reviewer and secretary', () => {
    it('may assign and review, but not record the decision on what they reviewed', async () => {
      const id = await submitted('proposer');
      await api.reviewerSecretary
        .post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerSecretary.user.id, api.reviewerA.user.id],
        })
        .expect(200);
      for (const who of ['reviewerSecretary', 'reviewerA'])
        await api[who]
          .post(`/api/v1/assessments/${id}/reviews`, { decision: 'approve', reasoning: 'Goed.' })
          .expect(201);
      expectRefused(
        await step('reviewerSecretary', id, 'approve', { reasoning: 'Akkoord.' }),
        REVIEWER_DECIDES,
      );
      const page = await status(
        as.reviewerSecretary.post(`/assessments/${id}/decision`, {
          version: await version(id),
          action: 'approve',
          reasoning: 'Akkoord.',
        }),
        403,
      );
      expect(page.text).toContain(REVIEWER_DECIDES);
      expect(await state(id)).toBe('in_review');
      // Another secretary decides.
      await step('secretary', id, 'approve', { reasoning: 'Akkoord.' }).expect(200);
    });
  });

  describe('a co-author', () => {
    it('is a party like the proposer: cannot assign, review, decide or publish, and is never a reviewer', async () => {
      const created = await api.proposer
        .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
        .expect(201);
      const id: number = created.body.id;
      const eligible = await api.proposer
        .get(`/api/v1/assessments/${id}/coauthors/eligible`)
        .expect(200);
      expect(eligible.body.map((u: { id: number }) => u.id)).toEqual(
        expect.arrayContaining([api.proposerSecretary.user.id, api.proposerReviewer.user.id]),
      );
      // Through the page, as the proposer would.
      const added = await status(
        as.proposer.post(`/assessments/${id}/coauthors`, {
          userId: String(api.proposerSecretary.user.id),
        }),
        303,
      );
      expect(added.headers.location).toBe(`/assessments/${id}`);
      await api.proposer
        .post(`/api/v1/assessments/${id}/coauthors`, { userId: api.proposerReviewer.user.id })
        .expect(200);
      const detail = await api.proposer.get(`/api/v1/assessments/${id}`).expect(200);
      expect(detail.body.coauthors.map((c: { name: string }) => c.name)).toEqual([
        'proposerSecretary',
        'proposerReviewer',
      ]);
      // The co-author writes and submits as the proposer does.
      await api.proposerSecretary
        .put(`/api/v1/assessments/${id}/answers`, {
          version: detail.body.version,
          answers: COMPLETE_ANSWERS,
        })
        .expect(200);
      await step('proposerSecretary', id, 'submit').expect(200);

      expectRefused(
        await api.proposerSecretary.post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerA.user.id, api.reviewerB.user.id],
        }),
        PARTY.assign,
      );
      const assign = await api.secretary.post(`/api/v1/assessments/${id}/reviewers`, {
        deadline: inDays(14),
        reviewerIds: [api.proposerReviewer.user.id, api.reviewerA.user.id],
      });
      expect(assign.body.code).toBe('SEPARATION_OF_DUTIES');
      await api.secretary
        .post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerA.user.id, api.reviewerB.user.id],
        })
        .expect(200);
      expectRefused(
        await step('proposerSecretary', id, 'approve', { reasoning: 'x' }),
        PARTY.decide,
      );
      expectRefused(await step('proposerSecretary', id, 'publish'), PARTY.publish);
    });

    it('cannot be someone who already reviews the proposal, and only the proposer adds one', async () => {
      const id = await submitted('proposer');
      await api.secretary
        .post(`/api/v1/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          reviewerIds: [api.reviewerA.user.id, api.reviewerB.user.id],
        })
        .expect(200);
      await ds.getRepository(Assessment).update({ id }, { state: 'concept' });
      const res = await api.proposer.post(`/api/v1/assessments/${id}/coauthors`, {
        userId: api.reviewerA.user.id,
      });
      expectRefused(
        res,
        'Scheiding van functies: wie deze aanvraag toetst, kan er geen mede-indiener van worden.',
      );
      const stranger = await api.proposer.post(`/api/v1/assessments/${id}/coauthors`, {
        userId: api.secretary.user.id,
      });
      expect(stranger.status).toBe(400);
      expect(stranger.body.details).toEqual([expect.objectContaining({ field: 'userId' })]);
      expect(await ds.getRepository(Coauthor).countBy({ assessmentId: id })).toBe(0);
      expect(await refused(id)).toEqual([
        'assessment.coauthor_add:SEPARATION_OF_DUTIES',
        'assessment.coauthor_add:VALIDATION_FAILED',
      ]);
    });
  });
});
