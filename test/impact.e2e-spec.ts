import { join } from 'node:path';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { formValueOf } from '../src/checklists/form-answers';
import { loadTemplateFile, TEMPLATES_DIR } from '../src/checklists/template-loader';
import type { Answers, ChecklistTemplateContent } from '../src/checklists/template.types';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Four applications of known profiles assessed end to end under the shipped template, through the
 * section forms a proposer fills in: their risk class, publication category and quorum read
 * against the law (docs/workflow.md, "Risk class and quorum"), and the quorum held by the workflow.
 */

const template: ChecklistTemplateContent = loadTemplateFile(
  join(TEMPLATES_DIR, 'groningen-rotterdam.v3.json'),
);

/** A traffic model that touches no one: every required question answered, nothing raising the class. */
const TRAFFIC: Answers = {
  'purpose.problem': 'Verkeerslichten op de ring reageren traag op drukte.',
  'purpose.goal': 'Doorstroming op de ring verbeteren.',
  'purpose.why_ai': 'Vaste schema’s volgen de drukte niet.',
  'purpose.alternatives': 'Handmatig bijstellen door de verkeerscentrale.',
  'purpose.proportionality': 'Alleen tellingen van voertuigen, geen kentekens.',
  'purpose.legal_basis': 'Wegenverkeerswet, beheer van de weg.',
  'human_control.decisions_about_people': false,
  'human_control.final_decision': 'human_always',
  'human_control.override': true,
  'human_control.oversight': 'De verkeerscentrale ziet elke aanpassing en kan ingrijpen.',
  'human_control.failure': 'Bij uitval draaien de vaste schema’s.',
  'human_control.monitoring': 'Wekelijks een vergelijking van reistijden.',
  'human_control.work_instructions': false,
  'human_control.staff_trained': true,
  'privacy.data_sources': 'Lussen in het wegdek tellen voertuigen.',
  'privacy.personal_data': false,
  'privacy.data_location': 'nl',
  'energy.model_kind': 'classic_ml',
  'energy.technical_operation': 'Een regressiemodel voorspelt de drukte per kruispunt.',
  'energy.hosting': 'own_datacentre',
  'energy.uses_per_year': 120000,
  'energy.training': 'none',
  'energy.green_contract': true,
  'energy.lighter_alternatives': 'Vaste schema’s; die bleken te traag.',
  'discrimination.protected_grounds': ['none'],
  'discrimination.proxies': ['none'],
  'discrimination.vulnerable_groups': false,
  'discrimination.large_scale': false,
  'discrimination.affected_groups': 'Weggebruikers merken alleen de doorstroming.',
  'discrimination.bias_test_done': false,
  'discrimination.no_test_reason': 'Het model geeft geen uitkomsten over personen.',
  'discrimination.protocol': true,
  'transparency.explainable': true,
  'transparency.explanation_route': 'Op de website van de gemeente.',
  'transparency.objection_route': false,
  'transparency.plain_description':
    'Een computer stelt de verkeerslichten bij; de centrale kijkt mee.',
  'transparency.informing_residents': 'Op de website van de gemeente.',
  'participation.consulted': false,
  'participation.why_not': 'Geen gevolgen voor individuele inwoners.',
  'law.is_ai_system': true,
  'law.role': 'deployer',
  'law.prohibited_practice': false,
  'law.high_risk_use': false,
  'law.classification_rationale': 'Geen toepassing uit bijlage III; geen besluiten over personen.',
  'law.interacts_with_residents': false,
  'law.transparency_duty': false,
};

/** About residents: a DPIA done, an objection route, a human who decides. */
const ABOUT_RESIDENTS: Answers = {
  'human_control.decisions_about_people': true,
  'privacy.personal_data': true,
  'privacy.special_categories': ['none'],
  'privacy.profiling': true,
  'privacy.minimisation': 'Alleen gegevens die de regeling vraagt.',
  'privacy.dpia_done': true,
  'privacy.dpia_link': 'https://intranet.example/dpia.pdf',
  'privacy.dpia_conclusions': 'Risico’s beperkt door menselijke beoordeling.',
  'privacy.retention': 'Vijf jaar, volgens de Archiefwet.',
  'privacy.processing_register_link': 'https://gemeente.example/verwerkingen',
  'transparency.objection_route': true,
  'transparency.objection_description': 'Bezwaar volgens de Algemene wet bestuursrecht.',
  'discrimination.bias_test_done': true,
  'discrimination.bias_groups': 'Aanvragers met en zonder migratieachtergrond.',
  'discrimination.bias_metric': 'false_positive_rate',
  'discrimination.bias_rate_reference': 4,
  'discrimination.bias_rate_compared': 3.6,
  'discrimination.bias_threshold': 0.8,
  'discrimination.bias_dataset': 'Aanvragen 2025, 12.000 dossiers.',
  'discrimination.bias_date': '2026-02-01',
};

