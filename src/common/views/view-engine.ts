import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import handlebars from 'handlebars';
import { translate, Language } from '../../i18n/i18n';
import { localisedPath } from '../http/language';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');

interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: { lang?: Language } };
}

const langOf = (options: HelperOptions): Language => options.data.root.lang ?? 'nl';

/**
 * The Handlebars instance behind every page: helpers for translated text and language-aware
 * links, and the partials under views/partials. Helpers return plain strings, which Handlebars
 * escapes like any other value.
 */
export function createHandlebars(): typeof handlebars {
  const hbs = handlebars.create();
  hbs.registerHelper('t', (key: string, options: HelperOptions) => translate(langOf(options), key, options.hash));
  hbs.registerHelper('url', (path: string, options: HelperOptions) => localisedPath(langOf(options), path));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partialsDir = join(VIEWS_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  return hbs;
}
