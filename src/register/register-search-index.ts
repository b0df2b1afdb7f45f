import { DataSource } from 'typeorm';
import { isPostgresDb, q } from '../database/sql';

/**
 * The register's facet index: per published entry the few small values the filters and facets
 * use, packed in typed arrays (about 20 bytes an entry, 2 MB at 100,000 entries), plus the three
 * sort orders. A search resolves its words to a set of entries (a bitset in name order) through
 * the full-text index of the database, then filters, counts every facet and picks the page in one
 * pass over that set, in memory. Counting facets in SQL costs a GROUP BY over every match (about
 * 100 ms for a common word at 100,000 entries); this costs about a millisecond.
 *
 * The index belongs to one version of the read model (`register_state.version`, bumped in every
 * publishing transaction) and is rebuilt when a request sees a newer version, so a publication
 * made through any instance is searchable on the next request everywhere.
 */

type Bits = Uint32Array;

export interface IndexFilters {
  organisationId?: number;
  status?: string;
  category?: string;
  theme?: string;
  risk?: string;
  outcome?: string;
}

export type IndexSort = 'name' | 'changed' | 'organisation';

export interface OrganisationRef {
  id: number;
  name: string;
  slug: string;
}

export interface IndexResult {
  total: number;
  /** The algorithm ids of the requested page, in order. */
  ids: number[];
  counts: {
    organisation: { organisation: OrganisationRef; count: number }[];
    status: { value: string; count: number }[];
    category: { value: string; count: number }[];
    risk: { value: string; count: number }[];
    outcome: { value: string; count: number }[];
    theme: { value: string; count: number }[];
  };
}

/** Words whose entries are kept as a bitset once looked up: only those that match many. */
const CACHE_MIN_MATCHES = 1000;
const CACHE_MAX_BYTES = 4 * 1024 * 1024;
const BATCH = 5000;

/** Values of one column, numbered; 0 stands for NULL. */
class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly numbers = new Map<string, number>();

  number(value: unknown): number {
    if (value === null || value === undefined) return 0;
    const text = String(value);
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(text);
      this.numbers.set(text, n);
    }
    return n;
  }

  find(value: string | undefined): number {
    return value === undefined ? -1 : (this.numbers.get(value) ?? -2);
  }
}

class FacetIndex {
  readonly size: number;
  readonly words: number;
  /** Position (name order) to algorithm id, and back. */
  readonly ids: Int32Array;
  private readonly positions: (id: number) => number;
  readonly byChanged: Int32Array;
  readonly byOrganisation: Int32Array;
  readonly organisation: Uint16Array;
  readonly status: Uint8Array;
  readonly category: Uint8Array;
  readonly risk: Uint8Array;
  readonly outcome: Uint8Array;
  /** Themes of the entry at position p: themeIds[themeStart[p] .. themeStart[p + 1]). */
  readonly themeStart: Int32Array;
  themeIds: Uint8Array;
  readonly organisations: OrganisationRef[] = [{ id: 0, name: '', slug: '' }];
  readonly dict = {
    organisation: new Dictionary(),
    status: new Dictionary(),
    category: new Dictionary(),
    risk: new Dictionary(),
    outcome: new Dictionary(),
    theme: new Dictionary(),
  };

  constructor(
    readonly version: number,
    ids: number[],
  ) {
    this.size = ids.length;
    this.words = Math.ceil(this.size / 32);
    this.ids = Int32Array.from(ids);
    const maxId = ids.reduce((m, id) => Math.max(m, id), 0);
    if (maxId <= 8 * this.size + 65536) {
      const table = new Int32Array(maxId + 1).fill(-1);
      ids.forEach((id, p) => (table[id] = p));
      this.positions = (id) => (id >= 0 && id <= maxId ? table[id] : -1);
    } else {
      const map = new Map(ids.map((id, p) => [id, p]));
      this.positions = (id) => map.get(id) ?? -1;
    }
    this.byChanged = new Int32Array(this.size);
    this.byOrganisation = new Int32Array(this.size);
    this.organisation = new Uint16Array(this.size);
    this.status = new Uint8Array(this.size);
    this.category = new Uint8Array(this.size);
    this.risk = new Uint8Array(this.size);
    this.outcome = new Uint8Array(this.size);
    this.themeStart = new Int32Array(this.size + 1);
    this.themeIds = new Uint8Array(0);
  }

