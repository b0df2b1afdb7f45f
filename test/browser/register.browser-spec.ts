import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { PublicationService } from '../../src/publications/publication.service';
import { makeOrganisation } from '../support/factories';
import { publishAlgorithm, summaryFor } from '../support/register-factories';
import { startTestApp, TestApp } from '../support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const OUTPUT = join(__dirname, '..', '..', 'test-output', 'browser');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The public pages in Debian's Chromium, checked by axe-core against WCAG 2.0/2.1 A and AA. */
jest.setTimeout(30_000);

describe('Register in the browser (WCAG 2.1 AA)', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  let entryPath: string;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
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
    for (let i = 0; i < 30; i++)
      await publishAlgorithm(ds, publications, org.id, {
        name: `Routeplanner ${i}`,
        status: 'In ontwikkeling',
      });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function axe(name: string): Promise<AxeViolation[]> {
    await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
    // Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays on.
    await page.evaluate(AXE);
    return page.evaluate(async () => {
      const result = await (
        globalThis as unknown as {
          axe: { run(o: object): Promise<{ violations: AxeViolation[] }> };
        }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      }));
    });
  }

  it.each([
    ['the register list', '/register', 200],
    [
      'the list with a search and filters',
      '/register?q=route&status=in-ontwikkeling&sort=changed&page=2',
      200,
    ],
    ['the list in English', '/en/register', 200],
    ['an entry page', 'ENTRY', 200],
    ['an organisation page', '/organisaties/gemeente-toegankelijk', 200],
    ['the organisations', '/organisaties', 200],
    ['the accessibility statement', '/toegankelijkheid', 200],
    ['the 404 page', '/register/bestaatniet', 404],
  ])('%s has no WCAG 2.1 AA violations', async (label, path, status) => {
    const response = await page.goto(`${t.url}${path === 'ENTRY' ? entryPath : path}`);
    expect(response?.status()).toBe(status);
    expect(await axe(label.replace(/\W+/g, '-'))).toEqual([]);
  });

  it('shows the feedback form with its errors without WCAG 2.1 AA violations', async () => {
    await page.goto(`${t.url}${entryPath}`);
    await page.getByRole('link', { name: 'Meld een fout of stel een vraag' }).click();
    await page.getByLabel('Uw e-mailadres').fill('geen adres');
    await page.getByRole('button', { name: 'Versturen' }).click();
    await page.waitForSelector('#error-summary');
    expect(await page.locator('#field-message-error').textContent()).toContain('Vul dit veld in.');
    expect(await axe('feedback-errors')).toEqual([]);
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
