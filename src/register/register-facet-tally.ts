import type { Bits, FacetIndex, SingleValued } from './register-facet-index';

/**
 * The facet counts of a search, entry by entry. Entries share a few thousand combinations of
 * organisation, status, category, risk and outcome (a profile here; 2,109 in the benchmark's
 * 100,000 entries) and a few hundred sets of themes, so a visit adds one to the entry's profile
 * and theme set, and the count of each value comes from those totals at the end. Counting each
 * value's bitset instead costs a population count of every word for each of about forty values,
 * whatever the number of matches; looking up each facet of each entry cost four more reads and a
 * loop over its themes; and a third counter per entry, for the organisation apart from the
 * profile, made a visit about two fifths slower.
 */
export interface Profiles {
  /** Per position: the entry's profile and theme set. */
  profile: Int32Array;
  themeSet: Int32Array;
  /**
   * Per profile, its organisation (index.organisations) and its value (dictionary number) of each
   * other facet.
   */
  organisation: Uint16Array;
  values: Record<SingleValued, Uint8Array>;
  /** The themes of set s: themes[setStart[s] .. setStart[s + 1]). */
  setStart: Int32Array;
  themes: Uint8Array;
}

export interface Tally {
  /** Per profile and per theme set. */
  profile: Int32Array;
  themeSet: Int32Array;
  /** The entries visited. */
  visited: number;
}

/** The bits of a bitset's last word that stand for entries. */
export function lastWordBits(size: number): number {
  return size & 31 ? 2 ** (size & 31) - 1 : 0xffffffff;
}

const SINGLE: SingleValued[] = ['status', 'category', 'risk', 'outcome'];

/** Made once per index version: a pass over the entries. */
const profilesOf = new WeakMap<FacetIndex, Profiles>();

export function profiles(index: FacetIndex): Profiles {
  const kept = profilesOf.get(index);
  if (kept) return kept;
  const profile = new Int32Array(index.size);
  const themeSet = new Int32Array(index.size);
  const profileIds = new Map<number, number>();
  const organisations: number[] = [];
  const values: Record<SingleValued, number[]> = {
    status: [],
    category: [],
    risk: [],
    outcome: [],
  };
  const setIds = new Map<string, number>();
  const setStart = [0];
  const themes: number[] = [];
  for (let p = 0; p < index.size; p++) {
    // Each value number is under 256 (Uint8Array), an organisation's under 65,536 (Uint16Array):
    // the five make one number of 48 bits, exact in a double.
    const key =
      (((index.organisation[p] * 256 + index.status[p]) * 256 + index.category[p]) * 256 +
        index.risk[p]) *
        256 +
      index.outcome[p];
    let id = profileIds.get(key);
    if (id === undefined) {
      id = profileIds.size;
      profileIds.set(key, id);
      organisations.push(index.organisation[p]);
      for (const facet of SINGLE) values[facet].push(index[facet][p]);
    }
    profile[p] = id;
    const own = index.themeIds.subarray(index.themeStart[p], index.themeStart[p + 1]);
    const setKey = own.join(',');
    let set = setIds.get(setKey);
    if (set === undefined) {
      set = setIds.size;
      setIds.set(setKey, set);
      themes.push(...own);
      setStart.push(themes.length);
    }
    themeSet[p] = set;
  }
  const made: Profiles = {
    profile,
    themeSet,
    organisation: Uint16Array.from(organisations),
    values: {
      status: Uint8Array.from(values.status),
      category: Uint8Array.from(values.category),
      risk: Uint8Array.from(values.risk),
      outcome: Uint8Array.from(values.outcome),
    },
    setStart: Int32Array.from(setStart),
    themes: Uint8Array.from(themes),
  };
  profilesOf.set(index, made);
  return made;
}

/** Visits the entries in `result`, or (complement) those not in it. */
export function tallyEntries(index: FacetIndex, result: Bits, complement: boolean): Tally {
  const made = profiles(index);
  const tally: Tally = {
    // One counter per profile and per theme set.
    profile: new Int32Array(made.values.status.length),
    themeSet: new Int32Array(made.setStart.length - 1),
    visited: 0,
  };
  visit(index, made, result, complement, tally);
  return tally;
}

function visit(
  index: FacetIndex,
  made: Profiles,
  result: Bits,
  complement: boolean,
  tally: Tally,
): void {
  const { profile, themeSet } = tally;
  const profileOf = made.profile;
  const setOf = made.themeSet;
  const last = result.length - 1;
  const lastWord = lastWordBits(index.size);
  let visited = 0;
  for (let w = 0; w <= last; w++) {
    let m = complement ? ~result[w] & (w === last ? lastWord : 0xffffffff) : result[w];
    const base = w << 5;
    while (m !== 0) {
      const p = base | (31 - Math.clz32(m & -m));
      m &= m - 1;
      profile[profileOf[p]]++;
      themeSet[setOf[p]]++;
      visited++;
    }
  }
  tally.visited = visited;
}

/**
 * How many visited entries have each value (dictionary number) of each facet, and each
 * organisation number (index.organisations).
 */
export function valueCounts(
  index: FacetIndex,
  tally: Tally,
): Record<SingleValued | 'theme' | 'organisation', Int32Array> {
  const made = profiles(index);
  const zeros = (key: SingleValued | 'theme') => new Int32Array(index.dict[key].values.length);
  const counts = {
    status: zeros('status'),
    category: zeros('category'),
    risk: zeros('risk'),
    outcome: zeros('outcome'),
    theme: zeros('theme'),
    organisation: new Int32Array(index.organisations.length),
  };
  // Written out per facet: a loop over the facets' names cost a keyed lookup per profile and facet.
  const { status, category, risk, outcome } = made.values;
  for (let id = 0; id < tally.profile.length; id++) {
    const n = tally.profile[id];
    if (n === 0) continue;
    counts.status[status[id]] += n;
    counts.category[category[id]] += n;
    counts.risk[risk[id]] += n;
    counts.outcome[outcome[id]] += n;
    counts.organisation[made.organisation[id]] += n;
  }
  for (let s = 0; s < tally.themeSet.length; s++) {
    const n = tally.themeSet[s];
    if (n)
      for (let k = made.setStart[s]; k < made.setStart[s + 1]; k++)
        counts.theme[made.themes[k]] += n;
  }
  return counts;
}
