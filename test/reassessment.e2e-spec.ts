import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Answer } from '../src/assessments/entities/answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { RevisionCarryOver } from '../src/checklists/entities/revision-carry-over.entity';
import type { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import type { ChecklistTemplateContent } from '../src/checklists/template.types';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** Version 2 of the fixture: one question new, the options of another relabelled. */
function version2(): ChecklistTemplateContent {
  const v2 = fixtureTemplate(2, true);
  const human = v2.sections[0].questions.find((q) => q.id === 'basis.human')!;
  human.options = [
    {
      value: 'human_always',
      label: { nl: 'Altijd een medewerker', en: 'Always a member of staff' },
    },
    human.options![1],
  ];
  return v2;
}

describe('Re-assessment under the organisation’s current template version', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let other: Organisation;
  let v1: ChecklistTemplate;
  let v2: ChecklistTemplate;
  let proposer: ApiClient;
  let browser: Browser;

  /** An application assessed and published under version 1, as the workflow leaves it. */
  async function published(): Promise<number> {
    const created = await proposer
      .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
      .expect(201);
    await proposer
      .put(`/api/v1/assessments/${created.body.id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    await ds
      .getRepository(Assessment)
      .update({ id: created.body.id }, { state: 'published', publishedAt: new Date() });
    return created.body.id;
  }
  const assessment = (id: number) => ds.getRepository(Assessment).findOneByOrFail({ id });
  const answersOf = async (id: number, revision: number) =>
    Object.fromEntries(
      (await ds.getRepository(Answer).findBy({ assessmentId: id, revision })).map((a) => [
        a.questionId,
        a.value,
      ]),
    );

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds);
    other = await makeOrganisation(ds);
    v1 = await offerTemplate(t, fixtureTemplate(1), org, other);
    const user = await makeUser(ds, { roles: [[org, Role.Proposer]] });
    proposer = await apiClientFor(ds, t.url, user);
    browser = new Browser(t.url);
    await browser.login(user.email);
  });
  afterAll(() => t.close());

  it('starts the new revision on the adopted version, carries the unchanged answers and leaves the new and changed questions open', async () => {
    const id = await published();
    v2 = await offerTemplate(t, version2(), org);
    const { version } = await assessment(id);
    const res = await proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'revise', version })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'concept', revision: 2, template: { version: 2 } });
    expect((await assessment(id)).templateId).toBe(v2.id);

    const { 'basis.human': _changed, ...unchanged } = COMPLETE_ANSWERS;
    expect(await answersOf(id, 2)).toEqual(unchanged);
    // The assessed revision stays as it was answered.
    expect(await answersOf(id, 1)).toEqual(COMPLETE_ANSWERS);
    expect(
      await ds.getRepository(RevisionCarryOver).findOneByOrFail({ assessmentId: id, revision: 2 }),
    ).toMatchObject({
      fromTemplateId: v1.id,
      toTemplateId: v2.id,
      openQuestionIds: ['basis.human', 'basis.v2_only'],
    });

    const detail = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(detail.body.openQuestionIds).toEqual(['basis.human', 'basis.v2_only']);
    expect(detail.body.template.version).toBe(2);
    expect(detail.body.evaluation.missingRequired).toContain('basis.human');

    const page = await browser.get(`/assessments/${id}/sections/basis`).expect(200);
    expect(page.text).toContain(
      '2 vragen in dit onderdeel zijn nieuw of gewijzigd sinds de vorige toetsing',
    );
    const marked = [...page.text.matchAll(/id="new-([^"]+)"/g)].map((m) => m[1]);
    expect(marked).toEqual(['basis.human', 'basis.v2_only']);
    expect(page.text).toContain('Altijd een medewerker');
    const law = await browser.get(`/assessments/${id}/sections/law`).expect(200);
    expect(law.text).not.toContain('Nieuw of gewijzigd sinds de vorige toetsing');
  });

  it('carries every answer over and leaves nothing open when the version did not change, as a save of a published entry does', async () => {
    const id = await published();
    expect((await assessment(id)).templateId).toBe(v2.id);
    const { version } = await assessment(id);
    await proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version,
        answers: { 'basis.notes': 'Herzien.' },
      })
      .expect(200);
    expect(await assessment(id)).toMatchObject({ revision: 2, templateId: v2.id });
    expect(await answersOf(id, 2)).toEqual({ ...COMPLETE_ANSWERS, 'basis.notes': 'Herzien.' });
    expect(await ds.getRepository(RevisionCarryOver).countBy({ assessmentId: id })).toBe(0);
    const page = await browser.get(`/assessments/${id}/sections/basis`).expect(200);
    expect(page.text).not.toContain('Nieuw of gewijzigd sinds de vorige toetsing');
  });

  it('leaves another organisation’s re-assessments on the version it adopted', async () => {
    const otherProposer = await apiClientFor(
      ds,
      t.url,
      await makeUser(ds, { roles: [[other, Role.Proposer]] }),
    );
    const created = await otherProposer
      .post('/api/v1/algorithms', { organisationId: other.id, ...REGISTER_FIELDS })
      .expect(201);
    await ds
      .getRepository(Assessment)
      .update({ id: created.body.id }, { state: 'published', publishedAt: new Date() });
    const { version } = await assessment(created.body.id);
    await otherProposer
      .post(`/api/v1/assessments/${created.body.id}/transitions`, { action: 'revise', version })
      .expect(200);
    expect((await assessment(created.body.id)).templateId).toBe(v1.id);
  });
});
