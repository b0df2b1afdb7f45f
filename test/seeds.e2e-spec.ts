import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { Membership } from '../src/accounts/entities/membership.entity';
import { User } from '../src/accounts/entities/user.entity';
import { verifyPassword } from '../src/accounts/password-hasher';
import { Role } from '../src/accounts/role';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { ChecklistAdoption } from '../src/checklists/entities/checklist-adoption.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { DecisionTree } from '../src/classification/entities/decision-tree.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { DEMO_APPLICATION, DEMO_PASSWORD, DEMO_QUESTIONS } from '../seeds/demo-data';
import { SeedService } from '../seeds/seed.service';
import { startTestApp, TestApp } from './support/test-app';

const SCHEMA = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', 'shared', 'data', 'publicatiestandaard-v1.0.schema.json'),
    'utf8',
  ),
) as object;

describe('Seeds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('fill an empty database once, and a second run adds nothing', async () => {
    expect(await t.app.get(SeedService).seedOnFirstStart({ demo: true })).toBe('demo');
    const counts = async () => ({
      organisations: await t.dataSource.getRepository(Organisation).count(),
      users: await t.dataSource.getRepository(User).count(),
      memberships: await t.dataSource.getRepository(Membership).count(),
      algorithms: await t.dataSource.getRepository(Algorithm).count(),
    });
    const first = await counts();
    expect(first.organisations).toBe(2);

    expect(await t.app.get(SeedService).seedOnFirstStart({ demo: true })).toBe(false);
    const report = await t.app.get(SeedService).run();
    expect(report).toEqual({
      templates: 0,
      decisionTrees: 0,
      organisations: 0,
      users: 0,
      memberships: 0,
      algorithms: 0,
      questions: 0,
      applications: 0,
    });
    expect(await counts()).toEqual(first);
  });

  it('give each organisation a user for every role, who can log in with the demo password', async () => {
    const orgs = await t.dataSource.getRepository(Organisation).find();
    for (const org of orgs) {
      const roles = (
        await t.dataSource.getRepository(Membership).findBy({ organisationId: org.id })
      ).map((m) => m.role);
      expect(new Set(roles)).toEqual(new Set(Object.values(Role)));
    }
    const operator = await t.dataSource.getRepository(User).findOneOrFail({
      where: { email: 'beheer@waarborg.example' },
      relations: { memberships: true },
    });
    expect(operator).toMatchObject({ isOperator: true, memberships: [] });
    const user = await t.dataSource
      .getRepository(User)
      .findOneByOrFail({ email: 'indiener@groningen.example' });
    expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('offer the shipped checklist template as shared, have every demo organisation adopt it and start concept assessments for the unpublished algorithms', async () => {
    const template = await t.dataSource
      .getRepository(ChecklistTemplate)
      .findOneByOrFail({ key: 'groningen-rotterdam' });
    expect(template).toMatchObject({ version: 3, organisationId: null });
    const adoptions = await t.dataSource.getRepository(ChecklistAdoption).find();
    expect(adoptions.map((a) => a.templateId)).toEqual([template.id, template.id]);
    const assessments = await t.dataSource
      .getRepository(Assessment)
      .find({ relations: { algorithm: true, proposer: true } });
    expect(assessments.length).toBeGreaterThan(0);
    const inProgress = assessments.filter(
      (a) => a.algorithm.name !== DEMO_APPLICATION.register.name,
    );
    expect(inProgress.length).toBeGreaterThan(0);
    for (const a of inProgress) {
      expect(a).toMatchObject({ state: 'concept', templateId: template.id });
      expect(a.algorithm.publishedAt).toBeNull();
      expect(a.proposer?.email).toMatch(/^indiener@/);
    }
  });

  it('install Waarborg’s own decision tree and make it the active one', async () => {
    const trees = await t.dataSource.getRepository(DecisionTree).find();
    expect(trees).toEqual([
      expect.objectContaining({ key: 'waarborg-ai-verordening', version: '1.0.0', active: true }),
    ]);
  });

  it('add algorithms in different states, some public and some not', async () => {
    const algorithms = await t.dataSource.getRepository(Algorithm).find();
    expect(new Set(algorithms.map((a) => a.status)).size).toBeGreaterThan(1);
    expect(algorithms.some((a) => a.publishedAt !== null)).toBe(true);
    expect(algorithms.some((a) => a.publishedAt === null)).toBe(true);
  });

  it('show a resident’s question answered in public on a published demo entry, without a name', async () => {
    const chatbot = await t.dataSource
      .getRepository(Algorithm)
      .findOneByOrFail({ sourceId: DEMO_QUESTIONS[0].algorithm });
    const res = await request(t.url).get(`/api/v1/register/${chatbot.publicId}`).expect(200);
    expect(res.body.publicQuestions).toEqual([
      expect.objectContaining({
        question: DEMO_QUESTIONS[0].message,
        answer: DEMO_QUESTIONS[0].answer,
      }),
    ]);
    const page = await request(t.url).get(`/register/${chatbot.publicId}`).redirects(1).expect(200);
    expect(page.text).toContain('Vragen van inwoners');
    expect(page.text).toContain('Bewaart de chatbot wat ik intyp?');
  });

  it('take one application through the whole workflow: two signed reviews, a condition, a decision over a dissent, published', async () => {
    const assessment = await t.dataSource.getRepository(Assessment).findOneOrFail({
      where: { algorithm: { name: DEMO_APPLICATION.register.name } },
      relations: { algorithm: true, proposer: true },
    });
    expect(assessment).toMatchObject({
      state: 'published',
      revision: 1,
      decisionReasoning: DEMO_APPLICATION.decision.reasoning,
    });
    expect(assessment.proposer?.email).toBe(DEMO_APPLICATION.proposer);
    expect(assessment.algorithm.publishedAt).not.toBeNull();
    const reviews = await t.dataSource
      .getRepository(Review)
      .find({ where: { assessmentId: assessment.id }, relations: { reviewer: true } });
    expect(reviews.map((r) => [r.reviewer.email, r.decision, r.signedAt !== null]).sort()).toEqual(
      DEMO_APPLICATION.reviews.map((r) => [r.reviewer, r.decision, true]).sort(),
    );

    const { publicId } = assessment.algorithm;
    const entry = (await request(t.url).get(`/api/v1/register/${publicId}`).expect(200)).body;
    expect(entry.assessment).toMatchObject({
      decision: 'approved_with_conditions',
      reasoning: DEMO_APPLICATION.decision.reasoning,
      positions: { approve: 0, approve_with_conditions: 1, request_changes: 1, reject: 0 },
      dissent: [{ position: 'request_changes', reasoning: DEMO_APPLICATION.reviews[1].reasoning }],
      dissentReasoning: DEMO_APPLICATION.decision.dissentReasoning,
    });
    expect(entry.conditions).toEqual([
      expect.objectContaining({ description: DEMO_APPLICATION.reviews[0].condition!.description }),
    ]);

    const page = await request(t.url).get(`/register/${publicId}`).redirects(1).expect(200);
    expect(page.text).toContain('Motivering van het besluit');
    expect(page.text).toContain('Het doel weegt op tegen het kleine risico');
    expect(page.text).toContain('Inwoners weten niet dat een computer hun melding sorteert');
    expect(page.text).toContain('De meldpagina en de ontvangstbevestiging zeggen voortaan');

    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(SCHEMA);
    const record = (
      await request(t.url).get(`/api/v1/register/${publicId}/publicatiestandaard`).expect(200)
    ).body;
    expect(record.missing_required).toBeUndefined();
    expect(validate(record)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  describe('on a production instance', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await startTestApp();
    });
    afterAll(() => prod.close());

    it('install the shipped templates and decision trees but no demo accounts with their public password', async () => {
      const seeds = prod.app.get(SeedService);
      expect(await seeds.seedOnFirstStart({ demo: false })).toBe('shipped');
      expect(await prod.dataSource.getRepository(ChecklistTemplate).count()).toBeGreaterThan(0);
      expect(await prod.dataSource.getRepository(DecisionTree).count()).toBeGreaterThan(0);
      expect(await prod.dataSource.getRepository(User).count()).toBe(0);
      expect(await prod.dataSource.getRepository(Organisation).count()).toBe(0);
      expect(await seeds.demoAccountsPresent()).toBe(false);
    });
  });
});
