import { countMatches, FacetIndex } from './register-facet-index';
import type { IndexFilters } from './register-facet-index';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * An index of `size` entries with random values (ids 1..size in name order), and the same entries
 * as plain objects to count by hand.
 */
function makeIndex(size: number, r: () => number) {
  const index = new FacetIndex(
    1,
    Array.from({ length: size }, (_, p) => p + 1),
  );
  for (let o = 1; o <= 5; o++) {
    index.dict.organisation.number(`org${o}`);
    // Organisation 5 is organisation 1 under another name: one id, two index entries.
    index.organisations.push({ id: o === 5 ? 1 : o, name: `O${o}`, slug: `o${o}` });
  }
  for (const [key, n] of [
    ['status', 3],
    ['category', 3],
    ['risk', 2],
    ['outcome', 3],
    ['theme', 6],
  ] as const)
    for (let v = 0; v < n; v++) index.dict[key].number(`${key}${v}`);
  const pick = (n: number) => 1 + Math.floor(r() * n);
  const entries = [];
  const themeIds: number[] = [];
  for (let p = 0; p < size; p++) {
    index.organisation[p] = pick(5);
    index.status[p] = pick(3);
    index.category[p] = pick(3);
    // Some entries have no risk class (0 stands for none).
    index.risk[p] = Math.floor(r() * 3);
    index.outcome[p] = pick(3);
    index.themeStart[p] = themeIds.length;
    const themes = [...new Set([pick(6), pick(6)])].slice(0, pick(2));
    themeIds.push(...themes);
    index.byChanged[p] = size - 1 - p;
    index.byOrganisation[p] = p;
    entries.push({
      id: p + 1,
      org: index.organisations[index.organisation[p]].id,
      status: index.dict.status.values[index.status[p]],
      category: index.dict.category.values[index.category[p]],
      risk: index.dict.risk.values[index.risk[p]],
      outcome: index.dict.outcome.values[index.outcome[p]],
      themes: themes.map((t) => index.dict.theme.values[t]),
    });
  }
  index.themeStart[size] = themeIds.length;
  index.themeIds = Uint8Array.from(themeIds);
  return { index, entries };
}

