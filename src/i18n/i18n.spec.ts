import i18next from 'i18next';
import { loadMessages, translate } from './i18n';

/** Every text's key with the text. */
function texts(obj: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] =>
    v !== null && typeof v === 'object'
      ? texts(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, String(v)]],
  );
}

const keys = (obj: Record<string, unknown>) => texts(obj).map(([key]) => key);

describe('message files', () => {
  it('have the same keys in Dutch and English', () => {
    expect(keys(loadMessages('en')).sort()).toEqual(keys(loadMessages('nl')).sort());
  });

  it('have no empty texts', () => {
    for (const lang of ['nl', 'en'] as const) {
      const empty = keys(loadMessages(lang)).filter((k) => translate(lang, k).trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('fill in parameters', () => {
    expect(translate('nl', 'errors.title', { status: 404 })).toBe('Fout 404');
    expect(translate('en', 'errors.title', { status: 404 })).toBe('Error 404');
  });

  it('keeps each text by its parameters, and a crafted value cannot stand in for another', () => {
    expect(translate('nl', 'errors.title', { status: 404 })).toBe('Fout 404');
    expect(translate('nl', 'errors.title', { status: 500 })).toBe('Fout 500');
    expect(translate('nl', 'errors.title', { status: '404' })).toBe('Fout 404');
    expect(translate('nl', 'errors.title', { status: '404\u0000status\u00005' })).toBe(
      'Fout 404\u0000status\u00005',
    );
    expect(translate('nl', 'errors.title', { status: 404 })).toBe('Fout 404');
    expect(translate('nl', 'errors.title', { status: { toString: () => 'x' } })).toBe('Fout x');
  });

  it('fills in every message with parameters exactly as i18next does, whatever the count', () => {
    // A second, plain i18next over the same files: what translate() must agree with.
    const reference = i18next.createInstance();
    void reference.init({
      initAsync: false,
      resources: {
        nl: { translation: loadMessages('nl') },
        en: { translation: loadMessages('en') },
      },
      lng: 'nl',
      fallbackLng: 'nl',
      interpolation: { escapeValue: false },
    });
    const values = [
      'Gemeente Groningen',
      '4.000',
      '',
      'a\u00010\u0001b',
      '{{count}}',
      'x\u0000"count"',
    ];
    let compared = 0;
    for (const lang of ['nl', 'en'] as const) {
      const messages = loadMessages(lang);
      for (const [full, text] of texts(messages)) {
        const key = full.replace(/_(one|other)$/, '');
        const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
        if (!names.length) continue;
        for (const count of [0, 1, 2, 21, 1000, 987654321, 100000, 2.5]) {
          values.forEach((value, v) => {
            const params = Object.fromEntries(
              names.map((name, n) => [
                name,
                name === 'count' ? count : values[(v + n) % values.length],
              ]),
            );
            expect([key, params, translate(lang, key, params)]).toEqual([
              key,
              params,
              reference.t(key, { ...params, lng: lang }),
            ]);
            compared++;
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