  position(id: number): number {
    return this.positions(id);
  }

  /** The entries with these ids, as a bitset; ids not in this version are left out. */
  bits(ids: Iterable<number>): { bits: Bits; count: number } {
    const bits = new Uint32Array(this.words);
    let count = 0;
    for (const id of ids) {
      const p = this.positions(id);
      if (p < 0) continue;
      bits[p >>> 5] |= 1 << (p & 31);
      count++;
    }
    return { bits, count };
  }
}

/** Reads the index of the current read-model version, and searches it. */
export class RegisterSearchIndex {
  private index: FacetIndex | null = null;
  private building: { version: number; promise: Promise<FacetIndex> } | null = null;
  /** Looked-up words of the index's version, most recently used last. */
  private readonly wordCache = new Map<string, Bits>();
  private wordCacheBytes = 0;
  private sqliteWord: ((match: string) => Iterable<number>) | null = null;

  constructor(private readonly ds: DataSource) {}

  /** The index of the database's current version, built when that version is new. */
  async current(): Promise<FacetIndex> {
    const [state] = await q<{ version: unknown }>(
      this.ds,
      'SELECT version FROM register_state WHERE id = 1',
    );
    const version = Number(state?.version ?? 0);
    if (this.index && this.index.version >= version) return this.index;
    if (!this.building || this.building.version < version) {
      const promise = this.build(version).then((built) => {
        if (!this.index || this.index.version < built.version) {
          this.index = built;
          this.wordCache.clear();
          this.wordCacheBytes = 0;
        }
        return built;
      });
      this.building = { version, promise };
      promise.then(
        () => this.building?.promise === promise && (this.building = null),
        () => this.building?.promise === promise && (this.building = null),
      );
    }
    return this.building.promise;
  }

  async search(
    tokens: string[],
    filters: IndexFilters,
    sort: IndexSort,
    offset: number,
    limit: number,
  ): Promise<IndexResult> {
    const index = await this.current();
    let match: Bits | null = null;
    for (const token of tokens) {
      const bits = await this.wordBits(index, token);
      if (!match) match = bits.slice();
      else for (let w = 0; w < match.length; w++) match[w] &= bits[w];
    }
    return count(index, match, filters, sort, offset, limit);
  }

  /** The entries whose text has a word beginning with `token`. */
  private async wordBits(index: FacetIndex, token: string): Promise<Bits> {
    const cached = this.wordCache.get(token);
    if (cached) {
      this.wordCache.delete(token);
      this.wordCache.set(token, cached);
      return cached;
    }
    const { bits, count } = index.bits(await this.lookUp(token));
    if (this.index === index && count >= CACHE_MIN_MATCHES) {
      this.wordCache.set(token, bits);
      this.wordCacheBytes += bits.byteLength;
      for (const [key, old] of this.wordCache) {
        if (this.wordCacheBytes <= CACHE_MAX_BYTES) break;
        this.wordCache.delete(key);
        this.wordCacheBytes -= old.byteLength;
      }
    }
    return bits;
  }

