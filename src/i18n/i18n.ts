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

/** Text for people, Dutch first, from the message files. */
export function translate(lang: Language, key: string, params?: Record<string, unknown>): string {
  return fixed[lang](key, params ?? {}) as string;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function hasMessage(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
