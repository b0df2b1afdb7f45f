import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isOverdue } from '../assessments/conditions/condition-state';
import { missingRequiredFields, statusCode, statusOfCode } from '../algorithms/publicatiestandaard';
import type { StandardRecord } from '../algorithms/publicatiestandaard';
import { DomainError } from '../common/errors/domain-error';
import { preparedQuery } from '../database/prepared';
import { fromDbTime, isPostgresDb, q, sqlTrue } from '../database/sql';
import { publishedAdvice } from '../publications/advice';
import type { PublishedAdvice } from '../publications/advice';
import { rebuildRegisterIndex } from './read-model/register-index';
import { RegisterQueryDto } from './dto/register-query.dto';
import type { EntryFacets, IndexResult } from './register-facet-index';
import { CARD_COLUMNS, ITEM_COLUMNS, parseJson, toCard, toItem } from './register-rows';
import type { Row } from './register-rows';
import { RegisterSearchIndex } from './register-search-index';
import type { ConditionState } from '../assessments/entities/condition.entity';
import type { AssessmentSummary } from '../publications/assessment-summary';
import type { NationalListing, PublicState } from '../publications/entities/publication.entity';
import type {
  FacetValue,
  RegisterCard,
  RegisterEntry,
  RegisterFacets,
  RegisterItem,
  RegisterResult,
} from './register.types';

export const PAGE_SIZE = 25;
const MAX_TOKENS = 8;

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

