import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import handlebars from 'handlebars';
import { translate, Language } from '../../i18n/i18n';
import { localisedPath } from '../http/language';
import { registerFieldLabels } from './field-labels';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatTime } from './formats';

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
  // {{t "key" name=value}} or {{t key paramsObject}} (e.g. a flash message's parameters).
  hbs.registerHelper('t', (key: string, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const params = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as Record<string, unknown>) : {};
    return translate(langOf(options), key, { ...params, ...options.hash });
  });
  hbs.registerHelper('url', (path: string, options: HelperOptions) => localisedPath(langOf(options), path));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  // Dates, times, months and numbers: one family, see formats.ts.
  hbs.registerHelper('date', (value: unknown, options: HelperOptions) =>
    formatDate(langOf(options), value),
  );
  hbs.registerHelper('dateTime', (value: unknown, options: HelperOptions) =>
    formatDateTime(langOf(options), value),
  );
  hbs.registerHelper('time', (value: unknown, options: HelperOptions) =>
    formatTime(langOf(options), value),
  );
  hbs.registerHelper('month', (value: unknown, options: HelperOptions) =>
    formatMonth(langOf(options), value),
  );
  hbs.registerHelper('number', (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? formatNumber(langOf(options), value) : '',
  );
  // The first value that is set: `(coalesce page.theme theme)`.
  hbs.registerHelper('coalesce', (...args: unknown[]) =>
    args.slice(0, -1).find((v) => v !== undefined && v !== null && v !== ''),
  );
  hbs.registerHelper('truncate', (value: unknown, length: number) => String(value ?? '').slice(0, length));
  hbs.registerHelper('grantLabels', (grants: unknown, organisations: unknown) => grantLabels(grants, organisations));
  registerPartialOnce(hbs);
  registerFieldLabels(hbs);
  compileForPages(hbs);
  const partialsDir = join(VIEWS_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  return hbs;
}

/**
 * How every template and partial is compiled. Templates are written indented for people; the
 * browser does not need the indentation, which was a tenth of a results page (6 KB of 70) and of
 * the work of building and sending it. The spaces at the start of each line are left out: a line
 * break stays, so text keeps its word breaks. No view writes text into a `<pre>` or a `<textarea>`
 * over several lines, where those spaces would be content.
 */
function compileForPages(hbs: typeof handlebars): void {
  const compile = hbs.compile.bind(hbs);
  hbs.compile = ((input: unknown, options?: Parameters<typeof handlebars.compile>[1]) =>
    compile(typeof input === 'string' ? input.replace(/\n[ \t]+/g, '\n') : input, {
      // The helpers are registered before the first page is compiled; named as known, each call
      // is compiled straight to its helper instead of a lookup in the helpers and the context.
      knownHelpers: Object.fromEntries(Object.keys(hbs.helpers).map((name) => [name, true])),
      ...options,
    })) as typeof hbs.compile;
}

/**
 * {{{partialOnce "name" object}}}: the partial rendered with the object as its context, once per
 * object, and kept as long as the object is (a WeakMap). For objects that are never changed and
 * are made for one language, as a result card's facts (register.page.ts): the same object then
 * renders the same text on every page that shows it.
 */
function registerPartialOnce(hbs: typeof handlebars): void {
  const rendered = new Map<string, WeakMap<object, string>>();
  const templates = new Map<string, handlebars.TemplateDelegate>();
  hbs.registerHelper('partialOnce', (name: string, context: object, options: HelperOptions) => {
    let kept = rendered.get(name);
    if (!kept) rendered.set(name, (kept = new WeakMap()));
    let html = kept.get(context);
    if (html === undefined) {
      let template = templates.get(name);
      if (!template) {
        const partial: unknown = hbs.partials[name];
        if (partial === undefined) throw new Error(`partialOnce: no partial named ${name}`);
        template =
          typeof partial === 'function'
            ? (partial as handlebars.TemplateDelegate)
            : hbs.compile(String(partial));
        templates.set(name, template);
      }
      html = template(context, { data: options.data });
      kept.set(context, html);
    }
    return new hbs.SafeString(html);
  });
}

/** `orgId:role` strings with the organisation's name, for lists of roles. */
function grantLabels(grants: unknown, organisations: unknown): { organisation: string; role: string }[] {
  if (!Array.isArray(grants) || !Array.isArray(organisations)) return [];
  const names = new Map(organisations.map((o: { id: number; name: string }) => [String(o.id), o.name]));
  return grants.map((g: string) => {
    const [org, role] = g.split(':');
    return { organisation: names.get(org) ?? org, role };
  });
}
