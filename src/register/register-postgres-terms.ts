import { DataSource } from 'typeorm';
import { q } from '../database/sql';
import { popcount } from './register-facet-index';
import type { FacetIndex } from './register-facet-index';

/**
 * PostgreSQL: every lexeme of the register's search vectors in memory, with the entries it is in.
 *
 * GIN tells which rows hold a lexeme, but each of those rows is then read from the table for its
 * id: about 20 µs a row at 100,000 entries, so 30 ms for a word in 1,600 entries and 440 ms for
 * one in all of them, for every word no search asked before. Here the lexemes are read once per
 * process (one pass, about 7 million pairs and 30 MB at 100,000 entries), and after that only
 * the entries whose text changed: an entry's search text comes from its publication and its
 * organisation's name (register-projection.ts), so an entry is read again when its publication
 * id or its organisation's name differs from what was read.
 *
 * A search word is matched as PostgreSQL's query `word:*` in the Dutch and the simple
 * configurations would match it: the entries with a lexeme that begins with its Dutch stem or
 * with the word itself. The stems come from PostgreSQL, so the dictionary stays its own.
 */

const BATCH = 5000;
/** Entries read again since the full read, before the lexemes are all read again. */
const MAX_CHANGED = 5000;
const MAX_STEMS = 20_000;

/** A lexeme's entries (algorithm ids); `n` of `ids` are used while it is being read. */
interface Postings {
  ids: Int32Array;
  n: number;
}

