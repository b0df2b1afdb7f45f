import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import type { ChecklistTemplateContent } from '../src/checklists/template.types';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { OrganisationPolicy } from '../src/organisations/entities/organisation-policy.entity';
import { ApiClient, apiClientFor } from './support/api';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const t = (nl: string, en = nl) => ({ nl, en });
const urns = ['urn:nl:ak:ver:aia-00'];

/** The fixture with the transparency questions of the shipped template that make the resident's version. */
function templateWithTransparency(): ChecklistTemplateContent {
  const template = fixtureTemplate(1);
  template.sections.push({
    id: 'transparency',
    title: t('Transparantie'),
    questions: [
      {
        id: 'transparency.explanation_route',
        type: 'text',
        required: false,
        text: t('Hoe vraagt een inwoner om uitleg?'),
        urns,
      },
      {
        id: 'transparency.objection_route',
        type: 'yes_no',
        required: false,
        text: t('Kunnen inwoners bezwaar maken?'),
        urns,
      },
      {
        id: 'transparency.objection_description',
        type: 'text',
        required: false,
        text: t('Hoe werkt die route?'),
        urns,
        when: { q: 'transparency.objection_route', eq: true },
      },
      {
        id: 'transparency.plain_description',
        type: 'text',
        required: false,
        text: t('Beschrijf de toepassing in eenvoudige taal voor inwoners.'),
        urns,
        register: 'purpose_and_impact',
      },
    ],
  });
  return template;
}

/** Names no public page, feed or download may ever carry. */
const NAMES = {
  proposer: 'Petronella Indienersma',
  secretary: 'Sebastiaan Secretarisveld',
  reviewers: ['Tjitske Toetsma', 'Reinout Toetsbergen', 'Ariane Afwijkstra'],
};

