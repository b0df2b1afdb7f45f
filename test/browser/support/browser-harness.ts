import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium, driven headless; CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page for WCAG 2.0/2.1 A and AA and returns the violations. The script is
 * evaluated over the DevTools protocol, so the site's Content-Security-Policy (no inline script)
 * stays as it is.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    // Runs in the page; typed loosely since the project compiles without the DOM library.
    const w = globalThis as unknown as {
      document: unknown;
      axe: {
        run(
          context: unknown,
          options: object,
        ): Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: string[] }[];
          }[];
        }>;
      };
    };
    const result = await w.axe.run(w.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
}

/** A numbered screenshot of the whole page, for a person to look at afterwards. */
export class Screenshots {
  private n = 0;
  constructor(private readonly prefix: string) {
    mkdirSync(SCREENSHOTS, { recursive: true });
  }
  async take(page: Page, name: string): Promise<string> {
    this.n += 1;
    const file = join(SCREENSHOTS, `${this.prefix}-${String(this.n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/**
 * Checks a page as a person would meet it: axe finds nothing, and a screenshot is kept. Every
 * violation is collected with the page it was on, so one run lists them all.
 */
export class PageChecker {
  readonly visited: string[] = [];
  readonly violations: { step: string; url: string; violation: AxeViolation }[] = [];
  constructor(private readonly shots: Screenshots) {}

  async check(page: Page, step: string): Promise<void> {
    this.visited.push(`${step}: ${page.url()}`);
    await this.shots.take(page, step);
    for (const violation of await axeViolations(page))
      this.violations.push({ step, url: page.url(), violation });
  }
}
