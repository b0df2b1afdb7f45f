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

/**
 * One pass over the matching entries: applies the filters, counts every facet and keeps the
 * result as a bitset, from which the page is taken in the requested order.
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
