import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { TFunction } from 'i18next';
import { PROJECT_ROOT } from '../common/project-root';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

/** Message files live in src/i18n/messages/<lang>/<feature>.json; each holds its own top-level keys. */
export const MESSAGES_DIR = join(PROJECT_ROOT, 'src', 'i18n', 'messages');

export function loadMessages(lang: Language): Record<string, unknown> {
  const dir = join(MESSAGES_DIR, lang);
  const merged: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(content)) {
      if (key in merged)
        throw new Error(`Message key "${key}" is defined twice (again in ${lang}/${file})`);
      merged[key] = value;
    }
  }
  return merged;
}

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: { nl: { translation: loadMessages('nl') }, en: { translation: loadMessages('en') } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  // Handlebars escapes at output; escaping here too would show &amp; on pages.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const fixed: Record<Language, TFunction> = {
  nl: instance.getFixedT('nl'),
  en: instance.getFixedT('en'),
};

/**
 * Texts as looked up once: the messages never change while the app runs, and a page of search
 * results asks for the same hundred labels and the same counted phrases every time (i18next's
 * lookup and plural rules were a tenth of such a page's CPU). A text with parameters is kept as a
 * template: i18next fills it in once with markers for the values, and each later call puts its
 * own values where the markers are. A count stays a number for i18next, which picks the plural
 * form by it: counts of the general form ("other") share one template, with a marker number; the
 * few others (0, 1) are filled in as they are. So "4.000 algoritmes" and "3.999 algoritmes" are
 * one template, not one kept text per number (at 100,000 entries the kept texts started over
 * every few pages, and the garbage collector paid for it). The limit guards against keys built
 * from input: at the limit the kept texts start over.
 */
const known: Record<Language, Map<string, Template>> = { nl: new Map(), en: new Map() };
const KNOWN_MAX = 5000;

/** Literal text, and the positions of parameter values among the call's values. */
type Template = readonly (string | number)[] | null;

/** A count in the general plural form of both languages, written as no message writes a number. */
const COUNT_MARK = 987654321;
/** Stands for a value in the text i18next fills in; control characters, never in a message. */
const mark = (n: number) => `\u0001${n}\u0001`;
const MARKS = new RegExp(`\u0001(\\d+)\u0001|${COUNT_MARK}`, 'g');
/** Parameters that i18next reads as options (which text to pick), not as values: never marked. */
const OPTIONS = new Set(['context', 'defaultValue', 'lng', 'lngs', 'ns', 'ordinal', 'replace']);
const pluralRules: Record<Language, Intl.PluralRules> = {
  nl: new Intl.PluralRules('nl'),
  en: new Intl.PluralRules('en'),
};

/** Text for people, Dutch first, from the message files. */
export function translate(lang: Language, key: string, params?: Record<string, unknown>): string {
  const names: string[] = [];
  let id = key;
  for (const name in params) {
    const value = params[name];
    const type = typeof value;
    if ((type !== 'string' && type !== 'number' && type !== 'boolean') || OPTIONS.has(name))
      return fixed[lang](key, params) as string;
    names.push(name);
    // A count in the general form is a marker; any other count is part of the template's id.
    const form =
      name !== 'count' || type !== 'number'
        ? ''
        : value !== 0 && pluralRules[lang].select(value as number) === 'other'
          ? '#'
          : `=${String(value)}`;
    // Names are identifiers in the messages; a crafted one is kept apart by the separator.
    id += `\u0000${JSON.stringify(name)}${form}`;
  }
  const cache = known[lang];
  let template = cache.get(id);
  if (template === undefined) {
    template = makeTemplate(lang, key, names, params ?? {});
    if (cache.size >= KNOWN_MAX) cache.clear();
    cache.set(id, template);
  }
  if (template === null) return fixed[lang](key, params) as string;
  if (template.length === 1 && typeof template[0] === 'string') return template[0];
  let text = '';
  for (const part of template)
    text += typeof part === 'string' ? part : String(params![names[part]]);
  return text;
}

/** The text with markers for the values, split; null when it cannot be split cleanly. */
function makeTemplate(
  lang: Language,
  key: string,
  names: string[],
  params: Record<string, unknown>,
): Template {
  const marked: Record<string, unknown> = {};
  names.forEach((name, n) => {
    const value = params[name];
    const counted = name === 'count' && typeof value === 'number';
    marked[name] = !counted
      ? mark(n)
      : value !== 0 && pluralRules[lang].select(value) === 'other'
        ? COUNT_MARK
        : value;
  });
  const text = fixed[lang](key, marked) as string;
  const parts: (string | number)[] = [];
  let from = 0;
  for (const found of text.matchAll(MARKS)) {
    if (found.index > from) parts.push(text.slice(from, found.index));
    parts.push(found[1] === undefined ? names.indexOf('count') : Number(found[1]));
    from = found.index + found[0].length;
  }
  if (from < text.length || parts.length === 0) parts.push(text.slice(from));
  // A marker i18next changed (a format, a nested text) would show: leave such a text to i18next.
  return parts.some((p) => typeof p === 'string' && p.includes('\u0001')) ? null : parts;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function hasMessage(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
