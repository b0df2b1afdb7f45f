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
 * results asks for the same hundred labels and the same counted phrases ("112 algoritmes") every
 * time (i18next's lookup and plural rules were a tenth of such a page's CPU). Texts with
 * parameters are kept by their values when these are plain (text, number, yes/no); the limit
 * guards against keys and values built from input: at the limit the kept texts start over.
 */
const known: Record<Language, Map<string, string>> = { nl: new Map(), en: new Map() };
const KNOWN_MAX = 5000;

/** Text for people, Dutch first, from the message files. */
export function translate(lang: Language, key: string, params?: Record<string, unknown>): string {
  const id = params ? lookupId(key, params) : key;
  if (id === null) return fixed[lang](key, params) as string;
  const cache = known[lang];
  const found = cache.get(id);
  if (found !== undefined) return found;
  const text = fixed[lang](key, params ?? {}) as string;
  if (cache.size >= KNOWN_MAX) cache.clear();
  cache.set(id, text);
  return text;
}

/** The key and plain parameter values as one string, or null when a value is not plain. */
function lookupId(key: string, params: Record<string, unknown>): string | null {
  let id = key;
  for (const name in params) {
    const value = params[name];
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return null;
    // JSON escapes control characters, so a crafted value cannot pass for two parameters.
    id += `\u0000${name}\u0000${type === 'string' ? JSON.stringify(value) : String(value)}`;
  }
  return id;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function hasMessage(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
