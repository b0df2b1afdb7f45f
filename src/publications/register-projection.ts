import type { DataSource, EntityManager } from 'typeorm';
import { missingRequiredFields, type StandardRecord } from '../algorithms/publicatiestandaard';
import { cutAtWord, plainText } from '../common/plain-text';
import { slugify } from '../common/slug';
import { dbTime, fromDbTime, isPostgresDb, q } from '../database/sql';
import type { Publication } from './entities/publication.entity';

/**
 * The register's read model, written by the publication that makes an entry public, in the same
 * transaction: one row per entry with the columns the register filters and sorts on, its themes,
 * its full-text index and the change counter. The register reads these tables and never writes
 * them, except to rebuild them from the publications (register-index.ts).
 */

/** Path parts the entry's own routes use; an entry named like one gets a suffix. */
const RESERVED_SLUGS = new Set(['feedback', 'v', 'bedankt']);

export function entrySlug(name: string): string {
  const slug = slugify(name, 90) || 'algoritme';
  return RESERVED_SLUGS.has(slug) ? `${slug}-1` : slug;
}

/** The most a result card shows under an entry's name. */
export const CARD_TEXT_LENGTH = 300;

/**
 * The text of an entry's result card where it is not the short description as it stands
 * (`register_entries.card_text`, null otherwise): the beginning of the purpose for a record
 * without a short description (the national listing gives only the purpose), or a short
 * description longer than a card shows, cut at a word.
 */
export function cardText(record: StandardRecord): string | null {
  const short = plainText(record.description_short);
  const text = short || plainText(record.purpose_and_impact);
  const card = cutAtWord(text, CARD_TEXT_LENGTH);
  return card === short ? null : card;
}

interface OrganisationRef {
  id: number;
  name: string;
  slug: string;
}

/**
 * Writes the register row of a publication that has just become current, in the publishing
 * transaction, and bumps the change counter so every instance drops its cached pages. A rebuild
 * (register-index.ts) bumps it once at the end, and knows each entry's first publication date.
 * A row is never changed in place, only replaced along with its publication id: the result cards
 * kept in memory (register/register-cards.ts) read again only entries whose publication changed.
 */
export async function indexPublication(
  em: EntityManager | DataSource,
  publication: Publication,
  organisation: OrganisationRef,
  rebuild?: { firstPublishedAt: Date },
): Promise<void> {
  const record = publication.record;
  let firstPublishedAt = rebuild?.firstPublishedAt;
  if (!firstPublishedAt) {
    const [existing] = await q<{ first_published_at: unknown }>(
      em,
      'SELECT first_published_at FROM register_entries WHERE algorithm_id = ?',
      [publication.algorithmId],
    );
    firstPublishedAt = existing ? fromDbTime(existing.first_published_at) : publication.publishedAt;
  }
  await removeFromIndex(em, publication.algorithmId);

  const algorithm = await q<{ public_id: string }>(
    em,
    'SELECT public_id FROM algorithms WHERE id = ?',
    [publication.algorithmId],
  );
  const name = String(record.name ?? '');
  const themes = Array.isArray(record.theme) ? record.theme : [];
  const category = categoryLetter(record.publication_category);
  const summary = publication.summary;
  const postgres = isPostgresDb(em);
  const body = [
    record.description_short,
    record.purpose_and_impact,
    organisation.name,
    record.search_terms,
  ]
    .map(plainText)
    .join(' ');
  await q(
    em,
    `INSERT INTO register_entries (algorithm_id, publication_id, public_id, slug, organisation_id,
      organisation_name, organisation_slug, name, sort_name, description_short, card_text, status,
      publication_category, risk_class, assessment_outcome, origin, themes, missing_count,
      version_count, first_published_at, last_changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      publication.algorithmId,
      publication.id,
      algorithm[0].public_id,
      entrySlug(name),
      organisation.id,
      organisation.name,
      organisation.slug,
      name,
      name.toLocaleLowerCase('nl'),
      plainText(record.description_short),
      cardText(record),
      String(record.status ?? ''),
      category,
      summary?.riskClass ?? null,
      summary?.decision ?? 'none',
      publication.origin,
      JSON.stringify(themes),
      missingRequiredFields(record).length,
      publication.number,
      dbTime(em, firstPublishedAt),
      dbTime(em, publication.publishedAt),
    ],
  );
  for (const theme of new Set(themes)) {
    await q(em, 'INSERT INTO register_entry_themes (theme, algorithm_id) VALUES (?, ?)', [
      theme,
      publication.algorithmId,
    ]);
  }
  if (postgres) {
    // In a table of its own (migration SearchVectorsApart): a page's 25 rows are read without it.
    await q(
      em,
      `INSERT INTO register_search_vectors (algorithm_id, search_vector)
       VALUES (?, setweight(to_tsvector('dutch', ?), 'A') || setweight(to_tsvector('dutch', ?), 'B'))`,
      [publication.algorithmId, name, body],
    );
  } else {
    await q(em, 'INSERT INTO register_search (rowid, name, body) VALUES (?, ?, ?)', [
      publication.algorithmId,
      name,
      body,
    ]);
  }
  if (!rebuild) await bumpRegisterVersion(em);
}

async function removeFromIndex(em: EntityManager | DataSource, algorithmId: number): Promise<void> {
  if (isPostgresDb(em))
    await q(em, 'DELETE FROM register_search_vectors WHERE algorithm_id = ?', [algorithmId]);
  else await q(em, 'DELETE FROM register_search WHERE rowid = ?', [algorithmId]);
  await q(em, 'DELETE FROM register_entry_themes WHERE algorithm_id = ?', [algorithmId]);
  await q(em, 'DELETE FROM register_entries WHERE algorithm_id = ?', [algorithmId]);
}

/** One more change: cached register pages of every instance are stale from now on. */
export async function bumpRegisterVersion(em: EntityManager | DataSource): Promise<void> {
  await q(em, 'UPDATE register_state SET version = version + 1, changed_at = ? WHERE id = 1', [
    dbTime(em, new Date()),
  ]);
}

function categoryLetter(value: unknown): string | null {
  const match = typeof value === 'string' ? /Categorie ([ABC])\)$/.exec(value) : null;
  return match ? match[1] : null;
}