  private async lookUp(token: string): Promise<Iterable<number>> {
    if (isPostgresDb(this.ds)) {
      // The index holds Dutch stems: a whole word matches through its stem ("vergunningen"),
      // the beginning of a word through the simple prefix ("parkeer" in "parkeervergunn").
      const rows = await q<{ algorithm_id: unknown }>(
        this.ds,
        `SELECT algorithm_id FROM register_entries
          WHERE search_vector @@ (to_tsquery('dutch', ?) || to_tsquery('simple', ?))`,
        [`${token}:*`, `${token}:*`],
      );
      return rows.map((r) => Number(r.algorithm_id));
    }
    if (!this.sqliteWord) {
      // better-sqlite3 is synchronous; a plucked statement hands over bare rowids, no objects.
      const db = (
        this.ds.driver as unknown as {
          databaseConnection: {
            prepare(sql: string): { pluck(): { all(...p: unknown[]): number[] } };
          };
        }
      ).databaseConnection;
      const statement = db
        .prepare('SELECT rowid FROM register_search WHERE register_search MATCH ?')
        .pluck();
      // all() is about twice as fast as iterate() for 100,000 rows.
      this.sqliteWord = (match) => statement.all(match);
    }
    return this.sqliteWord(`"${token}"*`);
  }

  private async build(version: number): Promise<FacetIndex> {
    const ids = async (orderBy: string) =>
      (
        await q<{ algorithm_id: unknown }>(
          this.ds,
          `SELECT algorithm_id FROM register_entries ORDER BY ${orderBy}`,
        )
      ).map((r) => Number(r.algorithm_id));
    const index = new FacetIndex(version, await ids('sort_name, algorithm_id'));
    const fill = (target: Int32Array, order: number[]) => {
      let k = 0;
      for (const id of order) {
        const p = index.position(id);
        if (p >= 0 && k < target.length) target[k++] = p;
      }
    };
    fill(index.byChanged, await ids('last_changed_at DESC, algorithm_id DESC'));
    fill(index.byOrganisation, await ids('organisation_name, sort_name, algorithm_id'));

    const themesOf: number[][] = new Array<number[]>(index.size);
    let after = -1;
    for (;;) {
      const rows = await q<Record<string, unknown>>(
        this.ds,
        `SELECT algorithm_id, organisation_id, organisation_name, organisation_slug, status,
                publication_category, risk_class, assessment_outcome
           FROM register_entries WHERE algorithm_id > ? ORDER BY algorithm_id LIMIT ?`,
        [after, BATCH],
      );
      if (!rows.length) break;
      const last = Number(rows[rows.length - 1].algorithm_id);
      for (const row of rows) {
        const p = index.position(Number(row.algorithm_id));
        if (p < 0) continue;
        const orgKey = `${String(row.organisation_id)}|${String(row.organisation_name)}|${String(row.organisation_slug)}`;
        const org = index.dict.organisation.number(orgKey);
        if (org === index.organisations.length)
          index.organisations.push({
            id: Number(row.organisation_id),
            name: String(row.organisation_name),
            slug: String(row.organisation_slug),
          });
        index.organisation[p] = org;
        index.status[p] = index.dict.status.number(row.status);
        index.category[p] = index.dict.category.number(row.publication_category);
        index.risk[p] = index.dict.risk.number(row.risk_class);
        index.outcome[p] = index.dict.outcome.number(row.assessment_outcome);
      }
      const themes = await q<{ theme: unknown; algorithm_id: unknown }>(
        this.ds,
        'SELECT theme, algorithm_id FROM register_entry_themes WHERE algorithm_id > ? AND algorithm_id <= ?',
        [after, last],
      );
      for (const t of themes) {
        const p = index.position(Number(t.algorithm_id));
        if (p >= 0) (themesOf[p] ??= []).push(index.dict.theme.number(t.theme));
      }
      after = last;
    }
    let total = 0;
    for (let p = 0; p < index.size; p++) {
      index.themeStart[p] = total;
      total += themesOf[p]?.length ?? 0;
    }
    index.themeStart[index.size] = total;
    const themeIds = new Uint8Array(total);
    for (let p = 0; p < index.size; p++) themeIds.set(themesOf[p] ?? [], index.themeStart[p]);
    index.themeIds = themeIds;
    return index;
  }
}

/**
 * One pass over the matching entries: applies the filters, counts every facet and keeps the
 * result as a bitset, from which the page is taken in the requested order.
 */