const PROFILES: [string, Answers, string, string, number][] = [
  [
    'a fraud risk score about residents, without AI',
    { ...TRAFFIC, ...ABOUT_RESIDENTS, 'law.is_ai_system': false, 'energy.model_kind': 'rules' },
    'impactful',
    'B',
    2,
  ],
  [
    'a generative chatbot',
    {
      ...TRAFFIC,
      'energy.model_kind': 'large_language_model',
      'law.interacts_with_residents': true,
      'law.transparency_duty': true,
    },
    'limited',
    'B',
    2,
  ],
  [
    'a high-risk benefits model',
    {
      ...TRAFFIC,
      ...ABOUT_RESIDENTS,
      'discrimination.vulnerable_groups': true,
      'law.high_risk_use': true,
      'law.fria_done': true,
      'law.fria_link': 'https://intranet.example/iama.pdf',
      'law.fria_conclusions': 'Risico op ongelijke toegang; beperkt door menselijke beoordeling.',
      'law.eu_database': true,
    },
    'high',
    'A',
    3,
  ],
  ['a traffic model without personal data', TRAFFIC, 'minimal', 'C', 1],
];

describe('Risk class and quorum of known profiles, through the forms', () => {
  let t: TestApp;
  let ds: DataSource;
  let orgId: number;
  let proposer: ApiClient;
  const reviewers: ApiClient[] = [];
  const as: Record<string, Browser> = {};

  async function status(pending: Promise<Response>, expected: number): Promise<Response> {
    const res = await pending;
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 3000)}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    const org = await makeOrganisation(ds);
    orgId = org.id;
    const person = async (key: string, roles: [typeof org, Role][]) => {
      const user = await makeUser(ds, { name: key, email: `${key}@impact.example`, roles });
      as[key] = new Browser(t.url);
      await as[key].login(user.email);
      return apiClientFor(ds, t.url, user);
    };
    // The proposer is a reviewer too: the workflow must still keep them off their own assessment.
    proposer = await person('proposer', [
      [org, Role.Proposer],
      [org, Role.Reviewer],
    ]);
    await person('secretary', [[org, Role.Secretary]]);
    for (const key of ['r1', 'r2', 'r3']) reviewers.push(await person(key, [[org, Role.Reviewer]]));
    await offerTemplate(t, template, org);
  });
  afterAll(() => t.close());

  const version = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).version;

  /** Every section's form posted as a proposer fills it in, in the template's order. */
  async function fillIn(id: number, answers: Answers): Promise<void> {
    for (const section of template.sections) {
      const fields: Record<string, string | string[]> = { version: String(await version(id)) };
      for (const q of section.questions) {
        if (!(q.id in answers)) continue;
        const name = q.type === 'multiple_choice' ? `answers[${q.id}][]` : `answers[${q.id}]`;
        fields[name] = formValueOf(answers[q.id]);
      }
      await status(as.proposer.post(`/assessments/${id}/sections/${section.id}`, fields), 303);
    }
  }

  async function propose(answers: Answers): Promise<number> {
    const created = await proposer
      .post('/api/v1/algorithms', {
        organisationId: orgId,
        ...REGISTER_FIELDS,
        purposeAndImpact: 'Zie de toetsing.',
      })
      .expect(201);
    expect(created.body.template).toMatchObject({ key: 'groningen-rotterdam', version: 3 });
    await fillIn(created.body.id, answers);
    return created.body.id;
  }

  const submit = async (id: number) =>
    as.proposer.post(`/assessments/${id}/submit`, {
      version: String(await version(id)),
      action: 'submit',
    });
  const assign = async (id: number, ids: number[]) =>
    as.secretary.post(`/assessments/${id}/reviewers`, {
      version: String(await version(id)),
      'reviewerIds[]': ids.map(String),
      deadline: inDays(14),
    });
  const sign = (who: Browser, id: number) =>
    who.post(`/assessments/${id}/review`, { decision: 'approve', reasoning: 'Akkoord.' });
  // The impact assessments this profile needs (an IAMA, a DPIA) are done before the commission
  // can approve; the quorum is what these tests are about, so both are recorded as done.
  const recordInstrumentsDone = async (id: number) => {
    for (const kind of ['iama', 'dpia'])
      await status(
        as.proposer.post(`/assessments/${id}/instruments/${kind}`, {
          version: String(await version(id)),
          status: 'done',
          date: '2026-11-25',
          outcome: 'Geen onevenredige gevolgen gevonden.',
          link: `https://intranet.example/${kind}.pdf`,
        }),
        303,
      );
  };
  const approve = async (id: number) =>
    as.secretary.post(`/assessments/${id}/decision`, {
      version: String(await version(id)),
      action: 'approve',
      reasoning: 'De commissie keurt goed.',
    });

  describe.each(PROFILES)('%s', (_label, answers, riskClass, category, approvals) => {
    let id: number;
    beforeAll(async () => {
      id = await propose(answers);
    });

    it(`is ${riskClass}, category ${category}, with ${approvals} approval(s) needed, and says why`, async () => {
      const res = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
      expect(res.body.evaluation).toMatchObject({
        missingRequired: [],
        blocking: [],
        riskClass,
        publicationCategory: category,
        requiredApprovals: approvals,
      });
      const summary = await as.proposer.get(`/assessments/${id}/summary`).expect(200);
      expect(summary.text).toContain('Waarom deze klasse en dit aantal');
      if (riskClass === 'impactful')
        expect(summary.text).toContain('Een besluit of risicoscore over mensen, met of zonder AI');
      if (riskClass === 'minimal')
        expect(summary.text).not.toContain('Een besluit of risicoscore over mensen');
    });

    it('is submitted, and refused with fewer reviewers than approvals needed, or the proposer among them', async () => {
      await status(submit(id), 303);
      const ids = reviewers.map((r) => r.user.id);
      if (approvals > 1) {
        const few = await status(assign(id, ids.slice(0, approvals - 1)), 422);
        expect(few.text).toContain(
          `Er zijn minstens ${approvals} toetsers nodig; er zijn er ${approvals - 1} gekozen.`,
        );
        const withProposer = await status(
          assign(id, [proposer.user.id, ...ids.slice(0, approvals - 1)]),
          403,
        );
        expect(withProposer.text).toContain(
          'de indiener en de mede-indieners kunnen niet als toetser van hun eigen aanvraag',
        );
      }
      await status(assign(id, ids.slice(0, approvals)), 303);
      // The proposer, a reviewer by role, cannot sign their own assessment.
      expect((await status(sign(as.proposer, id), 403)).text).toContain('Scheiding van functies');
    });

    it('is approved only once enough reviewers approve', async () => {
      const keys = ['r1', 'r2', 'r3'].slice(0, approvals);
      await recordInstrumentsDone(id);
      await status(sign(as[keys[0]], id), 303);
      if (approvals > 1) {
        // The deadline passes with one approval: not enough.
        await ds.getRepository(Assessment).update({ id }, { reviewDeadline: inDays(-1) });
        const refused = await status(approve(id), 422);
        expect(refused.text).toContain(
          `Er zijn ${approvals} getekende standpunten nodig; er zijn er 1.`,
        );
        expect((await ds.getRepository(Assessment).findOneByOrFail({ id })).state).toBe(
          'in_review',
        );
        for (const key of keys.slice(1)) await status(sign(as[key], id), 303);
      }
      await status(approve(id), 303);
      expect(await ds.getRepository(Assessment).findOneByOrFail({ id })).toMatchObject({
        state: 'approved',
        riskClass,
        publicationCategory: category,
        requiredApprovals: approvals,
      });
    });
  });

  it('asks three approvals of a decision about people on a protected ground, and blocks it without a bias test', async () => {
    const id = await propose({
      ...TRAFFIC,
      ...ABOUT_RESIDENTS,
      'discrimination.protected_grounds': ['race'],
      'discrimination.grounds_justification': 'Geen; het model gebruikt afkomst.',
      'discrimination.bias_test_done': false,
      'discrimination.no_test_reason': 'Nog niet gedaan.',
    });
    const res = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(res.body.evaluation).toMatchObject({
      riskClass: 'impactful',
      publicationCategory: 'B',
      requiredApprovals: 3,
      blocking: [expect.objectContaining({ id: 'grounds-without-bias-test' })],
    });
    await status(submit(id), 422);
  });

  it('refuses a disparity beyond the threshold until a mitigation is recorded, naming the test', async () => {
    const answers = {
      ...TRAFFIC,
      ...ABOUT_RESIDENTS,
      'discrimination.bias_rate_compared': 2,
      'law.is_ai_system': false,
    };
    const id = await propose(answers);
    const refused = await status(submit(id), 422);
    expect(refused.text).toContain('de biastoets vond een verschil');
    expect(refused.text).toContain('50%');
    const api = await proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(422);
    expect(api.body).toMatchObject({
      code: 'BIAS_UNMITIGATED',
      details: { disparity: { ratio: 0.5, threshold: 0.8, beyond: true, mitigated: false } },
    });
    // A form shows the whole section: the proposer adds the mitigation beside what is there.
    await fillIn(id, {
      ...answers,
      'discrimination.mitigation': 'Drempel per groep gelijkgetrokken.',
    });
    await status(submit(id), 303);
  });

  it('refuses "none" beside a ground, and numbers that are fractional or read two ways, naming the field', async () => {
    const id = await propose(TRAFFIC);
    const grounds = await status(
      as.proposer.post(`/assessments/${id}/sections/discrimination`, {
        version: String(await version(id)),
        'answers[discrimination.protected_grounds][]': ['none', 'race'],
      }),
      400,
    );
    expect(grounds.text).toContain('id="field-discrimination.protected_grounds-error"');
    expect(grounds.text).toContain('sluit de andere uit');
    for (const [typed, message] of [
      ['1,000', 'op twee manieren te lezen'],
      ['1,5', 'Vul een heel getal in'],
      ['-3', 'Vul een getal van minstens 0 in'],
      ['2.000.000.000', 'Vul een getal van hoogstens 1000000000 in'],
    ]) {
      const res = await status(
        as.proposer.post(`/assessments/${id}/sections/energy`, {
          version: String(await version(id)),
          'answers[energy.uses_per_year]': typed,
        }),
        400,
      );
      expect(res.text).toContain('id="field-energy.uses_per_year-error"');
      expect(res.text).toContain(message);
    }
    await status(
      as.proposer.post(`/assessments/${id}/sections/energy`, {
        version: String(await version(id)),
        'answers[energy.uses_per_year]': '120.000',
      }),
      303,
    );
    const res = await proposer.get(`/api/v1/assessments/${id}`).expect(200);
    expect(res.body.answers['energy.uses_per_year']).toBe(120000);
  });

  it('shows the energy estimate with its assumptions and the sources of its factors, to the proposer, the reviewer and the public', async () => {
    const id = await propose(TRAFFIC);
    const summary = await as.proposer.get(`/assessments/${id}/summary`).expect(200);
    expect(summary.text).toContain('Aannames en bronnen van de schatting');
    expect(summary.text).toContain('href="https://arxiv.org/abs/2311.16863"');
    await status(submit(id), 303);
    await status(assign(id, [reviewers[0].user.id]), 303);
    const review = await as.r1.get(`/assessments/${id}/review`).expect(200);
    expect(review.text).toContain('Aannames en bronnen van de schatting');
    await status(sign(as.r1, id), 303);
    await status(approve(id), 303);
    await status(
      as.secretary.post(`/assessments/${id}/actions`, {
        version: String(await version(id)),
        action: 'publish',
        confirmed: 'yes',
      }),
      303,
    );
    const { algorithmId } = await ds.getRepository(Assessment).findOneByOrFail({ id });
    const { publicId } = await ds.getRepository(Algorithm).findOneByOrFail({ id: algorithmId });
    const entry = await new Browser(t.url).get(`/register/${publicId}`).redirects(1).expect(200);
    expect(entry.text).toContain('Aannames en bronnen van de schatting');
    expect(entry.text).toContain('Nederlandse stroommix');
    expect(entry.text).toContain('href="https://www.co2emissiefactoren.nl/"');
  });
});
