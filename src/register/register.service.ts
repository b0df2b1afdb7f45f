import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import { DomainError } from '../common/errors/domain-error';
import type { AssessmentSummary } from '../publications/assessment-summary';
import { missingRequired, rebuildRegisterIndex } from './read-model/register-index';
import { fromDbTime, isPostgresDb, q, sqlTrue } from './read-model/sql';
import { RegisterQueryDto, RegisterSort, STATUS_CODES } from './dto/register-query.dto';

export const PAGE_SIZE = 25;
const MAX_TOKENS = 8;

export interface RegisterItem {
  publicId: string;
  slug: string;
  name: string;
  descriptionShort: string;
  organisation: { id: number; name: string; slug: string };
  status: string;
  publicationCategory: string | null;
  riskClass: string | null;
  assessmentOutcome: string;
  origin: string;
  themes: string[];
  complete: boolean;
  firstPublishedAt: Date;
  lastChangedAt: Date;
  versions: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface RegisterFacets {
  organisation: FacetValue[];
  status: FacetValue[];
  category: FacetValue[];
  theme: FacetValue[];
  risk: FacetValue[];
  outcome: FacetValue[];
}

export interface RegisterResult {
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  items: RegisterItem[];
  facets: RegisterFacets;
  /** The words searched for, for highlighting. */
  tokens: string[];
}

export interface PublishedVersion {
  number: number;
  publishedAt: Date;
  origin: string;
}

export interface RegisterEntry {
  item: RegisterItem;
  publicationNumber: number;
  publishedAt: Date;
  record: StandardRecord;
  summary: AssessmentSummary | null;
  missingRequired: string[];
  conditions: { description: string; dueDate: string; done: boolean; doneAt: Date | null }[];
  history: PublishedVersion[];
}

/** The words of a search, without operators or quotes: safe to hand to either full-text engine. */
export function searchTokens(text: string | undefined): string[] {
  if (!text) return [];
  const words =
    text
      .normalize('NFC')
      .toLocaleLowerCase('nl')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, 40)))].slice(0, MAX_TOKENS);
}

const STATUS_BY_VALUE = Object.fromEntries(
  Object.entries(STATUS_CODES).map(([code, value]) => [value, code]),
);

type Row = Record<string, unknown>;

