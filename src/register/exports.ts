import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { STANDARD_FIELDS } from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import { missingRequired } from '../publications/register-projection';
import type { RegisterItem } from './register.service';

/**
 * The text limits (`maxLength`) of the Publicatiestandaard v1.0 JSON schema. Entries published
 * through the workflow stay within them; an import may exceed one where the national input form
 * allows more (titles of 100 characters, see IMPORT_MAX_LENGTH), and never cuts the value.
 */
export const SCHEMA_MAX_LENGTH: Readonly<Record<string, number>> = {
  name: 99,
  description_short: 399,
  organization: 99,
  purpose_and_impact: 2499,
  considerations: 2499,
  human_intervention: 2499,
  risk_management: 2499,
  legal_basis: 2499,
  legal_basis_title: 99,
  impact_assessment_explanation: 2499,
  data: 2499,
  data_source_title: 499,
  technical_operation: 4999,
  supplier: 199,
};

/** The fields whose value the schema refuses although present (longer than its limit). */
export function invalidFields(record: StandardRecord): string[] {
  return Object.entries(SCHEMA_MAX_LENGTH)
    .filter(([key, max]) => {
      const value = record[key];
      // Counted in code points, as the schema (and ajv) count characters.
      return typeof value === 'string' && [...value].length > max;
    })
    .map(([key]) => key);
}

/** Whether the entry validates against the schema: nothing required missing, nothing invalid. */
export function validatesAsStandard(record: StandardRecord): boolean {
  return missingRequired(record).length === 0 && invalidFields(record).length === 0;
}

/**
 * The entry as the standard writes it, plus `missing_required` when the entry is incomplete and
 * `invalid_fields` when a value exceeds the schema's limit: both mark an entry that does not
 * validate, and `?complete=true` leaves such entries out.
 */
export function standardExport(record: StandardRecord): StandardRecord {
  const missing = missingRequired(record);
  const invalid = invalidFields(record);
  return {
    ...record,
    ...(missing.length ? { missing_required: missing } : {}),
    ...(invalid.length ? { invalid_fields: invalid } : {}),
  };
}

/** A JSON array streamed entry by entry, so a large register never sits in memory whole. */
export function jsonArrayStream(entries: AsyncIterable<unknown>): Readable {
  return Readable.from(
    (async function* () {
      let first = true;
      yield '[';
      for await (const entry of entries) {
        yield `${first ? '' : ','}\n${JSON.stringify(entry)}`;
        first = false;
      }
      yield '\n]\n';
    })(),
  );
}

/**
 * A spreadsheet cell never starts a formula: cells that begin with = + - @ (or a tab or carriage
 * return, which some programs skip) get a leading apostrophe, as OWASP advises.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

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
          missing_required: missingRequired(record).join(' '),
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
      columns: CSV_COLUMNS,
      cast: { string: (value) => neutraliseFormula(value) },
    }),
  );
}

function xml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export interface FeedItem {
  publicId: string;
  slug: string;
  name: string;
  descriptionShort: string;
  organisation: { name: string };
  number: number;
  publishedAt: Date;
}

/** An Atom feed with one item per publication (a new entry or a new version of one). */
export function atomFeed(
  baseUrl: string,
  title: string,
  items: FeedItem[],
  versionLabel: (n: number) => string,
): string {
  const updated = (items[0]?.publishedAt ?? new Date(0)).toISOString();
  const entries = items
    .map((it) => {
      const href = `${baseUrl}/register/${it.publicId}/v/${it.number}`;
      return `  <entry>
    <id>${xml(`${baseUrl}/register/${it.publicId}/v/${it.number}`)}</id>
    <title>${xml(`${it.name} (${versionLabel(it.number)})`)}</title>
    <link rel="alternate" type="text/html" href="${xml(href)}"/>
    <updated>${it.publishedAt.toISOString()}</updated>
    <author><name>${xml(it.organisation.name)}</name></author>
    <summary type="text">${xml(it.descriptionShort)}</summary>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${baseUrl}/register/feed.atom`)}</id>
  <title>${xml(title)}</title>
  <link rel="self" href="${xml(`${baseUrl}/register/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${baseUrl}/register`)}"/>
  <updated>${updated}</updated>
${entries}
</feed>
`;
}
