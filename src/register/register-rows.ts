/**
 * The register's rows as the pages, the API and the exports read them (register.service.ts): a
 * card's columns for the list pages, a whole item's for the rest.
 */
import { fromDbTime } from '../database/sql';
import type { EntryFacets } from './register-facet-index';
import type { RegisterCard, RegisterItem } from './register.types';

/** A register row as the database driver gives it, keyed by column name. */
export type Row = Record<string, unknown>;

/** A JSON column: parsed when it comes as text, taken as it is when the driver parsed it. */
export function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/**
 * What toCard reads of an entry (with its id); the card's own text where there is one, else the
 * short description (register-projection.ts cardText). Never `e.*`: on PostgreSQL that would
 * also send the entry's search vector, about 1.3 KB of text to parse for every entry listed.
 * The facet values come from the facet index (FacetIndex.facetsOf), which holds them already.
 */
export const CARD_COLUMNS = `e.algorithm_id, e.public_id, e.slug, e.name,
  COALESCE(e.card_text, e.description_short) AS card_text, e.origin, e.missing_count,
  e.last_changed_at`;

/** What toItem reads: the card's columns, its facet values and the rest of the entry's summary. */
export const ITEM_COLUMNS = `${CARD_COLUMNS}, e.organisation_id, e.organisation_name,
  e.organisation_slug, e.status, e.publication_category, e.assessment_outcome, e.publication_id,
  e.description_short, e.risk_class, e.themes, e.version_count, e.first_published_at`;

export function toCard(row: Row, facets: EntryFacets): RegisterCard {
  return {
    publicId: String(row.public_id),
    slug: String(row.slug),
    name: String(row.name),
    cardText: String(row.card_text ?? ''),
    organisation: { ...facets.organisation },
    status: facets.status,
    publicationCategory: facets.publicationCategory,
    assessmentOutcome: facets.assessmentOutcome,
    origin: String(row.origin),
    complete: Number(row.missing_count) === 0,
    lastChangedAt: fromDbTime(row.last_changed_at),
  };
}

/** An item's facet values from its own row (ITEM_COLUMNS). */
function facetsOfRow(row: Row): EntryFacets {
  return {
    organisation: {
      id: Number(row.organisation_id),
      name: String(row.organisation_name),
      slug: String(row.organisation_slug),
    },
    status: String(row.status),
    publicationCategory: (row.publication_category as string | null) ?? null,
    assessmentOutcome: String(row.assessment_outcome),
  };
}

export function toItem(row: Row): RegisterItem {
  return {
    ...toCard(row, facetsOfRow(row)),
    descriptionShort: String(row.description_short ?? ''),
    riskClass: (row.risk_class as string | null) ?? null,
    themes: parseJson(row.themes) as string[],
    firstPublishedAt: fromDbTime(row.first_published_at),
    versions: Number(row.version_count),
  };
}
