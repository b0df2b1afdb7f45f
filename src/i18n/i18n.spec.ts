import { loadMessages, translate } from './i18n';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object'
      ? keys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

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
});
