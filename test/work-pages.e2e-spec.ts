import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Answer } from '../src/assessments/entities/answer.entity';
import type { ChecklistTemplateContent } from '../src/checklists/template.types';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { inDays, makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** The fixture template plus a number question, so the pages meet every kind of field. */
function workTemplate(): ChecklistTemplateContent {
  const base = fixtureTemplate(1);
  base.key = 'work-pages';
  base.sections.push({
    id: 'energy',
    title: { nl: 'Energie', en: 'Energy' },
    questions: [
      {
        id: 'energy.uses',
        type: 'number',
        required: false,
        min: 0,
        text: { nl: 'Gebruik per jaar', en: 'Uses a year' },
        urns: ['urn:nl:ak:ver:aia-00'],
      },
    ],
  });
  return base;
}

/** Browser.post and login are async: wait for the answer, then check its status. */
async function status<T extends { status: number; text: string }>(
  pending: Promise<T>,
  expected: number,
): Promise<T> {
  const res = await pending;
  if (res.status !== expected)
    throw new Error(`Expected ${expected}, got ${res.status}: ${res.text.slice(0, 2000)}`);
  return res;
}

/** The register fields as the page posts them. */
const FORM_FIELDS: Record<string, string | string[]> = Object.fromEntries(
  Object.entries(REGISTER_FIELDS).map(([k, v]) => (Array.isArray(v) ? [`${k}[]`, v] : [k, v])),
);

describe('Work pages', () => {
  let t: TestApp;
  let ds: DataSource;
  const as: Record<string, Browser> = {};
  let orgId: number;
  let reviewerIds: number[];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    const org = await makeOrganisation(ds);
    const other = await makeOrganisation(ds);
    await offerTemplate(t, workTemplate(), org, other);
    orgId = org.id;
    const people: [string, [typeof org, Role][]][] = [
      ['proposer', [[org, Role.Proposer]]],
      ['secretary', [[org, Role.Secretary]]],
      ['reviewerA', [[org, Role.Reviewer]]],
      ['reviewerB', [[org, Role.Reviewer]]],
      [
        'both',
        [
          [org, Role.Proposer],
          [org, Role.Reviewer],
        ],
      ],
      ['admin', [[org, Role.Admin]]],
      [
        'outsider',
        [
          [other, Role.Secretary],
          [other, Role.Proposer],
        ],
      ],
    ];
    for (const [key, roles] of people) {
      const user = await makeUser(ds, {
        name: key,
        email: `${key.toLowerCase()}@work.example`,
        roles,
      });
      if (key.startsWith('reviewer')) (reviewerIds ??= []).push(user.id);
      as[key] = new Browser(t.url);
      await status(as[key].login(user.email), 303);
    }
  });
  afterAll(() => t.close());

  async function propose(who = 'proposer'): Promise<number> {
    const res = await status(
      as[who].post('/assessments', { organisationId: String(orgId), ...FORM_FIELDS }),
      303,
    );
    const id = Number(/\/assessments\/(\d+)$/.exec(res.headers.location)![1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }
  const version = async (id: number) =>
    (await ds.getRepository(Assessment).findOneByOrFail({ id })).version;

  async function answerAll(id: number, who = 'proposer') {
    await status(
      as[who].post(`/assessments/${id}/sections/basis`, {
        version: String(await version(id)),
        'answers[basis.goal]': 'Meldingen sneller bij de juiste afdeling.',
        'answers[basis.personal]': 'false',
        'answers[basis.human]': 'human_always',
      }),
      303,
    );
    await status(
      as[who].post(`/assessments/${id}/sections/law`, {
        version: String(await version(id)),
        'answers[law.prohibited]': 'false',
        'answers[law.high_risk]': 'false',
      }),
      303,
    );
  }

  async function submitted(who = 'proposer'): Promise<number> {
    const id = await propose(who);
    await answerAll(id, who);
    await status(
      as[who].post(`/assessments/${id}/submit`, {
        version: String(await version(id)),
        action: 'submit',
      }),
      303,
    );
    return id;
  }

  describe('access', () => {
    it('shows the proposer the pages for proposing and refuses them to other roles', async () => {
      await as.proposer.get('/assessments/new').expect(200);
      await as.reviewerA.get('/assessments/new').expect(403);
      await as.secretary.get('/assessments/new').expect(403);
      const id = await propose();
      for (const path of ['', '/register', '/sections/basis', '/summary', '/review'])
        await as.proposer.get(`/assessments/${id}${path}`).expect(200);
      await as.secretary.get(`/assessments/${id}/register`).expect(403);
      await as.secretary.get(`/assessments/${id}/sections/basis`).expect(403);
      await as.proposer.get(`/assessments/${id}/sections/nope`).expect(404);
      await as.outsider.get(`/assessments/${id}`).expect(404);
      await as.reviewerA.get(`/assessments/${id}`).expect(404);
    });

    it('shows the secretary the reviewers, decision and audit pages, and no one else', async () => {
      const id = await submitted();
      for (const path of ['', '/reviewers', '/decision', '/audit', '/review'])
        await as.secretary.get(`/assessments/${id}${path}`).expect(200);
      await as.proposer.get(`/assessments/${id}/reviewers`).expect(403);
      await as.proposer.get(`/assessments/${id}/decision`).expect(403);
      await as.proposer.get(`/assessments/${id}/audit`).expect(403);
      await as.admin.get(`/assessments/${id}/audit`).expect(200);
      await as.outsider.get(`/assessments/${id}/reviewers`).expect(404);
    });

    it('refuses every work page to a visitor without a session', async () => {
      const visitor = new Browser(t.url);
      for (const path of [
        '/dashboard',
        '/assessments/new',
        '/assessments/1',
        '/assessments/1/review',
      ]) {
        const res = await visitor.get(path).expect(303);
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      }
    });

    it('gives each role a dashboard with its own lists and counts', async () => {
      const id = await submitted();
      const proposer = await as.proposer.get('/dashboard').expect(200);
      expect(proposer.text).toMatch(/Mijn aanvragen \(\d+\)/);
      expect(proposer.text).toContain(`/assessments/${id}`);
      const secretary = await as.secretary.get('/dashboard').expect(200);
      expect(secretary.text).toMatch(/Ingediend, wacht op toetsers \(\d+\)/);
      expect(secretary.text).toContain(`/assessments/${id}`);
      const reviewer = await as.reviewerA.get('/dashboard').expect(200);
      expect(reviewer.text).toMatch(/Aan mij toegewezen beoordelingen \(\d+\)/);
      const admin = await as.admin.get('/en/dashboard').expect(200);
      expect(admin.text).toContain('Assessment frameworks in use</a>: ');
      expect(admin.text).toMatch(/Assessment frameworks in use<\/a>: [^<]*: [^<]+ v1/);
      expect(admin.text).toContain('/en/admin/users');
    });
  });

  describe('forms', () => {
    it('keeps the input and shows the message beside the field, with a summary linking to it (Dutch)', async () => {
      const res = await status(
        as.proposer.post('/assessments', {
          organisationId: String(orgId),
          name: 'x'.repeat(120),
          descriptionShort: 'Blijft staan <script>alert(1)</script>',
          link: 'geen adres',
        }),
        400,
      );
      expect(res.text).toContain('href="#field-name"');
      expect(res.text).toMatch(/id="field-name-error">Gebruik hoogstens 99 tekens\.<\/div>/);
      expect(res.text).toMatch(/id="field-name"[^>]*aria-invalid="true"/);
      expect(res.text).toContain('utrecht-form-field--invalid');
      expect(res.text).toContain('Blijft staan &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain('id="field-link-error"');
    });

    it('says so in English on /en, and asks for a required field left empty', async () => {
      const res = await status(
        as.proposer.post('/en/assessments', {
          organisationId: String(orgId),
          name: '',
          descriptionShort: 'Kept',
        }),
        400,
      );
      expect(res.text).toContain('id="field-name-error">Please fill in this field.</div>');
      expect(res.text).toContain('>Kept</textarea>');
      expect(res.text).toContain('Please check the following fields');
    });

    it('reports text in a number field beside that field and saves nothing of the section', async () => {
      const id = await propose();
      const before = await version(id);
      const res = await status(
        as.proposer.post(`/assessments/${id}/sections/energy`, {
          version: String(before),
          'answers[energy.uses]': 'abc',
        }),
        400,
      );
      expect(res.text).toContain('id="field-energy.uses-error">Vul een getal in.</div>');
      expect(res.text).toMatch(/name="answers\[energy\.uses\]"[^>]*value="abc"/);
      expect(await version(id)).toBe(before);
      const en = await status(
        as.proposer.post(`/en/assessments/${id}/sections/energy`, {
          version: String(before),
          'answers[energy.uses]': 'abc',
        }),
        400,
      );
      expect(en.text).toContain('Enter a number.');
    });

    it('saves a section, shows a follow-up question once its condition holds, and drops an answer that no longer applies', async () => {
      const id = await propose();
      const saved = await status(
        as.proposer.post(`/assessments/${id}/sections/basis`, {
          version: String(await version(id)),
          'answers[basis.personal]': 'true',
          then: 'stay',
        }),
        303,
      );
      expect(saved.headers.location).toBe(`/assessments/${id}/sections/basis`);
      const page = await as.proposer.get(saved.headers.location).expect(200);
      expect(page.text).toContain('Onderdeel &quot;Basis&quot; is opgeslagen.');
      expect(page.text).toContain('name="answers[basis.dpia]"');
      // The user switches the parent back while the follow-up still shows a (bad) value: no error.
      await status(
        as.proposer.post(`/assessments/${id}/sections/basis`, {
          version: String(await version(id)),
          'answers[basis.personal]': 'false',
          'answers[basis.dpia]': 'niet-gezien',
        }),
        303,
      );
      const answers = await ds.getRepository(Answer).findBy({ assessmentId: id });
      expect(answers.map((a) => a.questionId).sort()).toEqual(['basis.personal']);
    });

    it('empties the themes when no theme box is ticked (the browser then sends no field at all)', async () => {
      const id = await propose();
      const { 'themes[]': _themes, ...withoutThemes } = FORM_FIELDS;
      await status(
        as.proposer.post(`/assessments/${id}/register`, {
          version: String(await version(id)),
          ...withoutThemes,
        }),
        303,
      );
      const assessment = await ds
        .getRepository(Assessment)
        .findOneOrFail({ where: { id }, relations: { algorithm: true } });
      expect(assessment.algorithm.themes).toEqual([]);
    });

    it('asks a month with a month picker, and reads a month typed as people write it', async () => {
      const id = await propose();
      const form = await as.proposer.get(`/assessments/${id}/register`).expect(200);
      expect(form.text).toMatch(
        /<input[^>]*type="month"[^>]*id="field-startDate"|<input[^>]*id="field-startDate"[^>]*type="month"/,
      );
      await status(
        as.proposer.post(`/assessments/${id}/register`, {
          ...FORM_FIELDS,
          version: String(await version(id)),
          startDate: 'maart 2026',
          endDate: '12-2029',
        }),
        303,
      );
      const { algorithm } = await ds
        .getRepository(Assessment)
        .findOneOrFail({ where: { id }, relations: { algorithm: true } });
      expect([algorithm.startDate, algorithm.endDate]).toEqual(['2026-03', '2029-12']);
      const refused = await status(
        as.proposer.post(`/assessments/${id}/register`, {
          ...FORM_FIELDS,
          version: String(await version(id)),
          startDate: 'volgende maand',
        }),
        400,
      );
      expect(refused.text).toContain('Vul een maand in, bijvoorbeeld maart 2026 of 03-2026.');
      expect(refused.text).toMatch(/id="field-startDate"[^>]*value="volgende maand"/);
    });

    it('answers a stale version with 409, the typed input kept and a link to reload', async () => {
      const id = await propose();
      const stale = await version(id);
      await status(
        as.proposer.post(`/assessments/${id}/register`, { version: String(stale), ...FORM_FIELDS }),
        303,
      );
      const res = await status(
        as.proposer.post(`/assessments/${id}/sections/basis`, {
          version: String(stale),
          'answers[basis.goal]': 'Mijn zorgvuldig getypte doel',
        }),
        409,
      );
      expect(res.text).toContain('Iemand anders heeft deze toetsing intussen gewijzigd.');
      expect(res.text).toContain('Mijn zorgvuldig getypte doel');
      expect(res.text).toContain(`href="/assessments/${id}/sections/basis">Laad de huidige versie`);
    });

    it('lists what is missing on the summary, each linked to its question, and refuses submission with the reason', async () => {
      const id = await propose();
      const summary = await as.proposer.get(`/assessments/${id}/summary`).expect(200);
      expect(summary.text).toContain(`href="/assessments/${id}/sections/basis#field-basis.goal"`);
      const res = await status(
        as.proposer.post(`/assessments/${id}/submit`, {
          version: String(await version(id)),
          action: 'submit',
        }),
        422,
      );
      expect(res.text).toContain('Nog niet alle verplichte vragen zijn beantwoord');
    });

    it('shows only the buttons of the transition table for the user and the state', async () => {
      const id = await submitted();
      const proposer = await as.proposer.get(`/assessments/${id}`).expect(200);
      expect(proposer.text).toContain('value="withdraw"');
      expect(proposer.text).not.toContain('value="publish"');
      const secretary = await as.secretary.get(`/assessments/${id}`).expect(200);
      expect(secretary.text).not.toContain('value="withdraw"');
      expect(secretary.text).toContain(`/assessments/${id}/reviewers`);
    });
  });

  describe('reviewing', () => {
    it('never offers the sign-off form on the proposer’s own proposal, and refuses the post', async () => {
      const id = await submitted('both');
      await status(
        as.secretary.post(`/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          version: String(await version(id)),
          'reviewerIds[]': reviewerIds.map(String),
        }),
        303,
      );
      const page = await as.both.get(`/assessments/${id}/review`).expect(200);
      expect(page.text).not.toContain('name="decision"');
      expect(page.text).toContain('U hebt deze aanvraag zelf ingediend');
      const res = await status(
        as.both.post(`/assessments/${id}/review`, { decision: 'approve', reasoning: 'Prima.' }),
        403,
      );
      expect(res.text).toContain(
        'Scheiding van functies: wie deze aanvraag heeft ingediend of er mede-indiener van is, toetst haar niet.',
      );
    });

    it('keeps a review with errors, beside each field, and ignores empty condition rows', async () => {
      const id = await submitted();
      await status(
        as.secretary.post(`/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          version: String(await version(id)),
          'reviewerIds[]': reviewerIds.map(String),
        }),
        303,
      );
      const page = await as.reviewerA.get(`/assessments/${id}/review`).expect(200);
      expect(page.text).toContain('name="decision"');
      const bad = await status(
        as.reviewerA.post(`/assessments/${id}/review`, {
          decision: 'approve_with_conditions',
          reasoning: '',
          'sectionRemarks[basis]': 'Let op het doel',
          'conditions[0][description]': '',
          'conditions[0][owner]': '',
          'conditions[0][dueDate]': '',
          'conditions[1][description]': 'Evaluatie na een jaar',
          'conditions[1][owner]': 'Team data',
          'conditions[1][dueDate]': '2027-02-30',
        }),
        400,
      );
      expect(bad.text).toContain('id="field-reasoning-error">Vul dit veld in.</div>');
      expect(bad.text).toContain('>Let op het doel</textarea>');
      expect(bad.text).toContain('>Evaluatie na een jaar</textarea>');
      const ok = await status(
        as.reviewerA.post(`/assessments/${id}/review`, {
          decision: 'approve_with_conditions',
          reasoning: 'Zorgvuldig.',
          'conditions[0][description]': '',
          'conditions[1][description]': 'Evaluatie na een jaar',
          'conditions[1][owner]': 'Team data',
          'conditions[1][dueDate]': inDays(90),
        }),
        303,
      );
      expect(ok.headers.location).toBe(`/assessments/${id}`);
      const shown = await as.reviewerA.get(ok.headers.location).expect(200);
      expect(shown.text).toContain('Uw beoordeling is vastgelegd: goedkeuren met voorwaarden.');
      expect(shown.text).toContain('Evaluatie na een jaar');
    });

    it('refuses too few reviewers on the picker with the rule’s message, keeping the choice', async () => {
      const id = await submitted();
      const res = await status(
        as.secretary.post(`/assessments/${id}/reviewers`, {
          deadline: inDays(14),
          version: String(await version(id)),
          'reviewerIds[]': String(reviewerIds[0]),
        }),
        422,
      );
      expect(res.text).toContain('Er zijn minstens 2 toetsers nodig');
      expect(res.text).toMatch(new RegExp(`value="${reviewerIds[0]}" checked`));
      const none = await status(
        as.secretary.post(`/assessments/${id}/reviewers`, {
          version: String(await version(id)),
          deadline: inDays(14),
        }),
        400,
      );
      expect(none.text).toContain('id="field-reviewerIds-error"');
    });
  });
});