/** Reads the register's read model; never the algorithm rows, which may hold unpublished drafts. */
@Injectable()
export class RegisterService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Register');
  private readonly index: RegisterSearchIndex;
  /**
   * The rows of a page of results by algorithm id (a list as one parameter, preparedQuery): whole
   * items for the API; what a card shows, for the pages' cards not kept in memory (register-cards.ts).
   */
  private readonly itemRows: (params: unknown[]) => Promise<Row[]>;
  private readonly cardRows: (params: unknown[]) => Promise<Row[]>;

  constructor(private readonly ds: DataSource) {
    this.index = new RegisterSearchIndex(ds);
    const byIds = (name: string, columns: string) =>
      preparedQuery<Row>(
        ds,
        name,
        `SELECT ${columns} FROM register_entries e WHERE e.algorithm_id ${
          isPostgresDb(ds) ? '= ANY(?)' : 'IN (SELECT value FROM json_each(?))'
        }`,
      );
    this.itemRows = byIds('register_item_rows', ITEM_COLUMNS);
    this.cardRows = byIds('register_card_rows', CARD_COLUMNS);
  }

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
    // Built now rather than on the first search.
    await this.index.current();
  }

  /** Waits until searches answer from memory alone (see RegisterSearchIndex.termsRead). */
  whenSearchReady(): Promise<boolean> {
    return this.index.termsRead();
  }

  /** `knownVersion`: the read-model version this request has read already (RequestContext). */
  search(
    query: RegisterQueryDto,
    pageSize = PAGE_SIZE,
    knownVersion?: number,
  ): Promise<RegisterResult> {
    return this.searchFor(
      (ids) => this.itemRows([this.idList(ids)]),
      toItem,
      query,
      pageSize,
      knownVersion,
    );
  }

  /** The same search with only what the result cards show, for the pages. */
  searchCards(
    query: RegisterQueryDto,
    pageSize = PAGE_SIZE,
    knownVersion?: number,
  ): Promise<RegisterResult<RegisterCard>> {
    return this.searchFor(
      async (ids, found) => {
        // From memory (register-cards.ts); from the database only what is not kept there.
        const kept = ids.map((id) => found.cardRow(id));
        const missing = ids.filter((_, k) => !kept[k]);
        const read = missing.length ? await this.cardRows([this.idList(missing)]) : [];
        return [...kept.filter((row): row is Row => row !== null), ...read];
      },
      toCard,
      query,
      pageSize,
      knownVersion,
    );
  }

  /** A list of ids as the one parameter of a prepared query (preparedQuery). */
  private idList(ids: number[]): unknown {
    return isPostgresDb(this.ds) ? ids : JSON.stringify(ids);
  }

  private async searchFor<T extends RegisterCard>(
    readRows: (ids: number[], found: IndexResult) => Promise<Row[]>,
    fromRow: (row: Row, facets: EntryFacets) => T,
    query: RegisterQueryDto,
    pageSize: number,
    knownVersion: number | undefined,
  ): Promise<RegisterResult<T>> {
    const tokens = searchTokens(query.q);
    const page = query.page ?? 1;
    const found = await this.find(query, tokens, (page - 1) * pageSize, pageSize, knownVersion);
    const total = found.total;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (page > pages)
      throw new DomainError('NOT_FOUND', 'register.errors.noSuchPage', undefined, { pages });
    const facets = buildFacets(found.counts);

    const rows = found.ids.length ? await readRows(found.ids, found) : [];
    const byId = new Map(rows.map((r) => [Number(r.algorithm_id), r]));
    // A card takes its facet values from the index (FacetIndex.facetsOf); an item (toItem) reads
    // its own from its row and leaves them aside.
    const items = found.ids.flatMap((id) => {
      const row = byId.get(id);
      const values = found.facetsOf(id);
      return row && values ? [fromRow(row, values)] : [];
    });
    return { total, page, pages, pageSize, items, facets, tokens };
  }

  /**
   * The one reading of a search's words, filters and order, for the page, the JSON API and the
   * CSV alike: words, filters, facet counts and the ids come from the in-memory facet index; only
   * the words' matches are read from the database.
   */
  private async find(
    query: RegisterQueryDto,
    tokens: string[],
    offset: number,
    limit: number,
    knownVersion?: number,
  ): Promise<IndexResult> {
    // One read of the version for both steps below, when the request has none (the CSV).
    const version = knownVersion ?? (await this.index.current()).version;
    let organisationId: number | undefined;
    if (query.organisation) {
      organisationId = await this.index.organisationWithEntries(query.organisation, version);
      if (organisationId === undefined) {
        const [org] = await q<{ id: number }>(
          this.ds,
          'SELECT id FROM organisations WHERE slug = ?',
          [query.organisation],
        );
        if (!org)
          throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
            { field: 'organisation', key: 'register.errors.unknownOrganisation' },
          ]);
        organisationId = Number(org.id);
      }
    }
    return this.index.search(
      tokens,
      {
        organisationId,
        status: query.status ? statusOfCode(query.status) : undefined,
        category: query.category,
        theme: query.theme,
        risk: query.risk,
        outcome: query.outcome,
      },
      // A search lists its best matches first unless another order is asked for.
      query.sort ?? (tokens.length ? 'relevance' : 'name'),
      offset,
      limit,
      version,
    );
  }

  /**
   * Every entry a search finds, in its order and with its record, read in batches of `batch`: the
   * CSV of what the resident sees on the page, all pages of it. The page number is not a filter.
   */
  async *matchingEntries(
    query: RegisterQueryDto,
    batch = 500,
  ): AsyncGenerator<{ item: RegisterItem; record: StandardRecord }> {
    const { ids } = await this.find(query, searchTokens(query.q), 0, Infinity);
    for (let from = 0; from < ids.length; from += batch) {
      const part = ids.slice(from, from + batch);
      const rows = await q<Row>(
        this.ds,
        `SELECT ${ITEM_COLUMNS}, p.record AS p_record FROM register_entries e
           JOIN algorithm_publications p ON p.id = e.publication_id
          WHERE e.algorithm_id IN (${part.map(() => '?').join(', ')})`,
        part,
      );
      const byId = new Map(rows.map((r) => [Number(r.algorithm_id), r]));
      for (const id of part) {
        const row = byId.get(id);
        if (row) yield { item: toItem(row), record: parseJson(row.p_record) as StandardRecord };
      }
    }
  }

  async entry(publicId: string, versionNumber?: number): Promise<RegisterEntry> {
    const [row] = await q<Row>(
      this.ds,
      `SELECT ${ITEM_COLUMNS} FROM register_entries e WHERE e.public_id = ?`,
      [publicId],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'register.errors.noSuchEntry');
    const item = toItem(row);
    const algorithmId = Number(row.algorithm_id);
    const [publication] = await q<Row>(
      this.ds,
      versionNumber === undefined
        ? 'SELECT number, published_at, record, summary, lifecycle, national_listing FROM algorithm_publications WHERE id = ?'
        : 'SELECT number, published_at, record, summary, lifecycle, national_listing FROM algorithm_publications WHERE algorithm_id = ? AND number = ?',
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
            'SELECT description, due_date, state, reported_at, verified_at FROM conditions WHERE assessment_id = ? ORDER BY due_date, id',
            [summary.assessmentId],
          )
        ).map((c) => {
          const condition = {
            description: String(c.description),
            dueDate: String(c.due_date),
            state: String(c.state) as ConditionState,
          };
          return {
            ...condition,
            overdue: isOverdue(condition),
            reportedAt: c.reported_at ? fromDbTime(c.reported_at) : null,
            verifiedAt: c.verified_at ? fromDbTime(c.verified_at) : null,
          };
        })
      : [];
    return {
      item,
      publicationNumber: Number(publication.number),
      publishedAt: fromDbTime(publication.published_at),
      lifecycle: String(publication.lifecycle) as PublicState,
      record,
      summary,
      nationalListing: parseJson(publication.national_listing) as NationalListing | null,
      missingRequired: missingRequiredFields(record),
      conditions,
      history,
    };
  }

  /**
   * The commission's published advice on proposals it did not approve, of every organisation or
   * of one: apart from the entries, never in a search, a count or a download of them.
   */
  async notApproved(organisationSlug?: string): Promise<PublishedAdvice[]> {
    if (organisationSlug === undefined) return publishedAdvice(this.ds);
    return publishedAdvice(this.ds, (await this.organisation(organisationSlug)).id);
  }

  /** How many proposals with published advice were not approved, of every organisation or of one. */
  notApprovedCount(organisationId?: number, knownVersion?: number): Promise<number> {
    return this.index.adviceCount(organisationId, knownVersion);
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

  /** The newest publications, of the whole register or of one organisation, for the Atom feeds. */
  async recentPublications(
    organisationId?: number,
    limit = 50,
  ): Promise<
    (RegisterItem & {
      number: number;
      publishedAt: Date;
      origin: string;
      summary: AssessmentSummary | null;
    })[]
  > {
    const rows = await q<Row>(
      this.ds,
      `SELECT ${ITEM_COLUMNS}, p.number AS p_number, p.published_at AS p_published_at,
              p.origin AS p_origin, p.summary AS p_summary
         FROM algorithm_publications p JOIN register_entries e ON e.algorithm_id = p.algorithm_id
        ${organisationId === undefined ? '' : 'WHERE e.organisation_id = ?'}
        ORDER BY p.published_at DESC, p.id DESC LIMIT ?`,
      organisationId === undefined ? [limit] : [organisationId, limit],
    );
    return rows.map((r) => ({
      ...toItem(r),
      number: Number(r.p_number),
      publishedAt: fromDbTime(r.p_published_at),
      origin: String(r.p_origin),
      summary: parseJson(r.p_summary) as AssessmentSummary | null,
    }));
  }

  /** Every current entry with its record, in pages of `batch`, for the bulk exports. */
  async *allEntries(batch = 500): AsyncGenerator<{ item: RegisterItem; record: StandardRecord }> {
    let after = 0;
    for (;;) {
      const rows = await q<Row>(
        this.ds,
        `SELECT ${ITEM_COLUMNS}, p.record AS p_record FROM register_entries e
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

function buildFacets(counts: IndexResult['counts']): RegisterFacets {
  const byCount = (a: FacetValue, b: FacetValue) =>
    b.count - a.count || a.label.localeCompare(b.label, 'nl');
  const plain = (list: { value: string; count: number }[]) =>
    list.map(({ value, count }) => ({ value, label: value, count }));
  // Entries of one organisation may carry its name from different publications: one option each.
  const organisations = new Map<string, FacetValue>();
  for (const { organisation, count } of counts.organisation) {
    const found = organisations.get(organisation.slug) ?? {
      value: organisation.slug,
      label: organisation.name,
      count: 0,
    };
    found.count += count;
    organisations.set(organisation.slug, found);
  }
  const statuses = new Map<string, FacetValue>();
  for (const { value, count } of counts.status) {
    const code = statusCode(value);
    if (!code) continue;
    const found = statuses.get(code) ?? { value: code, label: code, count: 0 };
    found.count += count;
    statuses.set(code, found);
  }
  return {
    organisation: [...organisations.values()].sort((a, b) => a.label.localeCompare(b.label, 'nl')),
    status: [...statuses.values()].sort(byCount),
    category: plain(counts.category).sort((a, b) => a.value.localeCompare(b.value)),
    theme: plain(counts.theme).sort(byCount),
    risk: plain(counts.risk).sort(byCount),
    outcome: plain(counts.outcome).sort(byCount),
  };
}