export class PostgresTerms {
  /** The lexemes of the full read, sorted, with their entries. */
  private words: string[] = [];
  private postings = new Map<string, Postings>();
  /** Entries read again after the full read: their lexemes now. They overrule `postings`. */
  private readonly changed = new Map<number, string[]>();
  /** Per entry, the publication id its lexemes were read with. */
  private publications = new Map<number, number>();
  private readonly organisationNames = new Map<number, string>();
  private readonly stems = new Map<string, string[] | null>();
  private loaded = false;
  private applied = -1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ds: DataSource) {}

  /**
   * Brings the lexemes up to a newly built index: all of them the first time, afterwards those of
   * the entries whose publication or organisation name changed. `publicationIds` is by position.
   * Updates run one after another, and an index older than the last one applied changes nothing.
   */
  update(index: FacetIndex, publicationIds: Int32Array): Promise<void> {
    // A failed read leaves the lexemes behind the index, so searches go to GIN until a later
    // update succeeds; nothing is half applied that a search would trust.
    const next = this.queue.then(() => this.apply(index, publicationIds)).catch(() => undefined);
    this.queue = next;
    return next;
  }

  /** Resolves when every update asked for so far is done (or has failed). */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** True when the lexemes are read and up to date for this index (or a newer one). */
  covers(index: FacetIndex): boolean {
    return this.loaded && this.applied >= index.version;
  }

  /**
   * The entries (as bits of `index`) with a lexeme beginning with the token's Dutch stem or with
   * the token; null when the token's query is more than one lexeme (then GIN answers it).
   */
  async bits(
    index: FacetIndex,
    token: string,
  ): Promise<{ bits: Uint32Array; count: number } | null> {
    const prefixes = await this.prefixes(token);
    if (!prefixes) return null;
    const bits = new Uint32Array(index.words);
    const set = (id: number) => {
      const p = index.position(id);
      if (p >= 0) bits[p >>> 5] |= 1 << (p & 31);
    };
    for (const prefix of prefixes) {
      for (let i = lowerBound(this.words, prefix); i < this.words.length; i++) {
        const word = this.words[i];
        if (!word.startsWith(prefix)) break;
        const { ids, n } = this.postings.get(word)!;
        for (let k = 0; k < n; k++) if (!this.changed.has(ids[k])) set(ids[k]);
      }
    }
    for (const [id, lexemes] of this.changed)
      if (lexemes.some((l) => prefixes.some((prefix) => l.startsWith(prefix)))) set(id);
    let count = 0;
    for (const word of bits) count += popcount(word);
    return { bits, count };
  }

  /** True once the lexemes have been read in full. */
  get ready(): boolean {
    return this.loaded;
  }

  private async apply(index: FacetIndex, publicationIds: Int32Array): Promise<void> {
    if (index.version <= this.applied) return;
    if (!this.loaded || this.changed.size > MAX_CHANGED) await this.readAll();
    else {
      const renamed = new Set<number>();
      for (const organisation of index.organisations.slice(1))
        if (this.organisationNames.get(organisation.id) !== organisation.name)
          renamed.add(organisation.id);
      const stale: number[] = [];
      for (let p = 0; p < index.size; p++) {
        const id = index.ids[p];
        if (
          this.publications.get(id) !== publicationIds[p] ||
          renamed.has(index.organisations[index.organisation[p]].id)
        )
          stale.push(id);
      }
      for (let i = 0; i < stale.length; i += BATCH) {
        const rows = await q<Record<string, unknown>>(
          this.ds,
          `SELECT e.algorithm_id, e.publication_id,
                  array_to_string(tsvector_to_array(v.search_vector), ' ') AS lexemes
             FROM register_entries e JOIN register_search_vectors v USING (algorithm_id)
            WHERE e.algorithm_id = ANY(?)`,
          [stale.slice(i, i + BATCH)],
        );
        for (const row of rows) {
          const id = Number(row.algorithm_id);
          this.changed.set(id, lexemesOf(row.lexemes));
          this.publications.set(id, Number(row.publication_id));
        }
      }
    }
    for (const organisation of index.organisations.slice(1))
      this.organisationNames.set(organisation.id, organisation.name);
    this.applied = index.version;
  }

  /** Every entry's lexemes, in batches; what was read before is dropped when this is done. */
  private async readAll(): Promise<void> {
    const postings = new Map<string, Postings>();
    const publications = new Map<number, number>();
    let after = -1;
    for (;;) {
      const rows = await q<Record<string, unknown>>(
        this.ds,
        `SELECT e.algorithm_id, e.publication_id,
                array_to_string(tsvector_to_array(v.search_vector), ' ') AS lexemes
           FROM register_entries e JOIN register_search_vectors v USING (algorithm_id)
          WHERE e.algorithm_id > ? ORDER BY e.algorithm_id LIMIT ?`,
        [after, BATCH],
      );
      if (!rows.length) break;
      for (const row of rows) {
        const id = Number(row.algorithm_id);
        publications.set(id, Number(row.publication_id));
        for (const lexeme of lexemesOf(row.lexemes)) {
          let entry = postings.get(lexeme);
          if (!entry) postings.set(lexeme, (entry = { ids: new Int32Array(4), n: 0 }));
          if (entry.n === entry.ids.length) {
            const grown = new Int32Array(entry.n * 2);
            grown.set(entry.ids);
            entry.ids = grown;
          }
          entry.ids[entry.n++] = id;
        }
      }
      after = Number(rows[rows.length - 1].algorithm_id);
    }
    for (const entry of postings.values()) entry.ids = entry.ids.slice(0, entry.n);
    this.postings = postings;
    this.words = [...postings.keys()].sort();
    this.publications = publications;
    this.changed.clear();
    this.loaded = true;
  }

  /** The lexeme beginnings PostgreSQL's `token:*` stands for, in both configurations. */
  private async prefixes(token: string): Promise<string[] | null> {
    let prefixes = this.stems.get(token);
    if (prefixes === undefined) {
      const [row] = await q<{ dutch: unknown; simple: unknown }>(
        this.ds,
        "SELECT to_tsquery('dutch', ?)::text AS dutch, to_tsquery('simple', ?)::text AS simple",
        [`${token}:*`, `${token}:*`],
      );
      const dutch = singlePrefix(String(row?.dutch ?? ''));
      const simple = singlePrefix(String(row?.simple ?? ''));
      prefixes =
        dutch === null || simple === null ? null : [...new Set([dutch, simple].filter(Boolean))];
      if (this.stems.size >= MAX_STEMS) this.stems.clear();
      this.stems.set(token, prefixes);
    }
    return prefixes;
  }
}

/** `'stem':*` → stem; '' for an empty query (a stop word); null for anything else. */
function singlePrefix(query: string): string | null {
  if (query === '') return '';
  const m = /^'((?:[^']|'')*)':\*$/.exec(query);
  return m ? m[1].replace(/''/g, "'") : null;
}

function lexemesOf(value: unknown): string[] {
  return typeof value === 'string' && value ? value.split(' ') : [];
}

/** The first place in a sorted list whose item is not before `key`. */
export function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
