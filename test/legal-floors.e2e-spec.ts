import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Answer } from '../src/assessments/entities/answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import type { ChecklistTemplateContent } from '../src/checklists/template.types';
import type { LegalFact } from '../src/law/legal-facts';
import { Publication } from '../src/publications/entities/publication.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { factSection, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const t = (nl: string) => ({ nl, en: nl });

/** A template as an admin might write one to get around the commission: no rules at all. */
function rulelessTemplate(): ChecklistTemplateContent {
  return {
    key: 'zonder-regels',
    version: 1,
    title: t('Kader zonder regels'),
    description: t('Geen enkele blokkerende regel'),
    sections: [
      {
        id: 'doel',
        title: t('Doel'),
        questions: [
          {
            id: 'doel.wat',
            type: 'text',
            required: false,
            text: t('Wat doet het?'),
            urns: ['urn:nl:ak:ver:aia-00'],
            maxLength: 500,
          },
        ],
      },
      factSection(),
    ],
    rules: {
      blocking: [],
      riskClass: [{ value: 'minimal' }],
      publicationCategory: [{ value: 'C' }],
      requiredApprovals: [{ value: 1 }],
      reassessmentMonths: [{ value: 36 }],
    },
  };
}

type Facts = Partial<Record<LegalFact, boolean>>;

/** Facts that clear every floor; each case below breaks one. */
const CLEAR: Facts = {
  ai_system: true,
  prohibited_practice: false,
  high_risk: false,
  decides_about_people: false,
  personal_data: false,
  human_final_decision: true,
};

const CASES: [string, Facts, string, RegExp][] = [
  [
    'a prohibited AI practice',
    { prohibited_practice: true },
    'prohibited_practice',
    /AI-verordening art\. 5/,
  ],
  [
    'a decision about people that no human takes',
    { decides_about_people: true, human_final_decision: false },
    'human_decision',
    /AVG art\. 22/,
  ],
  [
    'a high-risk AI system without a fundamental rights assessment',
    { high_risk: true, fria_done: false },
    'fria',
    /AI-verordening art\. 27/,
  ],
  [
    'special categories of personal data without a DPIA',
    { personal_data: true, special_categories: true, profiling: false, dpia_done: false },
    'dpia',
    /AVG art\. 35/,
  ],
];

const answersOf = (facts: Facts) =>
  Object.fromEntries(Object.entries(facts).map(([fact, v]) => [`facts.${fact}`, v]));

