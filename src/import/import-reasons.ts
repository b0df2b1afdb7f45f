import type { Language } from '../i18n/i18n';
import { translate } from '../i18n/i18n';

/**
 * The importer's reasons for refusing an entry or leaving out a value (English, as the CLI prints
 * them) as message keys, so the admin page can show them in the page's language. Each pattern
 * matches one reason written in import-formats.ts or import.service.ts; import-reasons.spec.ts
 * checks every one. An unknown reason is shown as it is. (A file refused as a whole is an
 * ImportInputError, which carries its message key itself.)
 */
const REASONS: [RegExp, string, string[]][] = [
  [/^not an object$/, 'notAnObject', []],
  [/^appears twice in the file$/, 'duplicate', []],
  [/^unknown status "(.*)"$/s, 'unknownStatus', ['value']],
  [/^no id or source_id to recognise the entry by$/, 'noId', []],
  [/^"(.*)" is not a theme of the standard's list$/s, 'unknownTheme', ['value']],
  [/^unknown publication category "(.*)"$/s, 'unknownCategory', ['value']],
  [/^"(.*)" is not a month as YYYY-MM$/s, 'notMonth', ['value']],
  [/^"(.*)" is not a web address$/s, 'notUrl', ['value']],
  [/^is not text$/, 'notText', []],
  [/^longer than (\d+) characters \((\d+)\)$/, 'tooLong', ['max', 'length']],
  [/^longer than (\d+) characters$/, 'tooLongName', ['max']],
  [/^missing; name an organisation/, 'noOrganisation', []],
  [/^not an organisation you administer: "(.*)"$/s, 'notYourOrganisation', ['value']],
  [/^missing$/, 'missing', []],
];

/** The key (under import.reasons) and parameters of a reason, or null when it is not known. */
export function reasonKey(reason: string): { key: string; params: Record<string, string> } | null {
  for (const [pattern, key, names] of REASONS) {
    const match = pattern.exec(reason);
    if (match)
      return {
        key: `import.reasons.${key}`,
        params: Object.fromEntries(names.map((name, i) => [name, match[i + 1]])),
      };
  }
  return null;
}

export function translateReason(lang: Language, reason: string): string {
  const known = reasonKey(reason);
  return known ? translate(lang, known.key, known.params) : reason;
}
