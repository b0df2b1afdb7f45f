import { DataSource } from 'typeorm';
import { isPostgresDb, q } from '../database/sql';
import { countMatches, FacetIndex } from './register-facet-index';
import type { Bits, IndexFilters, IndexResult, IndexSort } from './register-facet-index';
import { RegisterNameIndex } from './register-name-index';
import { KeptWords } from './kept-words';
import { KeptCards } from './register-cards';
import { lowerBound, PostgresTerms } from './register-postgres-terms';

/**
 * The register's search over the facet index (register-facet-index.ts). A search resolves its
 * words to a set of entries (a bitset in name order) through the full-text index of the database,
 * then filters, counts every facet and picks the page in one pass over that set, in memory.
 * Counting facets in SQL costs a GROUP BY over every match (about 100 ms for a common word at
 * 100,000 entries); this costs about a millisecond.
 *
 * The index belongs to one version of the read model (`register_state.version`, bumped in every
 * publishing transaction) and is rebuilt when a request sees a newer version, so a publication
 * made through any instance is searchable on the next request everywhere.
 */

/** Words whose entries are kept as a bitset once looked up: only those that match many. */
const CACHE_MIN_MATCHES = 1000;
/** Room for the bitsets of every frequent term at 100,000 entries (12.5 KB each). */
const CACHE_MAX_BYTES = 24 * 1024 * 1024;
/**
 * Room for the matches of the other words, kept as positions (under 4 KB a word): a word in few
 * entries is cheap to read once, but every search asked the database again (a tenth of an
 * uncached search on SQLite, most of it on PostgreSQL).
 */
const RARE_MAX_BYTES = 4 * 1024 * 1024;
/** What the frequent terms read ahead of the searches may take of CACHE_MAX_BYTES. */
const WARM_MAX_BYTES = (CACHE_MAX_BYTES * 3) / 4;
const BATCH = 5000;
/**
 * What one term of an OR costs FTS5, in rowids a prefix lookup reads in the same time (measured at
 * 100,000 entries: 140 terms of "subsi" 8–12 ms, its prefix's 75,000 rowids 60 ms; 890 terms of
 * "s" 116 ms, its prefix 195 ms). A word beginning whose rare terms cost more than its prefix, as
 * `a` does at 1,000 entries, is looked up as the prefix.
 */
const TERM_COST_IN_ROWIDS = 300;

/** SQLite's full-text terms in order, and in how many entries each is (fts5vocab); per version. */
interface Vocabulary {
  terms: string[];
  docs: Uint32Array;
}

/** Reads the index of the current read-model version, and searches it. */
export class RegisterSearchIndex {
  private index: FacetIndex | null = null;
  private building: { version: number; promise: Promise<FacetIndex> } | null = null;
  /** Looked-up words of the index's version: frequent ones as bitsets, the others as positions. */
  private readonly wordCache = new KeptWords<Bits>(CACHE_MAX_BYTES);
  private readonly rareCache = new KeptWords<Int32Array>(RARE_MAX_BYTES);
  private sqliteWord: ((match: string) => Iterable<number>) | null = null;
  private readonly vocabularies = new WeakMap<FacetIndex, Vocabulary>();
  private readonly names = new WeakMap<FacetIndex, RegisterNameIndex>();
  private readonly postgresTerms: PostgresTerms | null;
  /** Published notices of rejected advice per organisation (register_advice), per version. */
  private readonly advice = new WeakMap<FacetIndex, Map<number, number>>();
  /** Organisation ids by slug, of the organisations with entries, per version. */
  private readonly slugs = new WeakMap<FacetIndex, Map<string, number>>();

  /** `termCost`: TERM_COST_IN_ROWIDS; a test sets it to 0 to take every beginning apart. */
  constructor(
    private readonly ds: DataSource,
    private readonly termCost = TERM_COST_IN_ROWIDS,
  ) {
    this.postgresTerms = isPostgresDb(ds) ? new PostgresTerms(ds) : null;
  }

