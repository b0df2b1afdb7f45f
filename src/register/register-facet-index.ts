/**
 * The register's facet index in memory: per published entry the few small values the filters and
 * facets use, packed in typed arrays (about 20 bytes an entry, 2 MB at 100,000 entries), plus the
 * three sort orders, and the one pass that filters a set of matching entries, counts every facet
 * and picks a page. RegisterSearchIndex (register-search-index.ts) builds it from the read model
 * and finds the entries that match the words of a search.
 */

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
 * One of the three kept orders, or the positions of a search's best matches, most relevant first
 * (the rest of the matches follow them by name).
 */
export type IndexSort = 'name' | 'changed' | 'organisation' | Int32Array;

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

/** The bits of a bitset's last word that stand for entries. */
function lastWordBits(size: number): number {
  return size & 31 ? 2 ** (size & 31) - 1 : 0xffffffff;
}

/** How many entries both bitsets hold. */
function countBoth(a: Bits, b: Bits): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(a[w] & b[w]);
  return n;
}

type SingleValued = 'status' | 'category' | 'risk' | 'outcome';

type Tallies = Record<SingleValued | 'theme', Int32Array>;

/**
 * How many entries have each value of every facet but the organisation, among the entries in
 * `result`, or (complement) among those not in it.
 */
function tallyEntries(index: FacetIndex, result: Bits, complement: boolean): Tallies {
  const zeros = (key: SingleValued | 'theme') => new Int32Array(index.dict[key].values.length);
  const tally = {
    status: zeros('status'),
    category: zeros('category'),
    risk: zeros('risk'),
    outcome: zeros('outcome'),
    theme: zeros('theme'),
  };
  const { status, category, risk, outcome, theme } = tally;
  const last = result.length - 1;
  const lastWord = lastWordBits(index.size);
  for (let w = 0; w <= last; w++) {
    let m = complement ? ~result[w] & (w === last ? lastWord : 0xffffffff) : result[w];
    while (m) {
      const low = m & -m;
      m ^= low;
      const p = (w << 5) | (31 - Math.clz32(low));
      status[index.status[p]]++;
      category[index.category[p]]++;
      risk[index.risk[p]]++;
      outcome[index.outcome[p]]++;
      for (let k = index.themeStart[p]; k < index.themeStart[p + 1]; k++)
        theme[index.themeIds[k]]++;
    }
  }
  return tally;
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
 * of words and a count is a population count, instead of a look at every matching entry.
 */
const valueBitsOf = new WeakMap<FacetIndex, ValueBits>();

type ValueBits = Record<SingleValued | 'theme', Bits[]> & {
  /** The number of entries with each value, in the same places. */
  totals: Record<SingleValued | 'theme', number[]>;
  /** The number of entries of each organisation (index.organisations). */
  organisations: Float64Array;
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
    organisations: new Float64Array(index.organisations.length),
  };
  for (let p = 0; p < index.size; p++) withTotals.organisations[index.organisation[p]]++;
  valueBitsOf.set(index, withTotals);
  return withTotals;
}

/**
 * Filters the matching entries, counts every facet and takes the page in the requested order.
 * Filters are ANDs of bitsets (valueBits). The organisations, which can be hundreds, are counted
 * entry by entry: the matching entries, or, when more than half match and no organisation is
 * chosen, the entries that do not. The other facets are counted the same way when that visits at
 * most an eighth of the entries (tallyEntries), and otherwise by population counts of each value's
 * bitset, 3,125 words at 100,000 entries.
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
  const keep = (only: Bits) => {
    for (let w = 0; w < result.length; w++) result[w] &= only[w];
  };
  for (const key of ['status', 'category', 'risk', 'outcome', 'theme'] as const) {
    const wanted = dict[key].find(filters[key]);
    // A value no entry has (-2) matches nothing.
    if (wanted === -2) result.fill(0);
    else if (wanted >= 0) keep(bits[key][wanted]);
  }
  let orgCount: Float64Array;
  let total = 0;
  for (let w = 0; w < result.length; w++) total += popcount(result[w]);
  const complement = filters.organisationId === undefined && total > index.size / 2;
  if (complement) {
    // Most entries match: the totals less the entries that do not.
    orgCount = bits.organisations.slice();
    for (let w = 0; w < index.words; w++) {
      let m = ~result[w] & (w === index.words - 1 ? lastWord : 0xffffffff);
      while (m) {
        const low = m & -m;
        m ^= low;
        const p = (w << 5) | (31 - Math.clz32(low));
        orgCount[index.organisation[p]]--;
      }
    }
  } else {
    // Entry by entry, leaving out those of other organisations when one is chosen.
    orgCount = new Float64Array(index.organisations.length);
    const orgIds = index.organisations.map((o) => o.id);
    total = 0;
    for (let w = 0; w < index.words; w++) {
      let m = result[w];
      while (m) {
        const low = m & -m;
        m ^= low;
        const p = (w << 5) | (31 - Math.clz32(low));
        if (
          filters.organisationId !== undefined &&
          orgIds[index.organisation[p]] !== filters.organisationId
        ) {
          result[w] &= ~low;
          continue;
        }
        orgCount[index.organisation[p]]++;
        total++;
      }
    }
  }
  // Few entries to visit (the matches, or those that do not match): counted one by one, which
  // costs less than a pass over each value's bitset.
  const tally =
    (complement ? index.size - total : total) <= index.size / 8
      ? tallyEntries(index, result, complement)
      : null;
  const counted = (key: SingleValued | 'theme') =>
    dict[key].values.flatMap((value, n) => {
      if (value === null) return [];
      const count = !tally
        ? countBoth(result, bits[key][n])
        : complement
          ? bits.totals[key][n] - tally[key][n]
          : tally[key][n];
      return count > 0 ? [{ value, count }] : [];
    });
  // Counted before the page is taken, which clears the bits of the entries it lists first.
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
  const has = (p: number) => (result[p >>> 5] & (1 << (p & 31))) !== 0;
  let seen = 0;
  if (typeof sort === 'object') {
    for (let k = 0; k < sort.length; k++) {
      const p = sort[k];
      if (p < 0 || !has(p)) continue;
      // Listed once: taken out of the name order that follows.
      result[p >>> 5] &= ~(1 << (p & 31));
      if (ids.length < limit && seen++ >= offset) ids.push(index.ids[p]);
    }
  }
  if (sort === 'name' || typeof sort === 'object') {
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
    // Walking the order finds the page after about (offset + limit) * size / total entries, all
    // 100,000 for a rare word; then the matches' places in the order, sorted, cost less.
    if (total && ((offset + limit) * index.size) / total > index.words + 4 * total) {
      ids = pageByRank(index, result, total, order, offset, limit);
    } else {
      for (let k = 0; k < order.length && ids.length < limit; k++) {
        const p = order[k];
        if (has(p) && seen++ >= offset) ids.push(index.ids[p]);
      }
    }
  }

  return { total, ids, counts };
}
