import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Assessment } from '../../src/assessments/entities/assessment.entity';
import { Condition } from '../../src/assessments/entities/condition.entity';
import { Publication } from '../../src/publications/entities/publication.entity';
import { makeCommission } from '../support/api';
import { fixtureTemplate, REGISTER_FIELDS } from '../support/checklist-fixture';
import { TEST_PASSWORD } from '../support/factories';
import { offerTemplate } from '../support/templates';
import { startTestApp, TestApp } from '../support/test-app';
import { launchBrowser, PageChecker, Screenshots } from './support/browser-harness';

// Each page is looked at three times, at 320, 390 and 1280 px.
jest.setTimeout(480_000);

type Commission = Awaited<ReturnType<typeof makeCommission>>;

/** Fields by id; ids of checklist questions contain dots, so they are matched as attributes. */
const field = (id: string) => `[id="field-${id}"]`;
const fieldError = (id: string) => `[id="field-${id}-error"]`;
const answer = (q: string, value: string) => `input[name="answers[${q}]"][value="${value}"]`;
/** A radio button or checkbox by its field's name and its value. */
const choice = (name: string, value: string | number) => `input[name="${name}"][value="${value}"]`;

describe('The whole journey in Chromium', () => {
  let t: TestApp;
  let ds: DataSource;
  let c: Commission;
  let browser: Browser;
  const checker = new PageChecker(new Screenshots('journey'));

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A person at their own browser, logged in through the login page. */
  async function person(email: string, step: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: t.url, locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto('/login');
    await checker.check(page, `${step}-login`);
    await page.fill(field('email'), email);
    await page.fill(field('password'), TEST_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/dashboard');
    await checker.check(page, `${step}-dashboard`);
    return page;
  }

  const click = async (page: Page, name: string) => {
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
  };
  const follow = async (page: Page, name: string) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name }).first().click()]);
  };
  const flash = (page: Page) => page.locator('main [role="status"]').innerText();

  it('goes from proposal to publication, with reviews, changes and a condition', async () => {
    // The proposer registers an algorithm; the first try misses the name.
    const proposer = await person(c.proposer.user.email, '01-proposer');
    await follow(proposer, 'Nieuw algoritme registreren');
    await checker.check(proposer, '02-new');
    await proposer.fill(field('descriptionShort'), REGISTER_FIELDS.descriptionShort);
    await click(proposer, 'Registreren en de checklist starten');
    expect(await proposer.locator('#error-summary').innerText()).toContain('Vul dit veld in.');
    expect(await proposer.inputValue(field('descriptionShort'))).toBe(
      REGISTER_FIELDS.descriptionShort,
    );
    await checker.check(proposer, '03-new-error');
    await proposer.fill(field('name'), REGISTER_FIELDS.name);
    await proposer.check('input[name="themes[]"][value="Ruimte en infrastructuur"]');
    await proposer.fill(field('startDate'), REGISTER_FIELDS.startDate);
    await proposer.fill(field('contact'), REGISTER_FIELDS.contact);
    await click(proposer, 'Registreren en de checklist starten');
    expect(await flash(proposer)).toContain('is geregistreerd');
    const id = Number(/\/assessments\/(\d+)/.exec(proposer.url())![1]);
    await checker.check(proposer, '04-overview');

    // The remaining register fields.
    await follow(proposer, 'Registervelden');
    for (const key of [
      'considerations',
      'humanIntervention',
      'riskManagement',
      'impactAssessments',
      'data',
      'technicalOperation',
      'supplier',
    ] as const)
      await proposer.fill(field(key), REGISTER_FIELDS[key]);
    await click(proposer, 'Registervelden opslaan');
    expect(await flash(proposer)).toContain('registervelden zijn opgeslagen');
    await checker.check(proposer, '05-register');

    // The checklist: a follow-up appears, a bad address is refused, a blocking rule holds.
    await proposer.goto(`/assessments/${id}/sections/basis`);
    await checker.check(proposer, '06-section');
    await proposer.fill(field('basis.goal'), 'Meldingen sneller bij de juiste afdeling.');
    await proposer.check(answer('basis.personal', 'true'));
    await proposer.check(answer('basis.human', 'no_human'));
    await click(proposer, 'Opslaan');
    await proposer.fill(field('basis.dpia'), 'geen adres');
    await click(proposer, 'Opslaan');
    expect(await proposer.locator(fieldError('basis.dpia')).innerText()).toContain('https://');
    expect(await proposer.getAttribute(field('basis.dpia'), 'aria-invalid')).toBe('true');
    await checker.check(proposer, '07-section-error');
    await proposer.fill(field('basis.dpia'), 'https://gemeente.example/dpia');
    await click(proposer, 'Opslaan en verder naar "Wetgeving"');
    await proposer.check(answer('law.prohibited', 'false'));
    await proposer.check(answer('law.high_risk', 'false'));
    await click(proposer, 'Opslaan en naar de samenvatting');
    expect(proposer.url()).toContain('/summary');
    expect(await proposer.locator('main').innerText()).toContain('Er moet een mens beslissen.');
    await checker.check(proposer, '08-summary-blocking');
    await click(proposer, 'Indienen voor toetsing');
    // The law refuses it before the template's rule does: a human takes the final decision.
    expect(await proposer.locator('#error-summary').innerText()).toContain(
      'Wettelijke ondergrens (AI-visie Groningen; AVG art. 22)',
    );
    await checker.check(proposer, '09-submit-refused');
    await follow(proposer, 'Naar onderdeel "Basis"');
    await proposer.check(answer('basis.human', 'human_always'));
    // The legal facts the floors read: no special categories and no profiling, so no DPIA is due.
    await proposer.check(answer('basis.special', 'false'));
    await proposer.check(answer('basis.profiling', 'false'));
    await click(proposer, 'Opslaan en verder naar "Wetgeving"');
    await proposer.goto(`/assessments/${id}/summary`);
    await click(proposer, 'Indienen voor toetsing');
    expect(await flash(proposer)).toContain('De aanvraag is ingediend');
    await checker.check(proposer, '10-submitted');

    // The secretary assigns two reviewers.
    const secretary = await person(c.secretary.user.email, '11-secretary');
    await follow(secretary, REGISTER_FIELDS.name);
    await follow(secretary, 'Wijs toetsers toe');
    await checker.check(secretary, '12-reviewers');
    await secretary.check(choice('reviewerIds[]', c.reviewers[0].user.id));
    await secretary.check(choice('reviewerIds[]', c.reviewers[1].user.id));
    await click(secretary, 'Gekozen toetsers toewijzen');
    expect(await flash(secretary)).toContain('2 toetsers toegewezen');

    // One reviewer asks for changes.
    const reviewerA = await person(c.reviewers[0].user.email, '13-reviewer-a');
    await follow(reviewerA, REGISTER_FIELDS.name);
    await checker.check(reviewerA, '14-review');
    // The sign-off is reachable from the summary at the top, at a phone's width, without script.
    await reviewerA.setViewportSize({ width: 320, height: 800 });
    await reviewerA.getByRole('link', { name: 'Naar uw beoordeling' }).first().click();
    expect(new URL(reviewerA.url()).hash).toBe('#your-review');
    await reviewerA
      .getByRole('navigation', { name: 'Op deze pagina' })
      .getByRole('link', { name: 'Wetgeving' })
      .click();
    expect(new URL(reviewerA.url()).hash).toBe('#section-law');
    await reviewerA.setViewportSize({ width: 1280, height: 720 });
    await reviewerA.check(choice('decision', 'request_changes'));
    await click(reviewerA, 'Beoordeling ondertekenen');
    expect(await reviewerA.locator(fieldError('reasoning')).innerText()).toBe('Vul dit veld in.');
    await checker.check(reviewerA, '15-review-error');
    await reviewerA.fill(field('reasoning'), 'Het doel is te vaag.');
    await reviewerA.fill(field('sectionRemarks.basis'), 'Maak het doel meetbaar.');
    await click(reviewerA, 'Beoordeling ondertekenen');
    // A position, not a step: the secretary decides once every reviewer has signed.
    expect(await flash(reviewerA)).toContain('De secretaris besluit zodra alle toetsers');
    const reviewerB = await person(c.reviewers[1].user.email, '18-reviewer-b');
    await reviewerB.goto(`/assessments/${id}/review`);
    await reviewerB.check(choice('decision', 'approve'));
    await reviewerB.fill(field('reasoning'), 'Akkoord als het doel meetbaar wordt.');
    await click(reviewerB, 'Beoordeling ondertekenen');
    await secretary.goto(`/assessments/${id}/decision`);
    await secretary.check(choice('action', 'request_changes'));
    await secretary.fill(field('reasoning'), 'Het doel moet meetbaar worden.');
    await click(secretary, 'Besluit vastleggen');
    expect(await flash(secretary)).toContain('wijzigingen');

    // The proposer changes an answer, answers the remark beside it, and resubmits.
    await proposer.goto('/dashboard');
    await checker.check(proposer, '16-proposer-dashboard');
    await proposer.goto(`/assessments/${id}/sections/basis`);
    await proposer.fill(
      field('basis.goal'),
      'Meldingen binnen een werkdag bij de juiste afdeling.',
    );
    await proposer.locator('textarea[name^="remarkAnswers["]').fill('Het doel is nu meetbaar.');
    await click(proposer, 'Opslaan');
    await proposer.goto(`/assessments/${id}/summary`);
    await click(proposer, 'Opnieuw indienen');
    expect(await flash(proposer)).toContain('opnieuw ingediend');

    // Both approve, one with a condition; the diff shows the changed answer.
    await reviewerA.goto(`/assessments/${id}/review`);
    // The change is marked at its question: the old answer removed, the new one inserted.
    expect(await reviewerA.locator('#section-basis ~ dl del').first().innerText()).toContain(
      'Meldingen sneller bij de juiste afdeling.',
    );
    expect(await reviewerA.locator('#section-basis ~ dl ins').first().innerText()).toContain(
      'Meldingen binnen een werkdag bij de juiste afdeling.',
    );
    await checker.check(reviewerA, '17-review-diff');
    await reviewerA.check(choice('decision', 'approve'));
    await reviewerA.fill(field('reasoning'), 'Nu duidelijk en meetbaar.');
    await click(reviewerA, 'Beoordeling ondertekenen');
    await reviewerB.goto(`/assessments/${id}/review`);
    await reviewerB.check(choice('decision', 'approve_with_conditions'));
    await reviewerB.fill(field('reasoning'), 'Akkoord, met een evaluatie.');
    await reviewerB.fill(field('conditions.0.description'), 'Evaluatie na een jaar gebruik');
    await reviewerB.fill(field('conditions.0.owner'), 'Team data');
    await reviewerB.fill(field('conditions.0.dueDate'), '2027-06-30');
    await click(reviewerB, 'Beoordeling ondertekenen');
    expect(await flash(reviewerB)).toContain('goedkeuren met voorwaarden');
    await checker.check(reviewerB, '19-reviewed');

    // The secretary decides and publishes.
    await secretary.goto('/dashboard');
    expect(await secretary.locator('main').innerText()).toContain(
      'Standpunten compleet of termijn verstreken, wacht op besluit (1)',
    );
    await checker.check(secretary, '20-inbox');
    await secretary.goto(`/assessments/${id}/decision`);
    await checker.check(secretary, '21-decision');
    await secretary.check(choice('action', 'approve_with_conditions'));
    await click(secretary, 'Besluit vastleggen');
    expect(await secretary.locator(fieldError('reasoning')).innerText()).toBe(
      'Geef de motivering van het besluit.',
    );
    await checker.check(secretary, '22-decision-error');
    await secretary.fill(field('reasoning'), 'De commissie stemt in, met de voorwaarde.');
    await click(secretary, 'Besluit vastleggen');
    expect(await flash(secretary)).toContain('goedgekeurd met voorwaarden');
    // Publishing is confirmed on a page that shows exactly what becomes public.
    await click(secretary, 'Publiceren in het register');
    expect(await secretary.locator('#publish-preview').innerText()).toContain(
      'Zo wordt het openbaar',
    );
    await checker.check(secretary, '23-publish-confirm');
    await click(secretary, 'Ja, publiceer');
    expect(await flash(secretary)).toContain('gepubliceerd');
    await checker.check(secretary, '23-published');

    const algorithm = (await ds.getRepository(Assessment).findOneOrFail({
      where: { id },
      relations: { algorithm: true },
    }))!.algorithm;
    const publication = await ds
      .getRepository(Publication)
      .findOneByOrFail({ algorithmId: algorithm.id, current: true });
    expect(publication.summary).toMatchObject({
      decision: 'approved_with_conditions',
      approvals: 2,
    });
    await follow(secretary, 'Bekijk de registratie');
    const entry = await secretary.locator('main').innerText();
    expect(entry).toContain(REGISTER_FIELDS.name);
    expect(entry).toContain('Goedgekeurd met voorwaarden');
    await checker.check(secretary, '24-register-entry');

    // The proposer reports the condition fulfilled, with a link; the secretary verifies it.
    await proposer.goto(`/assessments/${id}`);
    await follow(proposer, 'Evaluatie na een jaar gebruik');
    await checker.check(proposer, '25-condition');
    await proposer.fill(field('whatWasDone'), 'De evaluatie is gedaan en besproken.');
    await proposer.fill(field('link'), 'https://intranet.example/evaluatie');
    await click(proposer, 'Melden');
    expect(await flash(proposer)).toContain('wacht op verificatie');
    const condition = await ds.getRepository(Condition).findOneByOrFail({ assessmentId: id });
    expect(condition.state).toBe('reported');
    await secretary.goto(`/conditions/${condition.id}`);
    await checker.check(secretary, '26-condition-verify');
    await secretary.check(choice('decision', 'accept'));
    await click(secretary, 'Oordeel vastleggen');
    expect(await flash(secretary)).toContain('geverifieerd');
    expect((await ds.getRepository(Condition).findOneByOrFail({ id: condition.id })).state).toBe(
      'verified',
    );
    await secretary.goto(`/assessments/${id}/audit`);
    expect(await secretary.locator('main').innerText()).toContain('assessment.publish');
    await checker.check(secretary, '27-audit');

    // Each step wrote its e-mail: the admin sees them in the outbox; each user chooses how.
    await secretary.goto('/account/notifications');
    await checker.check(secretary, '27-notifications');
    const admin = await person(c.admin.user.email, '27-admin');
    await admin.goto('/admin/outbox');
    expect(await admin.locator('main').innerText()).toContain(`Toetsen: "${REGISTER_FIELDS.name}"`);
    await checker.check(admin, '27-outbox');

    // And in English.
    await secretary.goto(`/en/assessments/${id}`);
    expect(await secretary.locator('h2').first().innerText()).toBe('What happens next');
    await checker.check(secretary, '28-english');

    expect(checker.visited.length).toBeGreaterThan(25);
    expect(checker.report()).toEqual([]);
  });
});