  /**
   * The index of the database's current version, built when that version is new. `known` is the
   * version this request has already read (the page cache's stamp): no second read then.
   */
  async current(known?: number): Promise<FacetIndex> {
    const version = known ?? (await this.readVersion());
    if (this.index && this.index.version >= version) return this.index;
    if (!this.building || this.building.version < version) {
      const promise = this.build(version).then((built) => {
        if (!this.index || this.index.version < built.version) {
          this.index = built;
          this.wordCache.clear();
          this.rareCache.clear();
          this.warmFrequentTerms(built);
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

  private async readVersion(): Promise<number> {
    const [state] = await q<{ version: unknown }>(
      this.ds,
      'SELECT version FROM register_state WHERE id = 1',
    );
    return Number(state?.version ?? 0);
  }

  /**
   * How many notices of rejected advice are public, for one organisation or in all; they change
   * with the version (publishAdvice bumps it), so they are counted once per version.
   */
  async adviceCount(organisationId?: number, known?: number): Promise<number> {
    const counts = this.advice.get(await this.current(known))!;
    if (organisationId !== undefined) return counts.get(organisationId) ?? 0;
    let total = 0;
    for (const n of counts.values()) total += n;
    return total;
  }

  /**
   * The id of the organisation with this slug, when it has entries in the current version;
   * undefined otherwise (an organisation without entries, or none by that name), for the caller
   * to ask the database. Saves a filtered search its one query (a slug never changes).
   */
  async organisationWithEntries(slug: string, known?: number): Promise<number | undefined> {
    const index = await this.current(known);
    let bySlug = this.slugs.get(index);
    if (!bySlug) {
      bySlug = new Map(index.organisations.slice(1).map((o) => [o.slug, o.id]));
      this.slugs.set(index, bySlug);
    }
    return bySlug.get(slug);
  }

  /**
   * Waits for PostgreSQL's lexemes of the current version to be read; true when its searches
   * then use them (register-postgres-terms.ts), false on SQLite, which has no such list.
   */
  async termsRead(): Promise<boolean> {
    const index = await this.current();
    if (!this.postgresTerms) return false;
    await this.postgresTerms.settled();
    return this.postgresTerms.covers(index);
  }

  async search(
    tokens: string[],
    filters: IndexFilters,
    sort: Exclude<IndexSort, Bits[]> | 'relevance',
    offset: number,
    limit: number,
    known?: number,
  ): Promise<IndexResult> {
    const index = await this.current(known);
    const words: Bits[] = [];
    for (const token of tokens) words.push(await this.wordBits(index, token));
    // One word's bitset as it is kept (countMatches does not change it); several words' AND in a copy.
    let match: Bits | null = words[0] ?? null;
    if (words.length > 1) {
      match = words[0].slice();
      for (const bits of words.slice(1)) for (let w = 0; w < match.length; w++) match[w] &= bits[w];
    }
    // Relevance: the matches whose name holds the words first (register-name-index.ts).
    const order =
      sort !== 'relevance' ? sort : tokens.length ? this.names.get(index)!.ranked(tokens) : 'name';
    return countMatches(index, match, filters, order, offset, limit);
  }

  /** The entries whose text has a word beginning with `token`. */
  private async wordBits(index: FacetIndex, token: string): Promise<Bits> {
    const cached = this.wordCache.get(token);
    if (cached) return cached;
    const vocabulary = this.vocabularies.get(index);
    if (vocabulary && /^[a-z0-9]+$/.test(token)) {
      const bits = this.termBits(index, vocabulary, token);
      if (bits) return bits;
    }
    const kept = this.keptRare(index, token);
    if (kept) return kept;
    const terms = this.postgresTerms?.covers(index) ? this.postgresTerms : null;
    const { bits, count } =
      (await terms?.bits(index, token)) ?? index.bits(await this.lookUp(token));
    if (count >= CACHE_MIN_MATCHES) this.keep(index, token, bits);
    else this.keepRare(index, token, bits, count);
    return bits;
  }

  /**
   * SQLite: a word beginning as the union of the terms it begins. Reading a frequent term's
   * entries from FTS5 costs about 0.1 µs an entry (10 ms for a word in every one of 100,000
   * entries), so each frequent term is read once, exactly, and kept as a bitset; every beginning
   * of it ("afval", "afv") is then a few ORs of kept bitsets, plus one query for the rare terms.
   * Null when its rare terms would cost more than reading the whole prefix: then it is looked up as
   * a prefix.
   */
  private termBits(index: FacetIndex, vocabulary: Vocabulary, token: string): Bits | null {
    const { terms, docs } = vocabulary;
    const lo = lowerBound(terms, token);
    const frequent: string[] = [];
    const rare: string[] = [];
    const many = frequentFrom(index.size);
    let rowids = 0;
    for (let i = lo; i < terms.length && terms[i].startsWith(token); i++) {
      rowids += docs[i];
      if (docs[i] >= many) frequent.push(terms[i]);
      else rare.push(terms[i]);
    }
    if (rare.length * this.termCost > rowids) return null;
    // The word begins exactly one term, a frequent one (most searched words): its kept bitset.
    const only =
      rare.length === 0 && frequent.length === 1 && this.wordCache.get(`=${frequent[0]}`);
    if (only) return only;
    const words = this.sqliteWord ?? this.prepareSqlite();
    const rareKey = `~${token}`;
    let bits = rare.length ? this.keptRare(index, rareKey) : new Uint32Array(index.words);
    let rareCount = 0;
    if (!bits) {
      ({ bits, count: rareCount } = index.bits(words(rare.map((t) => `"${t}"`).join(' OR '))));
      if (rareCount < CACHE_MIN_MATCHES) this.keepRare(index, rareKey, bits, rareCount);
    }
    for (const term of frequent) {
      const key = `=${term}`;
      let termBits = this.wordCache.get(key);
      if (!termBits) {
        termBits = index.bits(words(`"${term}"`)).bits;
        this.keep(index, key, termBits);
      }
      for (let w = 0; w < bits.length; w++) bits[w] |= termBits[w];
    }
    // Many rare terms together ("de": 20 ms at 100,000 entries) are read once, like a frequent one;
    // so is the union of several frequent terms: "risico" begins 31 of them in the benchmark's
    // 100,000 entries, 390 KB of bitsets to OR on every search for it, where the union is 12.5 KB.
    if (rareCount >= CACHE_MIN_MATCHES || frequent.length > 1) this.keep(index, token, bits);
    return bits;
  }

  /**
   * SQLite: reads the frequent terms' entries into the cache ahead of the searches, the most
   * frequent first, one term a turn of the event loop, so that requests go on between them. Left
   * to the searches, the first quarter of a minute after a start or a publication found most words
   * unread: at 100,000 entries, uncached searches went from 90 a second to 580 over 15 s. Reading
   * all 1,451 frequent terms there takes about 2 s. Stops when a newer version replaces the
   * index, when the database closes, or when the kept terms fill WARM_MAX_BYTES of the cache.
   */
  private warmFrequentTerms(index: FacetIndex): void {
    const vocabulary = this.vocabularies.get(index);
    if (!vocabulary) return;
    const many = frequentFrom(index.size);
    const frequent: number[] = [];
    for (let i = 0; i < vocabulary.terms.length; i++)
      if (vocabulary.docs[i] >= many) frequent.push(i);
    frequent.sort((a, b) => vocabulary.docs[b] - vocabulary.docs[a]);
    const budget = Math.floor(WARM_MAX_BYTES / (index.words * 4));
    let next = 0;
    const step = () => {
      if (
        this.index !== index ||
        !this.ds.isInitialized ||
        next >= Math.min(frequent.length, budget)
      )
        return;
      const term = vocabulary.terms[frequent[next++]];
      try {
        const key = `=${term}`;
        if (!this.wordCache.has(key)) {
          const words = this.sqliteWord ?? this.prepareSqlite();
          this.keep(index, key, index.bits(words(`"${term}"`)).bits);
        }
      } catch {
        return; // The database closed meanwhile (a test's app, a shutdown): nothing to warm.
      }
      setImmediate(step);
    };
    setImmediate(step);
  }

  private keep(index: FacetIndex, key: string, bits: Bits): void {
    if (this.index === index) this.wordCache.set(key, bits);
  }

  /** A word's few matches as a new bitset, when they are kept. */
  private keptRare(index: FacetIndex, key: string): Bits | null {
    const positions = this.rareCache.get(key);
    if (!positions || this.index !== index) return null;
    const bits = new Uint32Array(index.words);
    for (const p of positions) bits[p >>> 5] |= 1 << (p & 31);
    return bits;
  }

  private keepRare(index: FacetIndex, key: string, bits: Bits, count: number): void {
    if (this.index !== index) return;
    const positions = new Int32Array(count);
    let k = 0;
    for (let w = 0; w < bits.length && k < count; w++) {
      let m = bits[w];
      while (m) {
        const low = m & -m;
        m ^= low;
        positions[k++] = (w << 5) | (31 - Math.clz32(low));
      }
    }
    this.rareCache.set(key, positions);
  }

  private async lookUp(token: string): Promise<Iterable<number>> {
    if (isPostgresDb(this.ds)) {
      // The index holds Dutch stems: a whole word matches through its stem ("vergunningen"),
      // the beginning of a word through the simple prefix ("parkeer" in "parkeervergunn").
      const rows = await q<{ algorithm_id: unknown }>(
        this.ds,
        `SELECT algorithm_id FROM register_search_vectors
          WHERE search_vector @@ (to_tsquery('dutch', ?) || to_tsquery('simple', ?))`,
        [`${token}:*`, `${token}:*`],
      );
      return rows.map((r) => Number(r.algorithm_id));
    }
    return (this.sqliteWord ?? this.prepareSqlite())(`"${token}"*`);
  }

  private sqliteConnection(): SqliteConnection {
    return (this.ds.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
  }

  private prepareSqlite(): (match: string) => number[] {
    // better-sqlite3 is synchronous; a plucked statement hands over bare rowids, no objects.
    const statement = this.sqliteConnection()
      .prepare('SELECT rowid FROM register_search WHERE register_search MATCH ?')
      .pluck();
    // all() is about twice as fast as iterate() for 100,000 rows.
    const words = (match: string) => statement.all(match) as number[];
    this.sqliteWord = words;
    return words;
  }

  /** Every term of SQLite's full-text index with its number of entries, in term order. */
  private readVocabulary(): Vocabulary {
    const db = this.sqliteConnection();
    // A view of the index's terms for this connection only (TEMP): nothing is written.
    db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.register_search_terms USING fts5vocab(main, 'register_search', 'row')",
    );
    const rows = db.prepare('SELECT term, doc FROM temp.register_search_terms').raw().all() as [
      string,
      number,
    ][];
    return { terms: rows.map((r) => r[0]), docs: Uint32Array.from(rows, (r) => r[1]) };
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
    const names: string[] = new Array<string>(index.size).fill('');
    const publicationIds = new Int32Array(index.size);
    let after = -1;
    for (;;) {
      const rows = await q<Record<string, unknown>>(
        this.ds,
        `SELECT algorithm_id, publication_id, name, organisation_id, organisation_name,
                organisation_slug, status, publication_category, risk_class, assessment_outcome
           FROM register_entries WHERE algorithm_id > ? ORDER BY algorithm_id LIMIT ?`,
        [after, BATCH],
      );
      if (!rows.length) break;
      const last = Number(rows[rows.length - 1].algorithm_id);
      for (const row of rows) {
        const p = index.position(Number(row.algorithm_id));
        if (p < 0) continue;
        names[p] = String(row.name);
        publicationIds[p] = Number(row.publication_id);
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
    this.names.set(index, new RegisterNameIndex(names, index.words));
    index.cards = await KeptCards.of(this.ds, index, publicationIds, this.index?.cards);
    const advice = await q<{ organisation_id: unknown; n: unknown }>(
      this.ds,
      'SELECT organisation_id, COUNT(*) AS n FROM register_advice GROUP BY organisation_id',
    );
    this.advice.set(index, new Map(advice.map((r) => [Number(r.organisation_id), Number(r.n)])));
    if (!isPostgresDb(this.ds)) this.vocabularies.set(index, this.readVocabulary());
    else if (this.postgresTerms) {
      // The first, full read of the lexemes goes on behind the first searches (GIN answers
      // them); after it, a build waits for its few changed entries.
      const update = this.postgresTerms.update(index, publicationIds);
      if (this.postgresTerms.ready) await update;
    }
    return index;
  }
}

/** A term in at least this many entries is read once and kept as a bitset (termBits). */
function frequentFrom(size: number): number {
  return Math.min(CACHE_MIN_MATCHES, Math.max(1, size >> 4));
}

interface SqliteConnection {
  prepare(sql: string): {
    pluck(): { all(...p: unknown[]): unknown[] };
    raw(): { all(...p: unknown[]): unknown[] };
  };
  exec(sql: string): void;
}
