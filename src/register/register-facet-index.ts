/**
 * The register's facet index in memory: per published entry the few small values the filters and
 * facets use, packed in typed arrays (about 20 bytes an entry, 2 MB at 100,000 entries), plus the
 * three sort orders, and the one pass that filters a set of matching entries, counts every facet
 * and picks a page. RegisterSearchIndex (register-search-index.ts) builds it from the read model
 * and finds the entries that match the words of a search.
 */

import { lastWordBits, tallyEntries, valueCounts } from './register-facet-tally';
import type { KeptCards } from './register-cards';
import type { Row } from './register-rows';

export type Bits = Uint32Array;

export interface IndexFilters {
  organisationId?: number;
  status?: string;
  category?: string;
  theme?: string;
  risk?: string;
  outcome?: string;
}

/**
 * One of the three kept orders, or a search's best matches as disjoint groups, most relevant
 * first, each listed by name (the rest of the matches follow them by name).
 */
export type IndexSort = 'name' | 'changed' | 'organisation' | Bits[];

export interface OrganisationRef {
  id: number;
  name: string;
  slug: string;
}

/** An entry's facet values as its row has them: what its result card shows of them. */
export interface EntryFacets {
  organisation: OrganisationRef;
  status: string;
  publicationCategory: string | null;
  assessmentOutcome: string;
}

export interface IndexResult {
  total: number;
  /** The algorithm ids of the requested page, in order. */
  ids: number[];
  /** The facet values of an entry of this version (FacetIndex.facetsOf). */
  facetsOf(id: number): EntryFacets | null;
  /** An entry's card row kept in memory (register-cards.ts); null when the page must read it. */
  cardRow(id: number): Row | null;
  counts: {
    organisation: { organisation: OrganisationRef; count: number }[];
    status: { value: string; count: number }[];
    category: { value: string; count: number }[];
    risk: { value: string; count: number }[];
    outcome: { value: string; count: number }[];
    theme: { value: string; count: number }[];
  };
}

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

export class FacetIndex {
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
  /** The entries' cards, set by the build once read. */
  cards: KeptCards | null = null;
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

  /**
   * The facet values of the entry with this id, as the build read them from its row; null when it
   * is not in this version. A page of result cards takes them from here rather than read six more
   * columns of each row (about a quarter of the rows' cost).
   */
  facetsOf(id: number): EntryFacets | null {
    const p = this.position(id);
    if (p < 0) return null;
    const { dict } = this;
    return {
      organisation: this.organisations[this.organisation[p]],
      status: String(dict.status.values[this.status[p]]),
      publicationCategory: dict.category.values[this.category[p]],
      assessmentOutcome: String(dict.outcome.values[this.outcome[p]]),
    };
  }

  private readonly ranks = new Map<Int32Array, Int32Array>();

