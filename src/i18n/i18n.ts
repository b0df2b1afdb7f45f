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
 * Texts without parameters, as looked up once: the messages never change while the app runs,
 * and a page of search results asks for the same hundred labels every time (i18next's lookup was
 * a tenth of such a page's CPU). Keys come from the code and the templates, so the set is small;
 * the limit only guards against a key built from input.
 */
const plain: Record<Language, Map<string, string>> = { nl: new Map(), en: new Map() };
const PLAIN_MAX = 5000;

/** Text for people, Dutch first, from the message files. */
export function translate(lang: Language, key: string, params?: Record<string, unknown>): string {
  if (params && Object.keys(params).length) return fixed[lang](key, params) as string;
  const known = plain[lang].get(key);
  if (known !== undefined) return known;
  const text = fixed[lang](key, {}) as string;
  if (plain[lang].size < PLAIN_MAX) plain[lang].set(key, text);
  return text;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function hasMessage(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
