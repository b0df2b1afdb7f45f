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

/** The widths every page is looked at: a small phone, a common phone, a desktop. */
export const WIDTHS = [320, 390, 1280] as const;
const HEIGHT = 800;

/** A numbered screenshot of the whole page, for a person to look at afterwards. */
export class Screenshots {
  private n = 0;
  constructor(private readonly prefix: string) {
    mkdirSync(SCREENSHOTS, { recursive: true });
  }
  /** One number per page; the widths it is looked at share it. */
  next(): number {
    this.n += 1;
    return this.n;
  }
  async take(page: Page, name: string, n = this.next()): Promise<string> {
    const file = join(SCREENSHOTS, `${this.prefix}-${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/** How far the page scrolls sideways: 0 when it fits the window. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { scrollingElement: { scrollWidth: number } };
    };
    return w.document.scrollingElement.scrollWidth - w.innerWidth;
  });
}

/**
 * Checks a page as a person would meet it, at each of the widths: it does not scroll sideways,
 * axe finds nothing, and a screenshot is kept. The page is laid out again at each width, not
 * loaded again, so a form's refused state is looked at as it is. Every problem is collected with
 * the page and width it was on, so one run lists them all.
 */
export class PageChecker {
  readonly visited: string[] = [];
  readonly violations: { step: string; url: string; width: number; violation: AxeViolation }[] = [];
  readonly overflows: { step: string; url: string; width: number; by: number }[] = [];
  constructor(private readonly shots: Screenshots) {}

  async check(page: Page, step: string): Promise<void> {
    this.visited.push(`${step}: ${page.url()}`);
    const original = page.viewportSize();
    const n = this.shots.next();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      const by = await horizontalOverflow(page);
      if (by > 0) this.overflows.push({ step, url: page.url(), width, by });
      await this.shots.take(page, `${step}-${width}`, n);
      for (const violation of await axeViolations(page))
        this.violations.push({ step, url: page.url(), width, violation });
    }
    if (original) await page.setViewportSize(original);
  }

  /** Everything found, one line each, for an assertion that shows it all when it fails. */
  report(): string[] {
    return [
      ...this.overflows.map(
        (o) => `${o.step} at ${o.width} px ${o.url}: scrolls sideways by ${o.by} px`,
      ),
      ...this.violations.map(
        (v) =>
          `${v.step} at ${v.width} px ${v.url}: ${v.violation.id} (${v.violation.impact}) ${v.violation.help} — ${v.violation.nodes.join(', ')}`,
      ),
    ];
  }
}
