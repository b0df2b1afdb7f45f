import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { ApiToken } from '../src/accounts/entities/api-token.entity';
import type { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { SectionPage } from '../src/assessments/pages/section.page';
import { DecisionTreesService } from '../src/classification/decision-trees.service';
import { operatorContext } from '../src/common/request-context';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeOrganisation, makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** The register fields as the page posts them. */
const FORM_FIELDS: Record<string, string | string[]> = Object.fromEntries(
  Object.entries(REGISTER_FIELDS).map(([k, v]) => (Array.isArray(v) ? [`${k}[]`, v] : [k, v])),
);

/** A checkbox or radio button of the field `name` with `value`, and whether it is ticked. */
function choice(html: string, name: string, value: string | number): { checked: boolean } {
  const input = [...html.matchAll(/<input [^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`name="${name}"`) && tag.includes(`value="${value}"`));
  if (!input) throw new Error(`No ${name}=${value} on the page`);
  return { checked: / checked[ >]/.test(input) };
}

/** The error beside field `id`, linked from the summary, with the input marked invalid. */
function expectFieldError(html: string, id: string, message: string | RegExp) {
  expect(html).toContain('id="error-summary"');
  expect(html).toContain(`href="#field-${id}"`);
  const error = new RegExp(`id="field-${id.replace(/[.[\]]/g, '\\$&')}-error">([^<]*)<`).exec(html);
  expect(error?.[1]).toMatch(message);
  expect(html).toMatch(
    new RegExp(`id="field-${id.replace(/[.[\]]/g, '\\$&')}"[^>]*aria-invalid="true"`),
  );
}

/**
 * Every form that can be refused, posted as a browser would, refused, and checked for its whole
 * page: the options with what was posted still chosen, the tables and the links around the form,
 * the error summary linking to the field and the input as typed; not only the status and the
 * error text.
 */
describe('Forms shown again after a refused post', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  const as: Record<string, Browser> = {};
  const users: Record<string, User> = {};
  let concept: number;
  let submitted: number;
  let inReview: number;
  let entry: { publicId: string; name: string };

  async function status(pending: Promise<Response>, expected: number): Promise<Response> {
    const res = await pending;
    if (res.status !== expected)
      throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 3000)}`);
    return res;
  }
  const version = async (id: number) =>
    String((await ds.getRepository(Assessment).findOneByOrFail({ id })).version);

  async function propose(): Promise<number> {
    const res = await status(
      as.proposer.post('/assessments', { organisationId: String(org.id), ...FORM_FIELDS }),
      303,
    );
    return Number(/\/assessments\/(\d+)$/.exec(res.headers.location)![1]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds);
    await offerTemplate(t, fixtureTemplate(1), org);
    await t.app
      .get(DecisionTreesService)
      .installFile(operatorContext(), 'waarborg-ai-verordening.v1.yaml');
    const people: [string, Role, boolean?][] = [
      ['proposer', Role.Proposer],
      ['secretary', Role.Secretary],
      ['reviewerA', Role.Reviewer],
      ['reviewerB', Role.Reviewer],
      ['admin', Role.Admin],
      ['newcomer', Role.Proposer, true],
    ];
    for (const [key, role, mustChangePassword] of people) {
      users[key] = await makeUser(ds, {
        name: `Persoon ${key}`,
        email: `${key.toLowerCase()}@forms.example`,
        roles: [[org, role]],
        mustChangePassword,
      });
      as[key] = new Browser(t.url);
      await status(as[key].login(users[key].email), 303);
    }

    concept = await propose();
    const api = await apiClientFor(ds, t.url, users.proposer);
    const ready = async () => {
      const id = await propose();
      await api
        .put(`/api/v1/assessments/${id}/answers`, {
          version: Number(await version(id)),
          answers: COMPLETE_ANSWERS,
        })
        .expect(200);
      await status(
        as.proposer.post(`/assessments/${id}/submit`, {
          version: await version(id),
          action: 'submit',
        }),
        303,
      );
      return id;
    };
    submitted = await ready();
    inReview = await ready();
    await status(
      as.secretary.post(`/assessments/${inReview}/reviewers`, {
        deadline: inDays(14),
        version: await version(inReview),
        'reviewerIds[]': [String(users.reviewerA.id), String(users.reviewerB.id)],
      }),
      303,
    );

    const published = await publishAlgorithm(ds, t.app.get(PublicationService), org.id, {
      name: 'Parkeervergunningen toekennen',
    });
    entry = { publicId: published.algorithm.publicId, name: published.algorithm.name };
    // Six logins hash six passwords: slow on a busy machine, so more than the default 5 s.
  }, 30_000);
  afterAll(() => t.close());

  /** The navigation every assessment page shares, with links to its sections. */
  function expectAssessmentFrame(html: string, id: number) {
    expect(html).toMatch(new RegExp(`href="/assessments/${id}"[^>]*>Overzicht</a>`));
    expect(html).toMatch(
      new RegExp(`href="/assessments/${id}/review"[^>]*>Antwoorden en beoordelingen</a>`),
    );
    expect(html).toContain('Testkader v1');
  }

  describe('work pages', () => {
    it('new proposal: the organisation and themes stay chosen, the typed text stays', async () => {
      const res = await status(
        as.proposer.post('/assessments', {
          organisationId: String(org.id),
          name: '',
          descriptionShort: 'Blijft staan',
          'themes[]': ['Wonen'],
          status: 'In gebruik',
        }),
        400,
      );
      expectFieldError(res.text, 'name', 'Vul dit veld in.');
      expect(res.text).toMatch(
        new RegExp(`<option value="${org.id}" selected>${org.name}</option>`),
      );
      expect(choice(res.text, 'themes[]', 'Wonen').checked).toBe(true);
      expect(choice(res.text, 'themes[]', 'Economie').checked).toBe(false);
      expect(choice(res.text, 'status', 'In gebruik').checked).toBe(true);
      expect(choice(res.text, 'status', 'In ontwikkeling').checked).toBe(false);
      expect(res.text).toContain('>Blijft staan</textarea>');
    });

    it('register fields: every group, the navigation and the posted choices stay', async () => {
      const res = await status(
        as.proposer.post(`/assessments/${concept}/register`, {
          version: await version(concept),
          ...FORM_FIELDS,
          name: 'x'.repeat(120),
          'themes[]': ['Economie'],
          status: 'Buiten gebruik',
        }),
        400,
      );
      expectFieldError(res.text, 'name', 'Gebruik hoogstens 99 tekens.');
      expectAssessmentFrame(res.text, concept);
      for (const group of ['Algemene informatie', 'Verantwoord gebruik', 'Werking', 'Metadata'])
        expect(res.text).toContain(`<h2 class="utrecht-heading-2">${group}</h2>`);
      expect(choice(res.text, 'themes[]', 'Economie').checked).toBe(true);
      expect(choice(res.text, 'themes[]', 'Ruimte en infrastructuur').checked).toBe(false);
      expect(choice(res.text, 'status', 'Buiten gebruik').checked).toBe(true);
      expect(res.text).toContain(`value="${'x'.repeat(120)}"`);
      expect(res.text).toContain(`name="version" value="${await version(concept)}"`);
    });

    it('a section: the follow-up question of the posted answer, the progress table and the choices stay', async () => {
      const res = await status(
        as.proposer.post(`/assessments/${concept}/sections/basis`, {
          version: await version(concept),
          'answers[basis.goal]': 'Mijn getypte doel',
          'answers[basis.personal]': 'true',
          'answers[basis.dpia]': 'geen adres',
          'answers[basis.human]': 'no_human',
        }),
        400,
      );
      expectFieldError(res.text, 'basis.dpia', /https:\/\//);
      expectAssessmentFrame(res.text, concept);
      expect(res.text).toContain('toepasselijke vragen beantwoord');
      expect(res.text).toContain(`href="/assessments/${concept}/sections/law"`);
      expect(choice(res.text, 'answers[basis.personal]', 'true').checked).toBe(true);
      expect(choice(res.text, 'answers[basis.personal]', 'false').checked).toBe(false);
      expect(choice(res.text, 'answers[basis.human]', 'no_human').checked).toBe(true);
      expect(res.text).toMatch(/name="answers\[basis\.dpia\]"[^>]*value="geen adres"/);
      expect(res.text).toMatch(/name="answers\[basis\.goal\]"[^>]*value="Mijn getypte doel"/);
      expect(res.text).toContain('Opslaan en verder naar &quot;Wetgeving&quot;');
    });

    it('the AI Act question: an answer out of range keeps the question, its sources, the answers given and the choice', async () => {
      const first = await status(as.proposer.get(`/assessments/${concept}/ai-act`), 200);
      const questionId = /name="questionId" value="([^"]+)"/.exec(first.text)![1];
      await status(
        as.proposer.post(`/assessments/${concept}/ai-act`, {
          version: await version(concept),
          questionId,
          answer: '1',
        }),
        303,
      );
      const next = await status(as.proposer.get(`/assessments/${concept}/ai-act`), 200);
      const nextId = /name="questionId" value="([^"]+)"/.exec(next.text)![1];
      const res = await status(
        as.proposer.post(`/assessments/${concept}/ai-act`, {
          version: await version(concept),
          questionId: nextId,
          answer: '42',
        }),
        400,
      );
      // A radio group marks its buttons invalid, not the fieldset.
      expect(res.text).toContain('href="#field-answer"');
      expect(res.text).toMatch(/id="field-answer-error">Kies een van de \d+ antwoorden/);
      expect(res.text).toMatch(/id="field-answer--0"[^>]*aria-invalid="true"/);
      expectAssessmentFrame(res.text, concept);
      expect(res.text).toContain(`name="questionId" value="${nextId}"`);
      expect(res.text).toContain(
        `href="/assessments/${concept}/ai-act?question&#x3D;${questionId}"`,
      );
      expect(res.text).toContain('Bronnen');
      expect(choice(res.text, 'answer', 1).checked).toBe(false);
    });

    it('an impact assessment: "done" without a date keeps the chosen status, the typed outcome and the table', async () => {
      const res = await status(
        as.proposer.post(`/assessments/${concept}/instruments/iama`, {
          version: await version(concept),
          status: 'done',
          outcome: 'Mijn getypte uitkomst',
          link: 'https://intranet.example/iama.pdf',
        }),
        400,
      );
      expectFieldError(res.text, 'date', /een afgeronde beoordeling heeft een datum/);
      expectAssessmentFrame(res.text, concept);
      expect(choice(res.text, 'status', 'done').checked).toBe(true);
      expect(choice(res.text, 'status', 'in_progress').checked).toBe(false);
      expect(res.text).toContain('Mijn getypte uitkomst');
      expect(res.text).toContain('value="https://intranet.example/iama.pdf"');
      expect(res.text).toContain('id="instrument-dpia"');
      expect(res.text).toContain('enctype="multipart/form-data"');
    });

    it('the summary: what is missing stays listed and linked, in the page language', async () => {
      const res = await status(
        as.proposer.post(`/en/assessments/${concept}/submit`, {
          version: await version(concept),
          action: 'submit',
        }),
        422,
      );
      expect(res.text).toContain('id="error-summary"');
      expect(res.text).toContain('Not all required questions have been answered');
      expect(res.text).toContain(
        `href="/en/assessments/${concept}/sections/basis#field-basis.goal"`,
      );
      expect(res.text).toContain(`href="/en/assessments/${concept}">Overview</a>`);
      expect(res.text).toContain('name="action" value="submit"');
    });

    it('the overview: a stale step keeps the buttons, progress and a link to reload', async () => {
      const stale = await version(concept);
      await status(
        as.proposer.post(`/assessments/${concept}/register`, {
          version: stale,
          ...FORM_FIELDS,
        }),
        303,
      );
      const res = await status(
        as.proposer.post(`/assessments/${concept}/actions`, {
          version: stale,
          action: 'withdraw',
          confirmed: 'yes',
        }),
        409,
      );
      expect(res.text).toContain('Iemand anders heeft deze toetsing intussen gewijzigd.');
      expect(res.text).toContain(`href="/assessments/${concept}">Laad de huidige versie`);
      expectAssessmentFrame(res.text, concept);
      expect(res.text).toContain('name="action" value="withdraw"');
      expect(res.text).toContain('toepasselijke vragen beantwoord');
      expect(res.text).toContain('<h2 class="utrecht-heading-2">Beoordelingen</h2>');
    });

    it('the co-author: the overview stays whole, with the colleagues to choose from', async () => {
      const res = await status(
        as.proposer.post(`/assessments/${concept}/coauthors`, { userId: String(users.admin.id) }),
        400,
      );
      expectFieldError(res.text, 'userId', /Kies een collega die indiener is/);
      expectAssessmentFrame(res.text, concept);
      expect(res.text).toContain(`<option value="${users.newcomer.id}">Persoon newcomer</option>`);
      expect(res.text).toContain('toepasselijke vragen beantwoord');
    });

    it('the reviewer picker: the candidates stay, with the posted choice ticked', async () => {
      const res = await status(
        as.secretary.post(`/assessments/${submitted}/reviewers`, {
          deadline: inDays(14),
          version: await version(submitted),
          'reviewerIds[]': String(users.reviewerB.id),
        }),
        422,
      );
      expect(res.text).toContain('Er zijn minstens 2 toetsers nodig');
      expectAssessmentFrame(res.text, submitted);
      expect(res.text).toContain(`href="/assessments/${submitted}/reviewers"`);
      expect(choice(res.text, 'reviewerIds[]', users.reviewerB.id).checked).toBe(true);
      expect(choice(res.text, 'reviewerIds[]', users.reviewerA.id).checked).toBe(false);
      expect(res.text).toContain(`${users.reviewerA.name} (${users.reviewerA.email})`);
      expect(res.text).not.toContain(`value="${users.proposer.id}"`);
    });

    it('the decision: the positions, the chosen decision and the typed reasonings stay', async () => {
      const res = await status(
        as.secretary.post(`/assessments/${inReview}/decision`, {
          version: await version(inReview),
          action: 'approve',
          reasoning: 'Mijn getypte motivering',
          dissentReasoning: 'Mijn antwoord op de afwijzing',
          'conditions[0][description]': 'Jaarlijkse evaluatie',
          'conditions[0][owner]': 'Team Data',
          'conditions[0][dueDate]': inDays(365),
        }),
        409,
      );
      expect(res.text).toContain('id="error-summary"');
      expect(res.text).toContain('Nog 2 toetser(s) moeten tekenen');
      expectAssessmentFrame(res.text, inReview);
      expect(res.text).toContain('Niet getekend: 2');
      expect(res.text).toContain(users.reviewerA.name);
      expect(choice(res.text, 'action', 'approve').checked).toBe(true);
      expect(choice(res.text, 'action', 'request_changes').checked).toBe(false);
      expect(res.text).toContain('>Mijn getypte motivering</textarea>');
      expect(res.text).toContain('>Mijn antwoord op de afwijzing</textarea>');
      expect(res.text).toMatch(
        /name="conditions\[0\]\[description\]"[^>]*>Jaarlijkse evaluatie<\/textarea>/,
      );
    });

    it('the review: the answers, the chosen decision, the remarks and the condition rows stay', async () => {
      const res = await status(
        as.reviewerA.post(`/assessments/${inReview}/review`, {
          decision: 'approve_with_conditions',
          reasoning: '',
          'sectionRemarks[basis]': 'Let op het doel',
          'conditions[0][description]': '',
          'conditions[1][description]': 'Evaluatie na een jaar',
          'conditions[1][owner]': 'Team data',
          'conditions[1][dueDate]': inDays(90),
        }),
        400,
      );
      expectFieldError(res.text, 'reasoning', 'Vul dit veld in.');
      expectAssessmentFrame(res.text, inReview);
      expect(res.text).toContain('id="section-basis"');
      expect(res.text).toContain(COMPLETE_ANSWERS['basis.goal']);
      expect(choice(res.text, 'decision', 'approve_with_conditions').checked).toBe(true);
      expect(choice(res.text, 'decision', 'approve').checked).toBe(false);
      expect(res.text).toContain('>Let op het doel</textarea>');
      // The filled row moved up to the first place, where its error would be shown.
      expect(res.text).toMatch(
        /name="conditions\[0\]\[description\]"[^>]*>Evaluatie na een jaar<\/textarea>/,
      );
      expect(res.text).toMatch(/name="conditions\[0\]\[owner\]"[^>]*value="Team data"/);
      expect(res.text).toContain('Voorwaarde 3');
    });

    it('shows the page’s own error when the page of a refused form cannot be built', async () => {
      const res = await status(
        as.proposer.post('/assessments/999999/register', { version: '1', name: 'x'.repeat(120) }),
        404,
      );
      expect(res.text).not.toContain('id="error-summary"');
      expect(res.text).not.toContain('name="version"');
    });
  });

  describe('account, admin and public pages', () => {
    it('API tokens: the token table stays when a new token is refused', async () => {
      await ds.getRepository(ApiToken).save({
        userId: users.proposer.id,
        name: 'bestaand-token',
        tokenHash: 'f'.repeat(64),
        prefix: 'wb_bestaan',
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      const res = await status(
        as.proposer.post(
          '/account/tokens',
          { name: 'n'.repeat(101), expiresInDays: '30' },
          '/account/tokens',
        ),
        400,
      );
      expectFieldError(res.text, 'name', 'Gebruik hoogstens 100 tekens.');
      expect(res.text).toContain('<caption class="utrecht-table__caption">Uw API-tokens</caption>');
      expect(res.text).toContain('<td class="utrecht-table__cell">bestaand-token</td>');
      expect(res.text).toMatch(/action="\/account\/tokens\/\d+\/revoke"/);
      expect(res.text).toContain(`value="${'n'.repeat(101)}"`);
      expect(res.text).toMatch(/name="expiresInDays"[^>]*value="30"/);
    });

    it('a new user: the role checkboxes stay, with the posted roles ticked', async () => {
      const res = await status(
        as.admin.post(
          '/admin/users',
          { name: 'Dubbel', email: users.proposer.email, roles: `${org.id}:reviewer` },
          '/admin/users/new',
        ),
        400,
      );
      expectFieldError(res.text, 'email', 'Er is al een account met dit e-mailadres.');
      expect(res.text).toContain(
        `<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${org.name}</legend>`,
      );
      expect(choice(res.text, 'roles', `${org.id}:reviewer`).checked).toBe(true);
      for (const role of ['proposer', 'secretary', 'admin'])
        expect(choice(res.text, 'roles', `${org.id}:${role}`).checked).toBe(false);
      expect(res.text).toMatch(/name="name"[^>]*value="Dubbel"/);
    });

    it('a user’s roles: the user, the roles as posted and the account buttons stay', async () => {
      const res = await status(
        as.admin.post(
          `/admin/users/${users.admin.id}/roles`,
          { roles: `${org.id}:proposer` },
          `/admin/users/${users.admin.id}`,
        ),
        400,
      );
      expect(res.text).toContain('href="#field-roles"');
      expect(res.text).toContain('id="field-roles-error"');
      expect(res.text).toContain(`<h1 class="utrecht-heading-1">${users.admin.name}</h1>`);
      expect(res.text).toContain(users.admin.email);
      expect(choice(res.text, 'roles', `${org.id}:proposer`).checked).toBe(true);
      expect(choice(res.text, 'roles', `${org.id}:admin`).checked).toBe(false);
      expect(res.text).toContain('Dit is uw eigen account');
      expect(res.text).toContain('href="/admin/users">Terug naar de gebruikers</a>');
    });

    it('an organisation’s policies: the ticked choices stay beside the refused answer time', async () => {
      const path = `/admin/organisations/${org.id}/policies`;
      const res = await status(
        as.admin.post(path, { feedbackAnswerDays: '0', publishReviewerReasoning: 'true' }, path),
        400,
      );
      expectFieldError(res.text, 'feedbackAnswerDays', 'Vul een getal van minstens 1 in.');
      expect(choice(res.text, 'publishReviewerReasoning', 'true').checked).toBe(true);
      expect(choice(res.text, 'publishRejectedAdvice', 'true').checked).toBe(false);
      expect(choice(res.text, 'iamaForImpactful', 'true').checked).toBe(false);
      expect(res.text).toContain(
        `<h1 class="utrecht-heading-1">Afspraken van de organisatie: ${org.name}</h1>`,
      );
    });

    it('the password: the warning to change it first stays, and no password is sent back', async () => {
      const res = await status(
        as.newcomer.post(
          '/account/password',
          {
            currentPassword: 'een lang testwachtwoord',
            newPassword: 'een heel nieuw wachtwoord',
            confirmPassword: 'een ander nieuw wachtwoord',
          },
          '/account/password',
        ),
        400,
      );
      expectFieldError(
        res.text,
        'confirmPassword',
        'De twee nieuwe wachtwoorden zijn niet gelijk.',
      );
      expect(res.text).toContain('U moet eerst een nieuw wachtwoord kiezen');
      expect(res.text).not.toContain('wachtwoord"');
      expect(res.text).not.toMatch(/type="password"[^>]*value=/);
    });

    it('the import: the form, its limits and the typed organisation stay', async () => {
      const token = await as.admin.csrfToken('/admin/import');
      const res = await status(
        as.admin.agent
          .post('/admin/import')
          .set('accept', 'text/html')
          .set('origin', t.url)
          .field('_csrf', token)
          .field('organisation', 'Gemeente Getypt')
          .attach('file', Buffer.from('geen json'), {
            filename: 'register.json',
            contentType: 'application/json',
          }),
        403,
      );
      // Another organisation than the admin's own: refused before the file is read.
      expectFieldError(res.text, 'organisation', /Gemeente Getypt is daar geen van/);
      expect(res.text).toContain('hoogstens 20 MB.');
      expect(res.text).toMatch(/id="field-organisation"[^>]*value="Gemeente Getypt"/);
      expect(res.text).toContain('href="/dashboard">Mijn werk</a>');
    });

    it('the assessment frameworks: the versions to adopt stay, with the chosen organisation', async () => {
      const token = await as.admin.csrfToken('/admin/checklists');
      const res = await status(
        as.admin.agent
          .post('/admin/checklists/upload')
          .set('accept', 'text/html')
          .set('origin', t.url)
          .field('_csrf', token)
          .field('organisationId', String(org.id))
          .attach('file', Buffer.from('geen json'), {
            filename: 'kader.json',
            contentType: 'application/json',
          }),
        400,
      );
      expectFieldError(res.text, 'file', /Het bestand is geen geldig toetsingskader/);
      expect(res.text).toContain(`Versies die ${org.name} kan kiezen`);
      expect(res.text).toContain('In gebruik voor nieuwe voorstellen: Testkader v1, versie 1.');
      expect(res.text).toMatch(new RegExp(`<option value="${org.id}" selected>`));
      expect(res.text).toContain('hoogstens 1024 kB.');
    });

    it('a condition’s report: the condition, its state and the typed text stay', async () => {
      const condition = await ds.getRepository(Condition).save({
        assessmentId: concept,
        description: 'Evaluatie na een jaar gebruik',
        owner: 'Team data',
        dueDate: '2099-06-30',
      });
      const token = await as.proposer.csrfToken(`/conditions/${condition.id}`);
      const res = await status(
        as.proposer.agent
          .post(`/conditions/${condition.id}/report`)
          .set('accept', 'text/html')
          .set('origin', t.url)
          .field('_csrf', token)
          .field('version', String(condition.version))
          .field('whatWasDone', 'Geëvalueerd met het team.')
          .field('link', 'geen-webadres'),
        400,
      );
      expectFieldError(res.text, 'link', 'Vul een volledig webadres in, beginnend met https://.');
      expect(res.text).toContain('Evaluatie na een jaar gebruik');
      expect(res.text).toContain(`href="/assessments/${concept}"`);
      expect(res.text).toContain('>Geëvalueerd met het team.</textarea>');
      expect(res.text).toMatch(/name="link"[^>]*value="geen-webadres"/);
      expect(res.text).toContain('hoogstens 10 MB');
    });

    it('the login: the e-mail address and where to go next stay, the password does not', async () => {
      const visitor = new Browser(t.url);
      const res = await status(
        visitor.post('/login', {
          email: users.proposer.email,
          password: 'niet het goede wachtwoord',
          next: '/dashboard',
        }),
        401,
      );
      expect(res.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
      expect(res.text).toMatch(new RegExp(`name="email"[^>]*value="${users.proposer.email}"`));
      expect(res.text).toContain('name="next" value="/dashboard"');
      expect(res.text).not.toContain('niet het goede wachtwoord');
    });

    it('feedback: the entry it is about and the typed name stay', async () => {
      const visitor = new Browser(t.url);
      const res = await status(
        visitor.post(`/register/${entry.publicId}/feedback`, { name: 'Jan', message: '' }),
        400,
      );
      expectFieldError(res.text, 'message', 'Vul dit veld in.');
      expect(res.text).toMatch(
        new RegExp(`href="/register/${entry.publicId}/[a-z0-9-]+">${entry.name}</a>`),
      );
      expect(res.text).toContain(`action="/register/${entry.publicId}/feedback"`);
      expect(res.text).toMatch(/name="name"[^>]*value="Jan"/);
      expect(choice(res.text, 'publishConsent', 'yes').checked).toBe(false);
    });

    it('feedback: the consent stays ticked beside a refused address', async () => {
      await ds.query('DELETE FROM register_feedback_counters');
      const visitor = new Browser(t.url);
      const res = await status(
        visitor.post(`/register/${entry.publicId}/feedback`, {
          email: 'geen-adres',
          message: 'Een vraag',
          publishConsent: 'yes',
        }),
        400,
      );
      expectFieldError(res.text, 'email', 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.');
      expect(choice(res.text, 'publishConsent', 'yes').checked).toBe(true);
      expect(res.text).toContain('>Een vraag</textarea>');
    });

    it('the answer to feedback: the message, its entry and the other steps stay', async () => {
      await ds.query('DELETE FROM register_feedback_counters');
      const visitor = new Browser(t.url);
      const form = `/register/${entry.publicId}/feedback`;
      await status(visitor.post(form, { message: 'Wie ziet mijn aanvraag?' }, form), 303);
      const { id } = await ds
        .getRepository(Feedback)
        .findOneByOrFail({ message: 'Wie ziet mijn aanvraag?' });
      const page = `/feedback/${id}`;
      const res = await status(as.secretary.post(`${page}/answer`, { answer: '' }, page), 400);
      expectFieldError(res.text, 'answer', 'Vul dit veld in.');
      expect(res.text).toContain('Wie ziet mijn aanvraag?');
      expect(res.text).toMatch(new RegExp(`href="/register/${entry.publicId}">${entry.name}</a>`));
      expect(res.text).toContain(`action="${page}/in-progress"`);
      expect(res.text).toContain('href="/feedback"');
      const long = await status(
        as.secretary.post(`${page}/answer`, { answer: 'a'.repeat(5001) }, page),
        400,
      );
      expectFieldError(long.text, 'answer', 'Gebruik hoogstens 5000 tekens.');
      expect(long.text).toContain(`>${'a'.repeat(5001)}</textarea>`);
    });
  });

  describe('a post that succeeds', () => {
    it('builds no page, and costs the same statements as the API’s save besides the session', async () => {
      const built = jest.spyOn(SectionPage.prototype, 'build');
      const statements: string[] = [];
      const logged = jest.spyOn(ds.logger, 'logQuery').mockImplementation((query: string) => {
        statements.push(query);
      });
      // Statements of the login, the session and the token: the page and the API differ there.
      const work = () => statements.filter((q) => !/"(sessions|users|api_tokens)"/.test(q));
      try {
        const [viaPage, viaApi] = [await propose(), await propose()];
        const api = await apiClientFor(ds, t.url, users.proposer);
        const token = await as.proposer.csrfToken('/dashboard');
        const answer = 'Meldingen sneller bij de juiste afdeling.';

        const pageVersion = await version(viaPage);
        statements.length = 0;
        const saved = await as.proposer.agent
          .post(`/assessments/${viaPage}/sections/basis`)
          .set('accept', 'text/html')
          .set('origin', t.url)
          .type('form')
          .send({ version: pageVersion, 'answers[basis.goal]': answer, _csrf: token });
        expect(saved.status).toBe(303);
        const page = work().length;

        const apiVersion = Number(await version(viaApi));
        statements.length = 0;
        await api
          .put(`/api/v1/assessments/${viaApi}/answers`, {
            version: apiVersion,
            answers: { 'basis.goal': answer },
          })
          .expect(200);
        const viaApiCount = work().length;

        expect(built).not.toHaveBeenCalled();
        expect(page).toBe(viaApiCount);

        // The same form refused does build its page, once.
        await status(
          as.proposer.post(`/assessments/${viaPage}/sections/basis`, {
            version: '1',
            'answers[basis.goal]': 'Te laat',
          }),
          409,
        );
        expect(built).toHaveBeenCalledTimes(1);
      } finally {
        built.mockRestore();
        logged.mockRestore();
      }
    });
  });
});