describe('The commission’s reasoning and the resident’s version in public', () => {
  let app: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    ds = app.dataSource;
  });
  afterAll(() => app.close());

  async function commission(publishReviewerReasoning: boolean, publishRejectedAdvice = false) {
    const org: Organisation = await makeOrganisation(ds);
    await ds
      .getRepository(OrganisationPolicy)
      .save({ organisationId: org.id, publishReviewerReasoning, publishRejectedAdvice });
    await offerTemplate(app, templateWithTransparency(), org);
    const person = async (role: Role, name: string) =>
      apiClientFor(ds, app.url, await makeUser(ds, { name, roles: [[org, role]] }));
    return {
      org,
      proposer: await person(Role.Proposer, NAMES.proposer),
      secretary: await person(Role.Secretary, NAMES.secretary),
      reviewers: await Promise.all(NAMES.reviewers.map((n) => person(Role.Reviewer, n))),
    };
  }

  /** Proposed, reviewed by three (one with a condition, one asking changes), approved over that dissent, published. */
  async function approvedOverDissent(c: Awaited<ReturnType<typeof commission>>) {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id: number = created.body.id;
    let version: number = created.body.version;
    // Answered in two saves: the register text follows the answers given after the first.
    version = (
      await c.proposer
        .put(`/api/v1/assessments/${id}/answers`, { version, answers: COMPLETE_ANSWERS })
        .expect(200)
    ).body.version;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version,
        answers: {
          'transparency.plain_description':
            'De gemeente leest uw melding en stuurt die naar wie hem oplost.',
          'transparency.explanation_route': 'Bel 14 050 en vraag naar het team meldingen.',
          'transparency.objection_route': true,
          'transparency.objection_description':
            'Dien binnen zes weken een klacht in via het klachtenformulier.',
        },
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: c.reviewers.map((r) => r.user.id),
        deadline: inDays(14),
      })
      .expect(200);
    const sign = (who: ApiClient, body: object) =>
      who.post(`/api/v1/assessments/${id}/reviews`, body).expect(201);
    await sign(c.reviewers[0], {
      decision: 'approve_with_conditions',
      reasoning: 'Goed doel, maar de foutmarge moet worden gevolgd.',
      conditions: [
        { description: 'Foutmarge elk kwartaal meten.', owner: 'Team Data', dueDate: inDays(90) },
      ],
    });
    await sign(c.reviewers[1], { decision: 'approve', reasoning: 'Proportioneel en uitlegbaar.' });
    await sign(c.reviewers[2], {
      decision: 'request_changes',
      reasoning: 'De klachtroute is te weinig bekend bij inwoners.',
    });
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'approve_with_conditions',
        reasoning: 'Het doel weegt op tegen het kleine risico, mits de foutmarge wordt gevolgd.',
        dissentReasoning: 'De klachtroute staat voortaan in elke ontvangstbevestiging.',
      })
      .expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'publish' })
      .expect(200);
    const { algorithm } = await ds
      .getRepository(Assessment)
      .findOneOrFail({ where: { id }, relations: { algorithm: true } });
    return algorithm.publicId;
  }

  const html = (path: string) =>
    request(app.url).get(path).set('accept', 'text/html').redirects(1).expect(200);
  const json = (path: string) =>
    request(app.url).get(path).set('accept', 'application/json').expect(200);

  /** Every public rendering of an entry and its organisation, as one text to search. */
  async function everythingPublic(publicId: string, slug: string): Promise<string> {
    const parts = await Promise.all([
      html(`/register/${publicId}`),
      html(`/en/register/${publicId}`),
      html(`/register/${publicId}/v/1`),
      json(`/api/v1/register/${publicId}`),
      json(`/api/v1/register/${publicId}/publicatiestandaard`),
      json('/api/v1/register/export/publicatiestandaard'),
      json('/api/v1/register'),
      request(app.url).get('/api/v1/register.csv').expect(200),
      request(app.url).get('/register/feed.atom').expect(200),
      request(app.url).get(`/organisaties/${slug}/feed.atom`).expect(200),
      html(`/organisaties/${slug}`),
      html('/register'),
    ]);
    return parts.map((r) => r.text).join('\n');
  }

  it('publishes the decision’s reasoning, every position, the dissent and its answer, without a name', async () => {
    const c = await commission(false);
    const publicId = await approvedOverDissent(c);

    const entry = (await json(`/api/v1/register/${publicId}`)).body;
    expect(entry.assessment).toMatchObject({
      decision: 'approved_with_conditions',
      reasoning: 'Het doel weegt op tegen het kleine risico, mits de foutmarge wordt gevolgd.',
      positions: { approve: 1, approve_with_conditions: 1, request_changes: 1, reject: 0 },
      dissent: [
        {
          position: 'request_changes',
          reasoning: 'De klachtroute is te weinig bekend bij inwoners.',
        },
      ],
      dissentReasoning: 'De klachtroute staat voortaan in elke ontvangstbevestiging.',
    });
    // The organisation keeps each reviewer's reasoning to itself (the default).
    expect(entry.assessment).not.toHaveProperty('reviewerReasoning');

    const page = (await html(`/register/${publicId}`)).text;
    expect(page).toContain('Motivering van het besluit');
    expect(page).toContain('Het doel weegt op tegen het kleine risico');
    expect(page).toContain('De klachtroute is te weinig bekend bij inwoners.');
    expect(page).toContain('De klachtroute staat voortaan in elke ontvangstbevestiging.');
    expect(page).not.toContain('Proportioneel en uitlegbaar.');
    const feed = (await request(app.url).get('/register/feed.atom').expect(200)).text;
    expect(feed).toContain('Motivering van het besluit: Het doel weegt op tegen het kleine risico');

    const everything = await everythingPublic(publicId, c.org.slug);
    for (const name of [NAMES.proposer, NAMES.secretary, ...NAMES.reviewers])
      expect(everything).not.toContain(name);
    for (const person of [c.proposer, c.secretary, ...c.reviewers])
      expect(everything).not.toContain(person.user.email);
  });

  it('publishes each reviewer’s reasoning, without names, when the organisation chooses to', async () => {
    const c = await commission(true);
    const publicId = await approvedOverDissent(c);
    const entry = (await json(`/api/v1/register/${publicId}`)).body;
    expect(entry.assessment.reviewerReasoning).toEqual(
      expect.arrayContaining([
        {
          position: 'approve_with_conditions',
          reasoning: 'Goed doel, maar de foutmarge moet worden gevolgd.',
        },
        { position: 'approve', reasoning: 'Proportioneel en uitlegbaar.' },
        {
          position: 'request_changes',
          reasoning: 'De klachtroute is te weinig bekend bij inwoners.',
        },
      ]),
    );
    expect(entry.assessment.reviewerReasoning).toHaveLength(3);
    const page = (await html(`/register/${publicId}`)).text;
    expect(page).toContain('Motivering per toetser (zonder namen)');
    expect(page).toContain('Proportioneel en uitlegbaar.');
    const everything = await everythingPublic(publicId, c.org.slug);
    for (const name of [NAMES.proposer, NAMES.secretary, ...NAMES.reviewers])
      expect(everything).not.toContain(name);
  });

  it('shows the resident’s version above the technical fields, and which answers made each text', async () => {
    const c = await commission(false);
    const publicId = await approvedOverDissent(c);
    const page = (await html(`/register/${publicId}`)).text;
    const residents = page.indexOf('In gewone woorden');
    expect(residents).toBeGreaterThan(0);
    expect(residents).toBeLessThan(page.indexOf('Doel en impact'));
    expect(page).toContain(
      '<p>De gemeente leest uw melding en stuurt die naar wie hem oplost.</p>',
    );
    expect(page).toContain('Bel 14 050 en vraag naar het team meldingen.');
    expect(page).toContain('Dien binnen zes weken een klacht in via het klachtenformulier.');

    // The purpose was filled from two answers given in two saves: one text, a paragraph each,
    // saying which questions it came from, and the same text in the export and the API.
    const standard = (await json(`/api/v1/register/${publicId}/publicatiestandaard`)).body;
    expect(standard.purpose_and_impact).toBe(
      'Meldingen sneller bij de juiste afdeling.\n\nDe gemeente leest uw melding en stuurt die naar wie hem oplost.',
    );
    expect(page).toContain(
      'Deze tekst komt uit de antwoorden op: “Doel”; “Beschrijf de toepassing in eenvoudige taal voor inwoners.”',
    );
    const entry = (await json(`/api/v1/register/${publicId}`)).body;
    expect(entry.assessment.residents).toEqual({
      description: 'De gemeente leest uw melding en stuurt die naar wie hem oplost.',
      explanation: 'Bel 14 050 en vraag naar het team meldingen.',
      objectionRoute: true,
      objection: 'Dien binnen zes weken een klacht in via het klachtenformulier.',
    });
    expect(entry.assessment.filledFrom).toEqual([
      {
        field: 'purpose_and_impact',
        questions: [t('Doel'), t('Beschrijf de toepassing in eenvoudige taal voor inwoners.')],
      },
    ]);
  });

  /** A proposal in review with its reviewers assigned; its name is unique to find it anywhere. */
  async function inReview(c: Awaited<ReturnType<typeof commission>>, name: string) {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS, name })
      .expect(201);
    const id: number = created.body.id;
    await c.proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers: COMPLETE_ANSWERS,
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${id}/transitions`, { action: 'submit' })
      .expect(200);
    await c.secretary
      .post(`/api/v1/assessments/${id}/reviewers`, {
        reviewerIds: c.reviewers.slice(0, 2).map((r) => r.user.id),
        deadline: inDays(14),
      })
      .expect(200);
    return id;
  }

  async function rejected(c: Awaited<ReturnType<typeof commission>>, name: string) {
    const id = await inReview(c, name);
    await c.reviewers[0]
      .post(`/api/v1/assessments/${id}/reviews`, {
        decision: 'reject',
        reasoning: 'Het doel is met een formulier ook te bereiken.',
      })
      .expect(201);
    await c.reviewers[1]
      .post(`/api/v1/assessments/${id}/reviews`, {
        decision: 'approve',
        reasoning: 'Aanvaardbaar risico.',
      })
      .expect(201);
    await c.secretary
      .post(`/api/v1/assessments/${id}/transitions`, {
        action: 'reject',
        reasoning: 'Niet nodig: een eenvoudiger middel volstaat.',
      })
      .expect(200);
    return id;
  }

  /** Everything the public can read about the register as a whole, with a search for `word`. */
  async function registerWide(word: string, slug: string): Promise<string> {
    const parts = await Promise.all([
      html('/register'),
      html(`/register?q=${word}`),
      json(`/api/v1/register?q=${word}`),
      json('/api/v1/register'),
      json('/api/v1/register/export/publicatiestandaard'),
      request(app.url).get('/api/v1/register.csv').expect(200),
      request(app.url).get(`/api/v1/register.csv?q=${word}`).expect(200),
      request(app.url).get('/register/feed.atom').expect(200),
      request(app.url).get(`/organisaties/${slug}/feed.atom`).expect(200),
      html(`/organisaties/${slug}`),
      html('/organisaties'),
    ]);
    return parts.map((r) => r.text).join('\n');
  }

  it('never shows a rejected proposal of an organisation that keeps its advice to itself', async () => {
    const c = await commission(true, false);
    await rejected(c, 'Wachtrijvoorspeller geheimadvies');
    const everywhere = await registerWide('Wachtrijvoorspeller', c.org.slug);
    // The search pages repeat the word searched for; the proposal's name is never there.
    expect(everywhere).not.toContain('Wachtrijvoorspeller geheimadvies');
    expect(everywhere).not.toContain('een eenvoudiger middel volstaat');
    expect(everywhere).toContain('0 algoritmes gevonden');
    const advice = await json('/api/v1/register/not-approved');
    expect(JSON.stringify(advice.body)).not.toContain('Wachtrijvoorspeller');
    const page = await html('/register/niet-goedgekeurd');
    expect(page.text).not.toContain('Wachtrijvoorspeller');
    const mine = await json(`/api/v1/register/not-approved?organisation=${c.org.slug}`);
    expect(mine.body).toEqual({ total: 0, items: [] });
    const list = await json(`/api/v1/register?organisation=${c.org.slug}`);
    expect(list.body.total).toBe(0);
  });

  it('lists advice on rejected and withdrawn proposals apart as not approved when the organisation publishes it, never as in use', async () => {
    const c = await commission(false, true);
    await rejected(c, 'Parkeerboeteschatter openadvies');

    // Withdrawn before anyone advised: nothing to publish.
    const early = await inReview(c, 'Vroegingetrokken voorstel');
    await c.secretary
      .post(`/api/v1/assessments/${early}/transitions`, { action: 'withdraw' })
      .expect(403);
    const concept = await c.proposer
      .post('/api/v1/algorithms', {
        organisationId: c.org.id,
        ...REGISTER_FIELDS,
        name: 'Conceptvoorstel zonder advies',
      })
      .expect(201);
    await c.proposer
      .post(`/api/v1/assessments/${concept.body.id}/transitions`, { action: 'withdraw' })
      .expect(200);

    // Withdrawn after the commission asked for changes: its advice is public.
    const changed = await inReview(c, 'Wijzigingsvoorstel ingetrokken');
    for (const reviewer of c.reviewers.slice(0, 2))
      await reviewer
        .post(`/api/v1/assessments/${changed}/reviews`, {
          decision: 'request_changes',
          reasoning: 'De gegevens zijn niet beschreven.',
        })
        .expect(201);
    await c.secretary
      .post(`/api/v1/assessments/${changed}/transitions`, {
        action: 'request_changes',
        reasoning: 'Beschrijf welke gegevens worden gebruikt.',
      })
      .expect(200);
    await c.proposer
      .post(`/api/v1/assessments/${changed}/transitions`, { action: 'withdraw' })
      .expect(200);

    const api = (await json(`/api/v1/register/not-approved?organisation=${c.org.slug}`)).body;
    expect(api.total).toBe(2);
    expect(api.items).toEqual([
      expect.objectContaining({
        approved: false,
        name: 'Wijzigingsvoorstel ingetrokken',
        outcome: 'withdrawn',
        advice: expect.objectContaining({
          decision: 'request_changes',
          reasoning: 'Beschrijf welke gegevens worden gebruikt.',
          positions: expect.objectContaining({ request_changes: 2 }),
        }),
      }),
      expect.objectContaining({
        approved: false,
        name: 'Parkeerboeteschatter openadvies',
        outcome: 'rejected',
        advice: expect.objectContaining({
          decision: 'rejected',
          reasoning: 'Niet nodig: een eenvoudiger middel volstaat.',
          positions: expect.objectContaining({ reject: 1, approve: 1 }),
          dissent: [{ position: 'approve', reasoning: 'Aanvaardbaar risico.' }],
        }),
      }),
    ]);
    expect(api.items[1].advice).not.toHaveProperty('reviewerReasoning');

    const page = (await html(`/register/niet-goedgekeurd?organisation=${c.org.slug}`)).text;
    expect(page).toContain('Parkeerboeteschatter openadvies');
    expect(page).toContain('Niet nodig: een eenvoudiger middel volstaat.');
    expect(page).toContain('Ingetrokken na advies');
    expect(page).not.toContain('Vroegingetrokken voorstel');
    expect(page).not.toContain('Conceptvoorstel zonder advies');
    const orgPage = (await html(`/organisaties/${c.org.slug}`)).text;
    expect(orgPage).toContain('Niet goedgekeurd: 2 voorstellen met het advies van de commissie');
    expect((await html('/register')).text).toContain('Niet goedgekeurd:');

    // Apart from the applications in use: not found, counted, downloaded or announced as one.
    const everywhere = await registerWide('Parkeerboeteschatter', c.org.slug);
    expect(everywhere).not.toContain('Parkeerboeteschatter openadvies');
    expect(everywhere).not.toContain('een eenvoudiger middel volstaat');
    expect((await json(`/api/v1/register?organisation=${c.org.slug}`)).body.total).toBe(0);
    const names = [NAMES.proposer, NAMES.secretary, ...NAMES.reviewers];
    const advicePages = page + JSON.stringify(api);
    for (const name of names) expect(advicePages).not.toContain(name);
  });
});
