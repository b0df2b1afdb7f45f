import { hasMessage } from '../i18n/i18n';
import { parseImportFile } from './import-formats';
import { ImportInputError } from './import-input-error';
import { reasonKey, translateReason } from './import-reasons';

const parse = (value: unknown) => parseImportFile(Buffer.from(JSON.stringify(value)));

describe('import reasons', () => {
  it('knows every reason the importer gives for an entry or a value', () => {
    const base = { organization: 'Gemeente X', status: 'In gebruik' };
    const { problems } = parse([
      'geen object',
      { ...base, id: 'a', name: 'A' },
      { ...base, id: 'a', name: 'A' },
      { ...base, id: 'b', name: 'B', status: 'Misschien' },
      { ...base, name: 'Zonder id' },
      { ...base, id: 'c', name: 'C', theme: ['Verzonnen'] },
      { ...base, id: 'd', name: 'D', publication_category: 'Z' },
      { ...base, id: 'e', name: 'E', start_date: 'maart' },
      { ...base, id: 'f', name: 'F', link: 'ftp://x' },
      { ...base, id: 'g', name: { nl: 'G' } },
      { ...base, id: 'h', name: 'H'.repeat(101) },
      { ...base, id: 'i' },
      { ...base, id: 'j', name: 'J', organization: 'O'.repeat(100) },
    ]);
    expect(problems.length).toBeGreaterThanOrEqual(12);
    for (const p of problems)
      expect([p.reason, reasonKey(p.reason)]).toEqual([p.reason, expect.anything()]);
    const reasons = [
      ...problems.map((p) => p.reason),
      'missing; name an organisation for entries that name none (--organisation NAME)',
      'not an organisation you administer: "Gemeente Groningen"',
    ];
    for (const reason of reasons) expect(reasonKey(reason)).not.toBeNull();
    expect(translateReason('nl', 'unknown status "Misschien"')).toBe(
      'onbekende status "Misschien"',
    );
    expect(translateReason('nl', 'not an organisation you administer: "Gemeente Groningen"')).toBe(
      'geen organisatie waarvan u beheerder bent: "Gemeente Groningen"',
    );
    expect(translateReason('en', 'longer than 100 characters (101)')).toBe(
      'longer than 100 characters (101)',
    );
  });

  it.each([Buffer.from([0xe9]), Buffer.from('{'), Buffer.from('[]'), Buffer.from('{"x": 1}')])(
    'refuses a whole file with a message in both languages and one English sentence',
    (bytes) => {
      try {
        parseImportFile(bytes);
        throw new Error('not refused');
      } catch (err) {
        expect(err).toBeInstanceOf(ImportInputError);
        const { code, messageKey, message } = err as ImportInputError;
        expect(code).toBe('IMPORT_FILE_INVALID');
        expect([hasMessage('nl', messageKey), hasMessage('en', messageKey)]).toEqual([true, true]);
        expect(message).toMatch(/^Nothing imported: the file .+\.$/);
      }
    },
  );

  it('shows an unknown reason as it is', () => {
    expect(translateReason('nl', 'iets nieuws')).toBe('iets nieuws');
  });
});