describe('the facet index: counting the matches of a search', () => {
  // 1,000 entries: 32 words a bitset, the last one partly used.
  const { index, entries } = makeIndex(1000, random(20261201));

  it.each([0.002, 0.05, 0.3, 0.6, 0.95, 0.998, 1])(
    'counts every facet as the entries say, when a share of %p of them matches',
    (share) => {
      const r = random(Math.round(share * 1000));
      const filterSets: IndexFilters[] = [
        {},
        { organisationId: 1 },
        // A second organisation after the first: each keeps its own entries (organisationBits).
        { organisationId: 2, status: 'status1' },
        { status: 'status1' },
        { theme: 'theme2', risk: 'risk1' },
      ];
      for (const filters of filterSets) {
        const matching = new Set(entries.filter(() => r() < share).map((e) => e.id));
        const { bits } = index.bits(matching);
        const hits = entries.filter(
          (e) =>
            matching.has(e.id) &&
            (filters.organisationId === undefined || e.org === filters.organisationId) &&
            (filters.status === undefined || e.status === filters.status) &&
            (filters.risk === undefined || e.risk === filters.risk) &&
            (filters.theme === undefined || e.themes.includes(filters.theme)),
        );
        const tally = (values: (string | number | null)[]) => {
          const counts: Record<string, number> = {};
          for (const v of values) if (v !== null) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
          return counts;
        };
        const got = countMatches(index, bits, filters, 'changed', 0, 10);
        const label = JSON.stringify({ share, filters });
        const asRecord = (list: { value: string; count: number }[]) =>
          Object.fromEntries(list.map((c) => [c.value, c.count]));
        const orgs: Record<string, number> = {};
        for (const c of got.counts.organisation)
          orgs[c.organisation.id] = (orgs[c.organisation.id] ?? 0) + c.count;
        expect({
          label,
          total: got.total,
          organisation: orgs,
          status: asRecord(got.counts.status),
          category: asRecord(got.counts.category),
          risk: asRecord(got.counts.risk),
          outcome: asRecord(got.counts.outcome),
          theme: asRecord(got.counts.theme),
          // The page in the order of last change, which is the reverse of the name order here.
          ids: got.ids,
        }).toEqual({
          label,
          total: hits.length,
          organisation: tally(hits.map((e) => e.org)),
          status: tally(hits.map((e) => e.status)),
          category: tally(hits.map((e) => e.category)),
          risk: tally(hits.map((e) => e.risk)),
          outcome: tally(hits.map((e) => e.outcome)),
          theme: tally(hits.flatMap((e) => e.themes)),
          ids: hits
            .map((e) => e.id)
            .reverse()
            .slice(0, 10),
        });
      }
    },
  );

  it.each([0.001, 0.004, 0.02, 0.3, 0.9])(
    'takes a later page in the order of change and of organisation, when %p of them matches',
    (share) => {
      const r = random(Math.round(share * 7919));
      const own = makeIndex(1000, r);
      const matching = new Set(own.entries.filter(() => r() < share).map((e) => e.id));
      // Shuffled orders, so that a page cannot follow the name order by chance.
      for (const order of [own.index.byChanged, own.index.byOrganisation])
        for (let k = order.length - 1; k > 0; k--) {
          const j = Math.floor(r() * (k + 1));
          [order[k], order[j]] = [order[j], order[k]];
        }
      for (const [sort, order] of [
        ['changed', own.index.byChanged],
        ['organisation', own.index.byOrganisation],
      ] as const) {
        const expected = [...order]
          .map((p) => own.index.ids[p])
          .filter((id) => matching.has(id))
          .slice(2, 5);
        const { bits } = own.index.bits(matching);
        expect({ sort, ids: countMatches(own.index, bits, {}, sort, 2, 3).ids }).toEqual({
          sort,
          ids: expected,
        });
      }
    },
  );

  it.each([0.01, 0.3, 0.9])(
    'takes any page of the best matches first, group by group, when %p of them matches',
    (share) => {
      const r = random(Math.round(share * 104729));
      const matching = new Set(entries.filter(() => r() < share).map((e) => e.id));
      // Two disjoint groups (names holding both words, one word), ids 1..1000 in name order.
      const group = () => new Set(entries.filter(() => r() < 0.2).map((e) => e.id));
      const both = group();
      const one = new Set([...group()].filter((id) => !both.has(id)));
      const inOrder = [...matching].sort((a, b) => a - b);
      const ranked = [
        ...inOrder.filter((id) => both.has(id)),
        ...inOrder.filter((id) => one.has(id)),
        ...inOrder.filter((id) => !both.has(id) && !one.has(id)),
      ];
      const { bits } = index.bits(matching);
      const groups = [index.bits(both).bits, index.bits(one).bits];
      // Pages that begin inside a group, at a group's end and in the rest.
      for (const offset of [0, 3, 40, 64, 100, ranked.length - 2]) {
        const got = countMatches(index, bits, {}, groups, Math.max(0, offset), 25);
        expect({ offset, ids: got.ids }).toEqual({
          offset,
          ids: ranked.slice(Math.max(0, offset), Math.max(0, offset) + 25),
        });
      }
    },
  );

  it('leaves the bitset of the words it is given unchanged, whatever the filters', () => {
    const { bits } = index.bits(entries.filter((e) => e.id % 3 > 0).map((e) => e.id));
    const before = bits.slice();
    for (const filters of [{}, { status: 'status1' }, { organisationId: 2, theme: 'theme1' }])
      countMatches(index, bits, filters, 'changed', 0, 5);
    expect(bits).toEqual(before);
  });

  it('counts every entry when there are no words', () => {
    const got = countMatches(index, null, {}, 'name', 0, 5);
    expect(got.total).toBe(1000);
    expect(got.counts.status.reduce((n, c) => n + c.count, 0)).toBe(1000);
    expect(got.ids).toEqual([1, 2, 3, 4, 5]);
  });
});