describe('Legal floors, whatever template is active', () => {
  let t: TestApp;
  let ds: DataSource;
  let orgId: number;
  let proposer: ApiClient;
  let secretary: ApiClient;
  let reviewerId: number;
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
    const org = await makeOrganisation(ds);
    orgId = org.id;
    const person = async (key: string, roles: [typeof org, Role][]) => {
      const user = await makeUser(ds, { name: key, email: `${key}@floors.example`, roles });
      as[key] = new Browser(t.url);
      await as[key].login(user.email);
      return apiClientFor(ds, t.url, user);
    };
    proposer = await person('proposer', [[org, Role.Proposer]]);
    secretary = await person('secretary', [[org, Role.Secretary]]);
    reviewerId = (await person('reviewer', [[org, Role.Reviewer]])).user.id;
    // The organisation's own admin installs the template as its own and adopts it: new proposals
    // use it. No template, however installed, reaches further than this.
    const admin = await person('admin', [[org, Role.Admin]]);
    const installed = await admin
      .post(`/api/v1/organisations/${org.id}/checklists`, rulelessTemplate())
      .expect(201);
    await admin
      .put(`/api/v1/organisations/${org.id}/checklist`, { templateId: installed.body.id })
      .expect(200);
  });
  afterAll(() => t.close());

  async function propose(facts: Facts): Promise<{ id: number; version: number }> {
    const created = await proposer
      .post('/api/v1/algorithms', {
        organisationId: orgId,
        ...REGISTER_FIELDS,
        purposeAndImpact: 'Meldingen sneller bij de juiste afdeling.',
      })
      .expect(201);
    expect(created.body.template.key).toBe('zonder-regels');
    const saved = await proposer
      .put(`/api/v1/assessments/${created.body.id}/answers`, {
        version: created.body.version,
        answers: answersOf(facts),
      })
      .expect(200);
    return { id: created.body.id, version: saved.body.version };
  }

  /**
   * An assessment that reached the commission with these answers, as one submitted before the
   * floors existed would have: in review, its one reviewer approving.
   */
  async function reviewed(facts: Facts, state: 'in_review' | 'approved'): Promise<number> {
    const { id } = await propose(CLEAR);
    await ds.getRepository(Answer).delete({ assessmentId: id });
    await ds.getRepository(Answer).insert(
      Object.entries(answersOf(facts)).map(([questionId, value]) => ({
        assessmentId: id,
        revision: 1,
        questionId,
        value,
      })),
    );
    await ds.getRepository(Review).insert({
      assessmentId: id,
      revision: 1,
      reviewerId,
      decision: 'approve',
      reasoning: 'Akkoord.',
      signedAt: new Date(),
    });
    await ds.getRepository(Assessment).update({ id }, { state });
    return id;
  }

  const refusals = async (id: number, action: string) =>
    (
      await ds.getRepository(AuditEvent).findBy({
        objectType: 'assessment',
        objectId: String(id),
        action: `assessment.${action}`,
        result: 'refused',
      })
    ).map((e) => e.details?.code);

  const version = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).version;

  describe.each(CASES)('%s', (_label, breach, floor, source) => {
    const facts = { ...CLEAR, ...breach };

    it('cannot be submitted, through the API or the summary page', async () => {
      const { id } = await propose(facts);
      const api = await proposer
        .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
        .expect(422);
      expect(api.body).toMatchObject({
        code: 'LEGAL_FLOOR',
        details: { floors: [{ floor, established: true }] },
      });
      expect(api.body.message).toMatch(source);
      const page = await status(
        as.proposer.post(`/assessments/${id}/submit`, {
          version: String(await version(id)),
          action: 'submit',
        }),
        422,
      );
      expect(page.text).toMatch(source);
      const en = await status(
        as.proposer.post(`/en/assessments/${id}/submit`, {
          version: String(await version(id)),
          action: 'submit',
        }),
        422,
      );
      expect(en.text).toContain('Legal floor (');
      expect((await ds.getRepository(Assessment).findOneByOrFail({ id })).state).toBe('concept');
      expect(await refusals(id, 'submit')).toEqual(['LEGAL_FLOOR', 'LEGAL_FLOOR', 'LEGAL_FLOOR']);
    });

    it('cannot be approved, through the API or the decision page, even with every reviewer approving', async () => {
      const id = await reviewed(facts, 'in_review');
      for (const action of ['approve', 'approve_with_conditions']) {
        const res = await secretary
          .post(`/api/v1/assessments/${id}/transitions`, { action, reasoning: 'Akkoord.' })
          .expect(422);
        expect(res.body.code).toBe('LEGAL_FLOOR');
      }
      const page = await status(
        as.secretary.post(`/assessments/${id}/decision`, {
          version: String(await version(id)),
          action: 'approve',
          reasoning: 'Akkoord.',
        }),
        422,
      );
      expect(page.text).toMatch(source);
      expect((await ds.getRepository(Assessment).findOneByOrFail({ id })).state).toBe('in_review');
      expect(await refusals(id, 'approve')).toEqual(['LEGAL_FLOOR', 'LEGAL_FLOOR']);
    });

    it('cannot be published, through the API or the pages, even once approved', async () => {
      const id = await reviewed(facts, 'approved');
      const res = await secretary
        .post(`/api/v1/assessments/${id}/transitions`, { action: 'publish' })
        .expect(422);
      expect(res.body.code).toBe('LEGAL_FLOOR');
      const page = await status(
        as.secretary.post(`/assessments/${id}/actions`, {
          version: String(await version(id)),
          action: 'publish',
          confirmed: 'yes',
        }),
        422,
      );
      expect(page.text).toMatch(source);
      const { algorithmId } = await ds.getRepository(Assessment).findOneByOrFail({ id });
      expect(await ds.getRepository(Publication).countBy({ algorithmId })).toBe(0);
      expect(await refusals(id, 'publish')).toEqual(['LEGAL_FLOOR', 'LEGAL_FLOOR']);
    });
  });

  it('counts a fact left open against submission: not established', async () => {
    const { id } = await propose({ ...CLEAR, personal_data: true });
    const res = await proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'LEGAL_FLOOR',
      details: {
        floors: [
          {
            floor: 'dpia',
            established: false,
            unknown: ['special_categories', 'profiling', 'dpia_done'],
          },
        ],
      },
    });
    expect(res.body.message).toContain('niet vastgesteld');
    const summary = await as.proposer.get(`/assessments/${id}/summary`).expect(200);
    expect(summary.text).toContain(
      `href="/assessments/${id}/sections/facts#field-facts.dpia_done"`,
    );
  });

  it('lets a template without rules through once the facts clear every floor', async () => {
    const { id } = await propose(CLEAR);
    await proposer.post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' }).expect(200);
  });
});