/** Reads the register's read model; never the algorithm rows, which may hold unpublished drafts. */
@Injectable()
export class RegisterService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Register');

  constructor(private readonly ds: DataSource) {}

  /** Entries published before the read model existed (or beside it) are indexed at start-up. */
  async onApplicationBootstrap(): Promise<void> {
    const [published] = await q<{ n: unknown }>(
      this.ds,
      `SELECT COUNT(*) AS n FROM algorithm_publications WHERE current = ${sqlTrue(this.ds)}`,
    );
    const [indexed] = await q<{ n: unknown }>(
      this.ds,
      'SELECT COUNT(*) AS n FROM register_entries',
    );
    if (Number(published.n) !== Number(indexed.n)) {
      const n = await rebuildRegisterIndex(this.ds);
      this.logger.log(`Register index rebuilt: ${n} entries`);
    }
  }

  async search(query: RegisterQueryDto, pageSize = PAGE_SIZE): Promise<RegisterResult> {
    const tokens = searchTokens(query.q);
    const where: string[] = [];
    const params: unknown[] = [];
    if (tokens.length) {
      if (isPostgresDb(this.ds)) {
        // The index holds Dutch stems: a whole word matches through its stem ("vergunningen"),
        // the beginning of a word through the simple prefix ("parkeer" in "parkeervergunn").
        const terms = tokens.map(() => "(to_tsquery('dutch', ?) || to_tsquery('simple', ?))");
        where.push(`e.search_vector @@ (${terms.join(' && ')})`);
        for (const t of tokens) params.push(`${t}:*`, `${t}:*`);
      } else {
        where.push(
          'e.algorithm_id IN (SELECT rowid FROM register_search WHERE register_search MATCH ?)',
        );
        params.push(tokens.map((t) => `"${t}"*`).join(' '));
      }
    }
    if (query.organisation) {
      const [org] = await q<{ id: number }>(
        this.ds,
        'SELECT id FROM organisations WHERE slug = ?',
        [query.organisation],
      );
      if (!org)
        throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
          { field: 'organisation', key: 'register.errors.unknownOrganisation' },
        ]);
      where.push('e.organisation_id = ?');
      params.push(org.id);
    }
    if (query.status) {
      where.push('e.status = ?');
      params.push(STATUS_CODES[query.status]);
    }
    if (query.category) {
      where.push('e.publication_category = ?');
      params.push(query.category);
    }
    if (query.theme) {
      where.push(
        'e.algorithm_id IN (SELECT algorithm_id FROM register_entry_themes WHERE theme = ?)',
      );
      params.push(query.theme);
    }
    if (query.risk) {
      where.push('e.risk_class = ?');
      params.push(query.risk);
    }
    if (query.outcome) {
      where.push('e.assessment_outcome = ?');
      params.push(query.outcome);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

    const groups = await q<Row>(
      this.ds,
      `SELECT e.organisation_id, e.organisation_name, e.organisation_slug, e.status,
              e.publication_category, e.risk_class, e.assessment_outcome, COUNT(*) AS n
         FROM register_entries e ${whereSql}
        GROUP BY e.organisation_id, e.organisation_name, e.organisation_slug, e.status,
              e.publication_category, e.risk_class, e.assessment_outcome`,
      params,
    );
    const themeRows = await q<Row>(
      this.ds,
      where.length
        ? `SELECT t.theme, COUNT(*) AS n FROM register_entry_themes t
             JOIN register_entries e ON e.algorithm_id = t.algorithm_id ${whereSql} GROUP BY t.theme`
        : 'SELECT theme, COUNT(*) AS n FROM register_entry_themes GROUP BY theme',
      params,
    );
    const facets = buildFacets(groups, themeRows);
    const total = groups.reduce((sum, g) => sum + Number(g.n), 0);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = query.page ?? 1;
    if (page > pages)
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchPage', undefined, { pages });

    const rows = total
      ? await q<Row>(
          this.ds,
          `SELECT e.* FROM register_entries e ${whereSql} ORDER BY ${orderBy(query.sort)} LIMIT ? OFFSET ?`,
          [...params, pageSize, (page - 1) * pageSize],
        )
      : [];
    return { total, page, pages, pageSize, items: rows.map(toItem), facets, tokens };
  }

  async entry(publicId: string, versionNumber?: number): Promise<RegisterEntry> {
    const [row] = await q<Row>(
      this.ds,
      'SELECT e.* FROM register_entries e WHERE e.public_id = ?',
      [publicId],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'register.errors.noSuchEntry');
    const item = toItem(row);
    const algorithmId = Number(row.algorithm_id);
    const [publication] = await q<Row>(
      this.ds,
      versionNumber === undefined
        ? 'SELECT number, published_at, record, summary FROM algorithm_publications WHERE id = ?'
        : 'SELECT number, published_at, record, summary FROM algorithm_publications WHERE algorithm_id = ? AND number = ?',
      versionNumber === undefined ? [row.publication_id] : [algorithmId, versionNumber],
    );
    if (!publication) throw new DomainError('NOT_FOUND', 'register.errors.noSuchVersion');
    const record = parseJson(publication.record) as StandardRecord;
    const summary = parseJson(publication.summary) as AssessmentSummary | null;
    const history = (
      await q<Row>(
        this.ds,
        'SELECT number, published_at, origin FROM algorithm_publications WHERE algorithm_id = ? ORDER BY number DESC',
        [algorithmId],
      )
    ).map((h) => ({
      number: Number(h.number),
      publishedAt: fromDbTime(h.published_at),
      origin: String(h.origin),
    }));
    const conditions = summary
      ? (
          await q<Row>(
            this.ds,
            'SELECT description, due_date, done_at FROM conditions WHERE assessment_id = ? ORDER BY due_date, id',
            [summary.assessmentId],
          )
        ).map((c) => ({
          description: String(c.description),
          dueDate: String(c.due_date),
          done: c.done_at !== null && c.done_at !== undefined,
          doneAt: c.done_at ? fromDbTime(c.done_at) : null,
        }))
      : [];
    return {
      item,
      publicationNumber: Number(publication.number),
      publishedAt: fromDbTime(publication.published_at),
      record,
      summary,
      missingRequired: missingRequired(record),
      conditions,
      history,
    };
  }

  /** Where to find an entry's algorithm and organisation, for the feedback form. */
  async entryOwner(
    publicId: string,
  ): Promise<{ algorithmId: number; organisationId: number; name: string; slug: string }> {
    const [row] = await q<Row>(
      this.ds,
      'SELECT algorithm_id, organisation_id, name, slug FROM register_entries WHERE public_id = ?',
      [publicId],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'register.errors.noSuchEntry');
    return {
      algorithmId: Number(row.algorithm_id),
      organisationId: Number(row.organisation_id),
      name: String(row.name),
      slug: String(row.slug),
    };
  }

  async organisations(): Promise<{ name: string; slug: string; count: number }[]> {
    const rows = await q<Row>(
      this.ds,
      `SELECT organisation_name, organisation_slug, COUNT(*) AS n FROM register_entries
        GROUP BY organisation_id, organisation_name, organisation_slug ORDER BY organisation_name`,
    );
    return rows.map((r) => ({
      name: String(r.organisation_name),
      slug: String(r.organisation_slug),
      count: Number(r.n),
    }));
  }

  async organisation(
    slug: string,
  ): Promise<{ id: number; name: string; slug: string; type: string }> {
    const [row] = await q<Row>(
      this.ds,
      'SELECT id, name, slug, type FROM organisations WHERE slug = ?',
      [slug],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'register.errors.noSuchOrganisation');
    return {
      id: Number(row.id),
      name: String(row.name),
      slug: String(row.slug),
      type: String(row.type),
    };
  }

  /** The newest publications, for the Atom feed. */
  async recentPublications(
    limit = 50,
  ): Promise<(RegisterItem & { number: number; publishedAt: Date; origin: string })[]> {
    const rows = await q<Row>(
      this.ds,
      `SELECT e.*, p.number AS p_number, p.published_at AS p_published_at, p.origin AS p_origin
         FROM algorithm_publications p JOIN register_entries e ON e.algorithm_id = p.algorithm_id
        ORDER BY p.published_at DESC, p.id DESC LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({
      ...toItem(r),
      number: Number(r.p_number),
      publishedAt: fromDbTime(r.p_published_at),
      origin: String(r.p_origin),
    }));
  }

  /** Every current entry with its record, in pages of `batch`, for the bulk exports. */
  async *allEntries(batch = 500): AsyncGenerator<{ item: RegisterItem; record: StandardRecord }> {
    let after = 0;
    for (;;) {
      const rows = await q<Row>(
        this.ds,
        `SELECT e.*, p.record AS p_record FROM register_entries e
           JOIN algorithm_publications p ON p.id = e.publication_id
          WHERE e.algorithm_id > ? ORDER BY e.algorithm_id LIMIT ?`,
        [after, batch],
      );
      if (!rows.length) return;
      for (const row of rows)
        yield { item: toItem(row), record: parseJson(row.p_record) as StandardRecord };
      after = Number(rows[rows.length - 1].algorithm_id);
    }
  }
}

function orderBy(sort: RegisterSort | undefined): string {
  switch (sort) {
    case 'changed':
      return 'e.last_changed_at DESC, e.algorithm_id DESC';
    case 'organisation':
      return 'e.organisation_name, e.sort_name, e.algorithm_id';
    default:
      return 'e.sort_name, e.algorithm_id';
  }
}

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function toItem(row: Row): RegisterItem {
  return {
    publicId: String(row.public_id),
    slug: String(row.slug),
    name: String(row.name),
    descriptionShort: String(row.description_short ?? ''),
    organisation: {
      id: Number(row.organisation_id),
      name: String(row.organisation_name),
      slug: String(row.organisation_slug),
    },
    status: String(row.status),
    publicationCategory: (row.publication_category as string | null) ?? null,
    riskClass: (row.risk_class as string | null) ?? null,
    assessmentOutcome: String(row.assessment_outcome),
    origin: String(row.origin),
    themes: parseJson(row.themes) as string[],
    complete: Number(row.missing_count) === 0,
    firstPublishedAt: fromDbTime(row.first_published_at),
    lastChangedAt: fromDbTime(row.last_changed_at),
    versions: Number(row.version_count),
  };
}

function buildFacets(groups: Row[], themeRows: Row[]): RegisterFacets {
  const tally = (
    key: (g: Row) => string | null,
    label: (g: Row) => string = (g) => String(key(g)),
  ) => {
    const map = new Map<string, FacetValue>();
    for (const g of groups) {
      const value = key(g);
      if (value === null) continue;
      const found = map.get(value) ?? { value, label: label(g), count: 0 };
      found.count += Number(g.n);
      map.set(value, found);
    }
    return [...map.values()];
  };
  const byCount = (a: FacetValue, b: FacetValue) =>
    b.count - a.count || a.label.localeCompare(b.label, 'nl');
  return {
    organisation: tally(
      (g) => String(g.organisation_slug),
      (g) => String(g.organisation_name),
    ).sort((a, b) => a.label.localeCompare(b.label, 'nl')),
    status: tally((g) => STATUS_BY_VALUE[String(g.status)] ?? null).sort(byCount),
    category: tally((g) => (g.publication_category as string | null) ?? null).sort((a, b) =>
      a.value.localeCompare(b.value),
    ),
    theme: themeRows
      .map((r) => ({ value: String(r.theme), label: String(r.theme), count: Number(r.n) }))
      .sort(byCount),
    risk: tally((g) => (g.risk_class as string | null) ?? null).sort(byCount),
    outcome: tally((g) => String(g.assessment_outcome)).sort(byCount),
  };
}