  /** Where each position stands in one of the kept orders (made once per order and version). */
  rankIn(order: Int32Array): Int32Array {
    let rank = this.ranks.get(order);
    if (!rank) {
      // -1 for a position the order lacks; from the end, so that one listed twice keeps its first.
      rank = new Int32Array(this.size).fill(-1);
      for (let k = order.length - 1; k >= 0; k--) rank[order[k]] = k;
      this.ranks.set(order, rank);
    }
    return rank;
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

/** The number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export type SingleValued = 'status' | 'category' | 'risk' | 'outcome';

/**
 * The page in name order of the matches in each group, the groups one after another, then of the
 * matches in none. Whole words of matches before the page are skipped by their count.
 */
function pageByGroups(
  index: FacetIndex,
  result: Bits,
  groups: Bits[],
  offset: number,
  limit: number,
): number[] {
  const ids: number[] = [];
  let skip = offset;
  const take = (w: number, m: number) => {
    const n = popcount(m);
    if (skip >= n) {
      skip -= n;
      return;
    }
    while (m && ids.length < limit) {
      const low = m & -m;
      m ^= low;
      if (skip > 0) skip--;
      else ids.push(index.ids[(w << 5) | (31 - Math.clz32(low))]);
    }
  };
  for (const group of groups)
    for (let w = 0; w < index.words && ids.length < limit; w++) {
      const m = result[w] & group[w];
      if (m) take(w, m);
    }
  for (let w = 0; w < index.words && ids.length < limit; w++) {
    let m = result[w];
    for (const group of groups) m &= ~group[w];
    if (m) take(w, m);
  }
  return ids;
}

/** The page of a few matches in a kept order: their places in it, sorted. */
function pageByRank(
  index: FacetIndex,
  result: Bits,
  total: number,
  order: Int32Array,
  offset: number,
  limit: number,
): number[] {
  const rank = index.rankIn(order);
  const places = new Int32Array(total);
  let n = 0;
  for (let w = 0; w < result.length; w++) {
    let m = result[w];
    while (m) {
      const low = m & -m;
      m ^= low;
      const k = rank[(w << 5) | (31 - Math.clz32(low))];
      if (k >= 0) places[n++] = k;
    }
  }
  // Numbers sort as numbers in a typed array.
  const page = places
    .subarray(0, n)
    .sort()
    .subarray(offset, offset + limit);
  return Array.from(page, (k) => index.ids[order[k]]);
}

/**
 * Per facet value, the entries that have it, as a bitset: made once per index version (a pass
 * over the entries; about 40 values, 12.5 KB each at 100,000 entries), so that a filter is an AND
 * of words instead of a look at every matching entry.
 */
const valueBitsOf = new WeakMap<FacetIndex, ValueBits>();

type ValueBits = Record<SingleValued | 'theme', Bits[]> & {
  /** The number of entries with each value, in the same places. */
  totals: Record<SingleValued | 'theme', number[]>;
  /** The number of entries of each organisation (index.organisations). */
  organisations: Int32Array;
};

function valueBits(index: FacetIndex): ValueBits {
  const kept = valueBitsOf.get(index);
  if (kept) return kept;
  const make = (d: Dictionary) => d.values.map(() => new Uint32Array(index.words));
  const found = {
    status: make(index.dict.status),
    category: make(index.dict.category),
    risk: make(index.dict.risk),
    outcome: make(index.dict.outcome),
    theme: make(index.dict.theme),
  };
  for (let p = 0; p < index.size; p++) {
    const w = p >>> 5;
    const bit = 1 << (p & 31);
    for (const key of ['status', 'category', 'risk', 'outcome'] as const)
      found[key][index[key][p]][w] |= bit;
    for (let k = index.themeStart[p]; k < index.themeStart[p + 1]; k++)
      found.theme[index.themeIds[k]][w] |= bit;
  }
  const totals = (list: Bits[]) => list.map((bits) => bits.reduce((n, w) => n + popcount(w), 0));
  const withTotals: ValueBits = {
    ...found,
    totals: {
      status: totals(found.status),
      category: totals(found.category),
      risk: totals(found.risk),
      outcome: totals(found.outcome),
      theme: totals(found.theme),
    },
    organisations: new Int32Array(index.organisations.length),
  };
  for (let p = 0; p < index.size; p++) withTotals.organisations[index.organisation[p]]++;
  valueBitsOf.set(index, withTotals);
  return withTotals;
}

/**
 * One organisation's entries as a bitset, made on its first filtered search per index version (a
 * pass over the entries) and kept for the next: taking the other organisations' entries out of
 * the matches one by one cost up to half a millisecond at 100,000 entries (an organisation's page
 * matches them all), an AND of bitsets a few microseconds. An organisation can be under several
 * numbers (its name as different publications carry it). At most ORGANISATIONS_KEPT are kept per
 * version, 12.5 KB each at 100,000 entries.
 */
const organisationBitsOf = new WeakMap<FacetIndex, Map<number, Bits>>();
const ORGANISATIONS_KEPT = 64;

function organisationBits(index: FacetIndex, organisationId: number): Bits {
  let kept = organisationBitsOf.get(index);
  if (!kept) organisationBitsOf.set(index, (kept = new Map()));
  let bits = kept.get(organisationId);
  if (bits) return bits;
  const ours = Uint8Array.from(index.organisations, (o) => (o.id === organisationId ? 1 : 0));
  bits = new Uint32Array(index.words);
  for (let p = 0; p < index.size; p++)
    if (ours[index.organisation[p]]) bits[p >>> 5] |= 1 << (p & 31);
  if (kept.size >= ORGANISATIONS_KEPT) kept.clear();
  kept.set(organisationId, bits);
  return bits;
}

/**
 * Filters the matching entries, counts every facet and takes the page in the requested order.
 * Filters are ANDs of bitsets (valueBits, organisationBits). Every facet is counted entry by
 * entry in one pass (register-facet-tally.ts): over the matching entries, or, when more than half
 * match and no organisation is chosen, over the entries that do not, whose counts are taken from
 * the totals. `match` is left as it is (it may be a word's kept bitset).
 */
export function countMatches(
  index: FacetIndex,
  match: Bits | null,
  filters: IndexFilters,
  sort: IndexSort,
  offset: number,
  limit: number,
): IndexResult {
  const { dict } = index;
  const bits = valueBits(index);
  const lastWord = lastWordBits(index.size);
  const result = match ? match.slice() : new Uint32Array(index.words).fill(0xffffffff);
  if (!match && index.words) result[index.words - 1] = lastWord;
  const and = (only: Bits) => {
    for (let w = 0; w < result.length; w++) result[w] &= only[w];
  };
  for (const key of ['status', 'category', 'risk', 'outcome', 'theme'] as const) {
    const wanted = dict[key].find(filters[key]);
    // A value no entry has (-2) matches nothing.
    if (wanted === -2) result.fill(0);
    else if (wanted >= 0) and(bits[key][wanted]);
  }
  if (filters.organisationId !== undefined) and(organisationBits(index, filters.organisationId));
  let total = 0;
  for (let w = 0; w < result.length; w++) total += popcount(result[w]);
  // Most entries match: the totals less the entries that do not.
  const complement = filters.organisationId === undefined && total > index.size / 2;
  const tally = tallyEntries(index, result, complement);
  if (!complement) total = tally.visited;
  const perValue = valueCounts(index, tally);
  const counted = (key: SingleValued | 'theme') =>
    dict[key].values.flatMap((value, n) => {
      if (value === null) return [];
      const count = complement ? bits.totals[key][n] - perValue[key][n] : perValue[key][n];
      return count > 0 ? [{ value, count }] : [];
    });
  const orgCount = complement
    ? bits.organisations.map((n, o) => n - perValue.organisation[o])
    : perValue.organisation;
  const counts = {
    organisation: index.organisations.flatMap((organisation, n) =>
      n > 0 && orgCount[n] > 0 ? [{ organisation, count: orgCount[n] }] : [],
    ),
    status: counted('status'),
    category: counted('category'),
    risk: counted('risk'),
    outcome: counted('outcome'),
    theme: counted('theme'),
  };

  let ids: number[] = [];
  if (sort === 'name' || typeof sort === 'object') {
    ids = pageByGroups(index, result, sort === 'name' ? [] : sort, offset, limit);
  } else {
    const order = sort === 'changed' ? index.byChanged : index.byOrganisation;
    // Walking the order finds the page after about (offset + limit) * size / total entries, all
    // 100,000 for a rare word; then the matches' places in the order, sorted, cost less.
    if (total && ((offset + limit) * index.size) / total > index.words + 4 * total) {
      ids = pageByRank(index, result, total, order, offset, limit);
    } else {
      const has = (p: number) => (result[p >>> 5] & (1 << (p & 31))) !== 0;
      let seen = 0;
      for (let k = 0; k < order.length && ids.length < limit; k++) {
        const p = order[k];
        if (has(p) && seen++ >= offset) ids.push(index.ids[p]);
      }
    }
  }

  return {
    total,
    ids,
    counts,
    facetsOf: (id) => index.facetsOf(id),
    cardRow: (id) => index.cards?.row(id) ?? null,
  };
}
