import i18next, { TFunction } from 'i18next';
import en from './messages/en.json';
import nl from './messages/nl.json';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: { nl: { translation: nl }, en: { translation: en } },
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
