import { Readable } from 'node:stream';
import {
  missingRequiredFields,
  RECORD_FIELDS,
  STANDARD_FIELDS,
} from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';

/**
 * The text limits (`maxLength`) of the Publicatiestandaard v1.0 JSON schema. Entries published
 * through the workflow stay within them; an import may exceed one where the national input form
 * allows more (titles of 100 characters, see importMaxLength), and never cuts the value.
 */
export const SCHEMA_MAX_LENGTH: Readonly<Record<string, number>> = Object.fromEntries(
  [...STANDARD_FIELDS, ...RECORD_FIELDS]
    .filter((f) => f.schemaLimit)
    .map((f) => [f.key, f.maxLength!]),
);

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
  return missingRequiredFields(record).length === 0 && invalidFields(record).length === 0;
}

/**
 * The entry as the standard writes it, plus `missing_required` when the entry is incomplete and
 * `invalid_fields` when a value exceeds the schema's limit: both mark an entry that does not
 * validate, and `?complete=true` leaves such entries out.
 */
export function standardExport(record: StandardRecord): StandardRecord {
  const missing = missingRequiredFields(record);
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
  /** What its result card says (RegisterItem.cardText). */
  cardText: string;
  organisation: { name: string };
  number: number;
  publishedAt: Date;
  /** The commission's decision and its reasoning, as a sentence in the feed's language. */
  decision?: string;
}

/** Which feed: the whole register's or one organisation's, with the page it follows. */
export interface FeedOf {
  title: string;
  /** The feed's own path, its id. */
  selfPath: string;
  /** The page whose publications it lists. */
  htmlPath: string;
}

/** An Atom feed with one item per publication (a new entry or a new version of one). */
export function atomFeed(
  baseUrl: string,
  feed: FeedOf,
  items: FeedItem[],
  versionLabel: (n: number) => string,
): string {
  const updated = (items[0]?.publishedAt ?? new Date(0)).toISOString();
  const entries = items
    .map((it) => {
      const href = `${baseUrl}/register/${it.publicId}/v/${it.number}`;
      return `  <entry>
    <id>${xml(href)}</id>
    <title>${xml(`${it.name} (${versionLabel(it.number)})`)}</title>
    <link rel="alternate" type="text/html" href="${xml(href)}"/>
    <updated>${it.publishedAt.toISOString()}</updated>
    <author><name>${xml(it.organisation.name)}</name></author>
    <summary type="text">${xml(it.decision ? `${it.cardText}\n\n${it.decision}` : it.cardText)}</summary>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${baseUrl}${feed.selfPath}`)}</id>
  <title>${xml(feed.title)}</title>
  <link rel="self" href="${xml(`${baseUrl}${feed.selfPath}`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${baseUrl}${feed.htmlPath}`)}"/>
  <updated>${updated}</updated>
${entries}
</feed>
`;
}
