import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { missingRequiredFields, STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import { invalidFields } from './exports';
import type { RegisterItem } from './register.types';

/** What a spreadsheet reads as the start of a formula, with the full-width forms some read alike. */
const FORMULA = '=+\\-@\uFF1D\uFF0B\uFF0D\uFF20';
/** A cell that starts with a tab or CR, or whose first character after blanks and line breaks starts a formula. */
const FORMULA_AT_START = new RegExp(`^(?:[\\t\\r]|\\s*[${FORMULA}])`);
/**
 * A formula after a `,`, `;`, tab or line break inside the text (and any blanks or quotes after
 * it). A spreadsheet that reads a file with another separator than it was written with (Dutch
 * ones take `;`) starts a cell after such a separator, and, no longer seeing the cell as quoted, a
 * row after such a line break. A sign with nothing after it (`€ 10,-`) starts no formula.
 */
const FORMULA_INSIDE = new RegExp(`([,;\\t\\r\\n][\\s"]*)(?=[${FORMULA}]\\s*\\S)`, 'g');

/**
 * A spreadsheet cell never starts a formula, as OWASP advises: a cell that would is prefixed with
 * an apostrophe, and so is every place inside it where a spreadsheet reading the file with the
 * other separator would start a cell or a row with one. This changes text that only looks like a
 * formula there (a line `- item` becomes `'- item`); the JSON exports keep every value exact.
 */
export function neutraliseFormula(value: string): string {
  const inside = value.replace(FORMULA_INSIDE, "$1'");
  return FORMULA_AT_START.test(inside) ? `'${inside}` : inside;
}

/** `,` for the standard CSV; `;` for spreadsheet programs set to Dutch, which split on it. */
export type CsvSeparator = ',' | ';';

const CSV_COLUMNS = [
  'public_id',
  'url',
  'organization',
  ...STANDARD_FIELDS.map((f) => f.key),
  'risk_class',
  'assessment_outcome',
  'origin',
  'first_published',
  'last_changed',
  'missing_required',
  'invalid_fields',
];

/** One row per entry, UTF-8 with a byte order mark so spreadsheet programs read the accents right. */
export function csvStream(
  entries: AsyncIterable<{ item: RegisterItem; record: StandardRecord }>,
  baseUrl: string,
  separator: CsvSeparator,
): Readable {
  const rows = Readable.from(
    (async function* () {
      for await (const { item, record } of entries) {
        const row: Record<string, string> = {
          public_id: item.publicId,
          url: `${baseUrl}/register/${item.publicId}/${item.slug}`,
          organization: item.organisation.name,
          risk_class: item.riskClass ?? '',
          assessment_outcome: item.assessmentOutcome,
          origin: item.origin,
          first_published: item.firstPublishedAt.toISOString(),
          last_changed: item.lastChangedAt.toISOString(),
          missing_required: missingRequiredFields(record).join(' '),
          invalid_fields: invalidFields(record).join(' '),
        };
        for (const f of STANDARD_FIELDS) {
          const value = record[f.key];
          row[f.key] = Array.isArray(value) ? value.join('; ') : (value ?? '');
        }
        yield row;
      }
    })(),
  );
  return rows.pipe(
    stringify({
      header: true,
      bom: true,
      delimiter: separator,
      columns: CSV_COLUMNS,
      cast: { string: (value) => neutraliseFormula(value) },
    }),
  );
}