function count(
  index: FacetIndex,
  match: Bits | null,
  filters: IndexFilters,
  sort: IndexSort,
  offset: number,
  limit: number,
): IndexResult {
  const { dict } = index;
  const orgIds = index.organisations.map((o) => o.id);
  const wanted = {
    status: dict.status.find(filters.status),
    category: dict.category.find(filters.category),
    risk: dict.risk.find(filters.risk),
    outcome: dict.outcome.find(filters.outcome),
    theme: dict.theme.find(filters.theme),
  };
  const orgCount = new Float64Array(index.organisations.length);
  const statusCount = new Float64Array(dict.status.values.length);
  const categoryCount = new Float64Array(dict.category.values.length);
  const riskCount = new Float64Array(dict.risk.values.length);
  const outcomeCount = new Float64Array(dict.outcome.values.length);
  const themeCount = new Float64Array(dict.theme.values.length);
  const result = new Uint32Array(index.words);
  let total = 0;
  // A value no entry has (-2) matches nothing.
  const none = Object.values(wanted).some((n) => n === -2);
  const lastWord = index.size & 31 ? 2 ** (index.size & 31) - 1 : 0xffffffff;
  for (let w = 0; w < index.words && !none; w++) {
    let m = match ? match[w] : w === index.words - 1 ? lastWord : -1;
    while (m) {
      const low = m & -m;
      m ^= low;
      const p = (w << 5) | (31 - Math.clz32(low));
      if (
        filters.organisationId !== undefined &&
        orgIds[index.organisation[p]] !== filters.organisationId
      )
        continue;
      if (wanted.status >= 0 && index.status[p] !== wanted.status) continue;
      if (wanted.category >= 0 && index.category[p] !== wanted.category) continue;
      if (wanted.risk >= 0 && index.risk[p] !== wanted.risk) continue;
      if (wanted.outcome >= 0 && index.outcome[p] !== wanted.outcome) continue;
      const from = index.themeStart[p];
      const to = index.themeStart[p + 1];
      if (wanted.theme >= 0) {
        let found = false;
        for (let k = from; k < to; k++) if (index.themeIds[k] === wanted.theme) found = true;
        if (!found) continue;
      }
      result[w] |= low;
      total++;
      orgCount[index.organisation[p]]++;
      statusCount[index.status[p]]++;
      categoryCount[index.category[p]]++;
      riskCount[index.risk[p]]++;
      outcomeCount[index.outcome[p]]++;
      for (let k = from; k < to; k++) themeCount[index.themeIds[k]]++;
    }
  }

  const ids: number[] = [];
  const has = (p: number) => (result[p >>> 5] & (1 << (p & 31))) !== 0;
  if (sort === 'name') {
    let seen = 0;
    for (let w = 0; w < index.words && ids.length < limit; w++) {
      let m = result[w];
      while (m && ids.length < limit) {
        const low = m & -m;
        m ^= low;
        if (seen++ >= offset) ids.push(index.ids[(w << 5) | (31 - Math.clz32(low))]);
      }
    }
  } else {
    const order = sort === 'changed' ? index.byChanged : index.byOrganisation;
    let seen = 0;
    for (let k = 0; k < order.length && ids.length < limit; k++) {
      const p = order[k];
      if (has(p) && seen++ >= offset) ids.push(index.ids[p]);
    }
  }

  const values = (d: Dictionary, counts: Float64Array) =>
    d.values.flatMap((value, n) =>
      value !== null && counts[n] > 0 ? [{ value, count: counts[n] }] : [],
    );
  return {
    total,
    ids,
    counts: {
      organisation: index.organisations.flatMap((organisation, n) =>
        n > 0 && orgCount[n] > 0 ? [{ organisation, count: orgCount[n] }] : [],
      ),
      status: values(dict.status, statusCount),
      category: values(dict.category, categoryCount),
      risk: values(dict.risk, riskCount),
      outcome: values(dict.outcome, outcomeCount),
      theme: values(dict.theme, themeCount),
    },
  };
}
