import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { PublicationService } from '../../src/publications/publication.service';
import { makeOrganisation } from '../support/factories';
import { publishAlgorithm, summaryFor } from '../support/register-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { launchBrowser, PageChecker, Screenshots } from './support/browser-harness';

/**
 * The public pages in Debian's Chromium at 320, 390 and 1280 px: none scrolls sideways, axe-core
 * finds nothing against WCAG 2.0/2.1 A and AA, and screenshots are kept.
 */
jest.setTimeout(60_000);

describe('Register in the browser (WCAG 2.1 AA)', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  let entryPath: string;

  const checker = new PageChecker(new Screenshots('public'));

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(ds, 'Gemeente Toegankelijk');
    const { algorithm } = await publishAlgorithm(
      ds,
      publications,
      org.id,
      { name: 'Parkeervergunningen toekennen' },
      { summary: summaryFor(1) },
    );
    entryPath = `/register/${algorithm.publicId}/parkeervergunningen-toekennen`;
    // A word a line cannot break (the national listing has such words in its purposes).
    await publishAlgorithm(ds, publications, org.id, {
      name: 'Vooroverleg beoordelen',
      descriptionShort:
        'Toetst aanvragen (omgevingsvergunningen/vooroverleggen/principeverzoeken) op volledigheid.',
    });
    for (let i = 0; i < 30; i++)
      await publishAlgorithm(ds, publications, org.id, {
        name: `Routeplanner ${i}`,
        status: 'In ontwikkeling',
      });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The page as it is now, at each width: what the checker found there. */
  async function problems(step: string): Promise<string[]> {
    const before = checker.report().length;
    await checker.check(page, step);
    return checker.report().slice(before);
  }

  it.each([
    ['the home page', '/', 200],
    ['the register list', '/register', 200],
    [
      'the list with a search and filters',
      '/register?q=route&status=in-ontwikkeling&sort=changed&page=2',
      200,
    ],
    ['the list in English', '/en/register', 200],
    ['a result card with an unbroken word', '/register?q=omgevingsvergunningen', 200],
    ['an entry page', 'ENTRY', 200],
    ['an organisation page', '/organisaties/gemeente-toegankelijk', 200],
    ['the organisations', '/organisaties', 200],
    ['the accessibility statement', '/toegankelijkheid', 200],
    ['the 404 page', '/register/bestaatniet', 404],
  ])('%s fits from 320 px up, without WCAG 2.1 AA violations', async (label, path, status) => {
    const response = await page.goto(`${t.url}${path === 'ENTRY' ? entryPath : path}`);
    expect(response?.status()).toBe(status);
    expect(await problems(label.replace(/\W+/g, '-'))).toEqual([]);
  });

  it('shows the feedback form with its errors, fitting and without WCAG 2.1 AA violations', async () => {
    await page.goto(`${t.url}${entryPath}`);
    await page.getByRole('link', { name: 'Meld een fout of stel een vraag' }).click();
    await page.getByLabel('Uw e-mailadres').fill('geen adres');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.waitForSelector('#error-summary');
    expect(await page.locator('#field-message-error').textContent()).toContain('Vul dit veld in.');
    expect(await problems('feedback-errors')).toEqual([]);
  });

  it('reaches the skip link with the first Tab', async () => {
    await page.goto(`${t.url}/register`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: {
          activeElement: { className: string; getAttribute(n: string): string | null } | null;
        };
      };
      return {
        className: document.activeElement?.className,
        href: document.activeElement?.getAttribute('href'),
      };
    });
    expect(focused.className).toContain('utrecht-skip-link');
    expect(focused.href).toBe('#main');
  });
});
