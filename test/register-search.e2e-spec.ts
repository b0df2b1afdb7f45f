import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { STATUS_CODES, statusCode } from '../src/algorithms/publicatiestandaard';
import type { AlgorithmStatus, PublicationCategory } from '../src/algorithms/publicatiestandaard';
import type { AssessmentOutcome } from '../src/assessments/workflow';
import type { RiskClass } from '../src/checklists/engine';
import { q } from '../src/database/sql';
import { PublicationService } from '../src/publications/publication.service';
import { rebuildRegisterIndex } from '../src/register/read-model/register-index';
import { KeptCards } from '../src/register/register-cards';
import type { FacetIndex } from '../src/register/register-facet-index';
import { CARD_COLUMNS, toCard } from '../src/register/register-rows';
import type { Row } from '../src/register/register-rows';
import { RegisterSearchIndex } from '../src/register/register-search-index';
import { RegisterService } from '../src/register/register.service';
import type { RegisterQueryDto } from '../src/register/dto/register-query.dto';
import { makeOrganisation } from './support/factories';
import { isHeldOneByte } from './support/one-byte';
import {
  currentRegisterIndex,
  publishAlgorithm,
  republish,
  summaryFor,
} from './support/register-factories';
import { startTestApp, TestApp } from './support/test-app';

/** Words with distinct stems, none the beginning of another, so a word match is unambiguous. */
const WORDS = [
  'fietsenstalling',
  'zwerfafval',
  'subsidie',
  'wachtlijst',
  'leerplicht',
  'bijstand',
  'parkeerplaats',
  'kwijtschelding',
];
const STATUSES: AlgorithmStatus[] = ['In ontwikkeling', 'In gebruik', 'Buiten gebruik'];
const CATEGORIES: PublicationCategory[] = ['A', 'B', 'C'];
const THEMES = ['Verkeer', 'Wonen', 'Werk', 'Sociale zekerheid'];
const RISKS: RiskClass[] = ['high', 'limited', 'minimal'];
const OUTCOMES: (AssessmentOutcome | null)[] = ['approved', 'approved_with_conditions', null];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return {
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

interface Truth {
  publicId: string;
  organisationSlug: string;
  words: string[];
  status: AlgorithmStatus;
  category: PublicationCategory;
  themes: string[];
  risk: RiskClass | null;
  outcome: AssessmentOutcome | null;
}

describe('Register search: totals and facet counts agree with the published entries', () => {
  let t: TestApp;
  const truth: Truth[] = [];

  // 120 publications, each its own transaction: more than jest's 5 s on a busy PostgreSQL.
  beforeAll(async () => {
    t = await startTestApp();
    const publications = t.app.get(PublicationService);
    const orgs = [
      await makeOrganisation(t.dataSource, 'Gemeente Noordstad'),
      await makeOrganisation(t.dataSource, 'Gemeente Zuidwaard'),
    ];
    const r = random(20261122);
    for (let i = 0; i < 120; i++) {
      const org = r.pick(orgs);
      const words = [r.pick(WORDS), r.pick(WORDS)];
      const outcome = r.pick(OUTCOMES);
      const risk = outcome ? r.pick(RISKS) : null;
      const themes = [...new Set([r.pick(THEMES), r.pick(THEMES)])];
      const fields = {
        name: `${words[0]} ${i}`,
        descriptionShort: words[1],
        searchTerms: null,
        status: r.pick(STATUSES),
        publicationCategory: r.pick(CATEGORIES),
        themes,
      };
      const { algorithm } = await publishAlgorithm(
        t.dataSource,
        publications,
        org.id,
        fields as Partial<Algorithm>,
        {
          summary: outcome ? summaryFor(1000 + i, { decision: outcome, riskClass: risk }) : null,
        },
      );
      const entry: Truth = {
        publicId: algorithm.publicId,
        organisationSlug: org.slug,
        words,
        status: fields.status,
        category: fields.publicationCategory,
        themes,
        risk,
        outcome,
      };
      // Some entries change after publication: the register must count their newest version only.
      if (r.chance(0.2)) {
        entry.status = r.pick(STATUSES);
        entry.words = [entry.words[0], r.pick(WORDS)];
        await republish(t.dataSource, publications, algorithm, {
          status: entry.status,
          descriptionShort: entry.words[1],
        });
      }
      truth.push(entry);
    }
  }, 60_000);
  afterAll(() => t.close());

  function expected(query: RegisterQueryDto) {
    const hits = truth.filter(
      (e) =>
        (!query.q || query.q.split(' ').every((w) => e.words.includes(w))) &&
        (!query.organisation || e.organisationSlug === query.organisation) &&
        (!query.status || statusCode(e.status) === query.status) &&
        (!query.category || e.category === query.category) &&
        (!query.theme || e.themes.includes(query.theme)) &&
        (!query.risk || e.risk === query.risk) &&
        (!query.outcome || (e.outcome ?? 'none') === query.outcome),
    );
    const tally = (values: (string | null)[]) =>
      values.reduce<Record<string, number>>(
        (acc, v) => ((acc[v ?? 'none'] = (acc[v ?? 'none'] ?? 0) + 1), acc),
        {},
      );
    return {
      ids: hits.map((h) => h.publicId).sort(),
      status: tally(hits.map((h) => statusCode(h.status)!)),
      category: tally(hits.map((h) => h.category)),
      theme: tally(hits.flatMap((h) => h.themes)),
      risk: tally(hits.filter((h) => h.risk).map((h) => h.risk)),
      outcome: tally(hits.map((h) => h.outcome)),
    };
  }

  const counted = (facet: { value: string; count: number }[]) =>
    Object.fromEntries(facet.filter((f) => f.count > 0).map((f) => [f.value, f.count]));

  /** Searches the register and compares the entries, the total and every count with the truth. */
  async function check(query: RegisterQueryDto): Promise<number> {
    const register = t.app.get(RegisterService);
    const want = expected(query);
    const got = await register.search(query, 1000);
    const label = JSON.stringify(query);
    expect({ label, ids: got.items.map((x) => x.publicId).sort() }).toEqual({
      label,
      ids: want.ids,
    });
    expect({ label, total: got.total }).toEqual({ label, total: want.ids.length });
    for (const facet of ['status', 'category', 'theme', 'risk', 'outcome'] as const)
      expect({ label, facet, counts: counted(got.facets[facet]) }).toEqual({
        label,
        facet,
        counts: want[facet],
      });
    return got.total;
  }

  it('returns exactly the matching entries with the right counts, for 60 random searches', async () => {
    const r = random(7);
    for (let i = 0; i < 60; i++) {
      const query: RegisterQueryDto = {};
      if (r.chance(0.7)) query.q = r.pick(WORDS);
      if (r.chance(0.3)) query.organisation = r.pick(['gemeente-noordstad', 'gemeente-zuidwaard']);
      if (r.chance(0.3)) query.status = r.pick(STATUS_CODES);
      if (r.chance(0.3)) query.category = r.pick(CATEGORIES);
      if (r.chance(0.3)) query.theme = r.pick(THEMES);
      if (r.chance(0.2)) query.risk = r.pick(RISKS);
      if (r.chance(0.2)) query.outcome = r.pick(['approved', 'approved_with_conditions', 'none']);
      await check(query);
    }
  });

  it('counts right when the matches are most of the register but not all of it', async () => {
    // More than half: the counts are then made from the entries the search leaves out.
    let most = 0;
    for (const query of [
      {},
      { organisation: 'gemeente-noordstad' },
      { organisation: 'gemeente-zuidwaard' },
    ] as RegisterQueryDto[]) {
      const total = await check(query);
      if (total > truth.length / 2 && total < truth.length) most++;
    }
    expect(most).toBeGreaterThan(0);
  });

  it('answers a search asked again, with its words in another order or page by page, alike', async () => {
    const register = t.app.get(RegisterService);
    const r = random(11);
    let twoWordHits = 0;
    for (let i = 0; i < 12; i++) {
      const [a, b] = [r.pick(WORDS), r.pick(WORDS)];
      const filters: RegisterQueryDto = r.chance(0.5) ? { status: r.pick(STATUS_CODES) } : {};
      // Entries, total and every count as the published entries say (check), then kept to compare.
      twoWordHits += await check({ ...filters, q: `${a} ${b}` });
      const whole = await register.search({ ...filters, q: `${a} ${b}` }, 1000);
      // The other order, and the same search once more: the same entries, order and counts.
      for (const again of [`${b} ${a}`, `${a} ${b}`]) {
        const other = await register.search({ ...filters, q: again }, 1000);
        expect(other.items.map((x) => x.publicId)).toEqual(whole.items.map((x) => x.publicId));
        expect(other.facets).toEqual(whole.facets);
      }
      // Page by page, small pages: every entry once, in the whole list's order.
      const paged: string[] = [];
      for (let page = 1; page <= Math.max(1, Math.ceil(whole.total / 4)); page++) {
        const part = await register.search({ ...filters, q: `${a} ${b}`, page }, 4);
        expect(part.total).toBe(whole.total);
        paged.push(...part.items.map((x) => x.publicId));
      }
      expect(paged).toEqual(whole.items.map((x) => x.publicId));
    }
    // Not a run of empty results: the comparison above must have had entries to compare.
    expect(twoWordHits).toBeGreaterThan(12);
  });
});

describe('Register search: the best matches first', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(t.dataSource, 'Gemeente Rangorde');
    await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Afvalroutes plannen',
      descriptionShort:
        'Plant de routes van de vuilniswagens langs alle wijken, rekening houdend met werkzaamheden, ' +
        'drukte op de weg en de wensen van bewoners; ook de containerlediging hoort erbij.',
    });
    await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Containerlediging voorspellen',
      descriptionShort:
        'Voorspelt wanneer een container vol is, zodat de containerlediging op tijd komt.',
    });
    await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Bomen tellen',
      descriptionShort: 'Telt de bomen in de stad.',
    });
  });
  afterAll(() => t?.close());

  const names = async (query: RegisterQueryDto) =>
    (await t.app.get(RegisterService).search(query)).items.map((i) => i.name);

  it('orders a search by relevance unless another order is asked for', async () => {
    expect(await names({ q: 'containerlediging' })).toEqual([
      'Containerlediging voorspellen',
      'Afvalroutes plannen',
    ]);
    expect(await names({ q: 'containerlediging', sort: 'relevance' })).toEqual([
      'Containerlediging voorspellen',
      'Afvalroutes plannen',
    ]);
    expect(await names({ q: 'containerlediging', sort: 'name' })).toEqual([
      'Afvalroutes plannen',
      'Containerlediging voorspellen',
    ]);
  });

  it('takes every word into account and keeps the filters', async () => {
    expect(await names({ q: 'containerlediging vuilniswagens' })).toEqual(['Afvalroutes plannen']);
    expect(await names({ q: 'containerlediging', status: 'buiten-gebruik' })).toEqual([]);
  });

  it('is the order by name when there are no words', async () => {
    expect(await names({ sort: 'relevance' })).toEqual([
      'Afvalroutes plannen',
      'Bomen tellen',
      'Containerlediging voorspellen',
    ]);
  });
});

describe('Register search: words looked up before follow the next publication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const names = async (query: RegisterQueryDto) =>
    (await t.app.get(RegisterService).search(query)).items.map((i) => i.name);

  it('finds a new entry for a word (and a word beginning) searched before, and drops a changed one', async () => {
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(t.dataSource, 'Gemeente Geheugen');
    // Enough entries that a word in one or two of them counts as rare (register-search-index.ts).
    for (let n = 1; n <= 40; n++)
      await publishAlgorithm(t.dataSource, publications, org.id, { name: `Bomen tellen ${n}` });
    // Asked once, so the words' matches (none yet) are kept by the search index.
    expect(await names({ q: 'grafrechten' })).toEqual([]);
    const { algorithm } = await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Grafrechten verlengen',
      descriptionShort: 'Herinnert nabestaanden aan het verlopen van grafrechten.',
    });
    expect(await names({ q: 'grafrechten' })).toEqual(['Grafrechten verlengen']);
    expect(await names({ q: 'grafr' })).toEqual(['Grafrechten verlengen']);

    // A new entry before the others in name order moves every entry's place in the index.
    await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Afscheid regelen',
      descriptionShort: 'Helpt bij de aanvraag van grafrechten en een afscheid.',
    });
    const both = ['Grafrechten verlengen', 'Afscheid regelen'];
    expect(await names({ q: 'grafrechten' })).toEqual(both);
    expect(await names({ q: 'grafr' })).toEqual(both);

    await republish(t.dataSource, publications, algorithm, {
      name: 'Begraafplaats onderhouden',
      descriptionShort: 'Plant het onderhoud van de begraafplaats.',
    });
    expect(await names({ q: 'grafrechten' })).toEqual(['Afscheid regelen']);
    expect(await names({ q: 'grafr' })).toEqual(['Afscheid regelen']);
    expect(await names({ q: 'begraafplaats' })).toEqual(['Begraafplaats onderhouden']);
  });
});

describe("Register search: PostgreSQL's lexemes in memory answer as its GIN index does", () => {
  let t: TestApp;
  const onPostgres = Boolean(process.env.DATABASE_URL);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const TOKENS = [
    'vergunning',
    'vergunningen',
    'verg',
    'parkeer',
    'parkeervergunning',
    'fiets',
    'fietsen',
    'de',
    '2024',
    'café',
    'lexemen',
    'lexicon',
    'gemeente',
    'onderhoud',
    'onbekendwoord',
  ];

  /** What GIN answers for a search word, as the register searched before this list existed. */
  async function byGin(token: string): Promise<{ ids: number[]; publicIds: string[] }> {
    const rows = await q<{ algorithm_id: unknown; public_id: string }>(
      t.dataSource,
      `SELECT e.algorithm_id, e.public_id
         FROM register_entries e JOIN register_search_vectors v USING (algorithm_id)
        WHERE v.search_vector @@ (to_tsquery('dutch', ?) || to_tsquery('simple', ?))`,
      [`${token}:*`, `${token}:*`],
    );
    return {
      ids: rows.map((r) => Number(r.algorithm_id)).sort(),
      publicIds: rows.map((r) => r.public_id).sort(),
    };
  }

  /**
   * Every word searched through the app's index, whose lexemes were read when the register was
   * empty (so all came as changes), and through `fresh`, which read them all at once and then the
   * changes since.
   */
  async function compareAll(fresh: RegisterSearchIndex): Promise<number> {
    const register = t.app.get(RegisterService);
    expect(await register.whenSearchReady()).toBe(true);
    expect(await fresh.termsRead()).toBe(true);
    let found = 0;
    for (const token of TOKENS) {
      const want = await byGin(token);
      const viaApp = await register.search({ q: token }, 1000);
      const viaFresh = (await fresh.search([token], {}, 'name', 0, 1000)).ids.sort();
      expect({ token, ids: viaApp.items.map((i) => i.publicId).sort() }).toEqual({
        token,
        ids: want.publicIds,
      });
      expect({ token, ids: viaFresh }).toEqual({ token, ids: want.ids });
      found += want.ids.length;
    }
    return found;
  }

  (onPostgres ? it : it.skip)(
    'finds what GIN finds, after a change, a new entry and a renamed organisation',
    async () => {
      const publications = t.app.get(PublicationService);
      const org = await makeOrganisation(t.dataSource, 'Gemeente Lexemen');
      const texts: [string, string][] = [
        ['Vergunningen toetsen', 'Toetst aanvragen voor een vergunning aan de regels.'],
        ['Parkeervergunning toewijzen', 'Wijst een parkeervergunning toe in 2024.'],
        ['Fietsenstalling plannen', 'Telt de fietsen bij het station.'],
        ['Café-terrassen', 'Houdt de terrassen van elk café bij.'],
        ['Bomen tellen', 'Telt de bomen voor het onderhoud.'],
      ];
      const published = [];
      for (const [name, descriptionShort] of texts)
        published.push(
          (await publishAlgorithm(t.dataSource, publications, org.id, { name, descriptionShort }))
            .algorithm,
        );
      const fresh = new RegisterSearchIndex(t.dataSource);
      expect(await compareAll(fresh)).toBeGreaterThan(10);

      // A changed text: its old words no longer find it, its new ones do.
      await republish(t.dataSource, publications, published[0], {
        name: 'Onderhoud plannen',
        descriptionShort: 'Plant het onderhoud van de fietsenstalling.',
      });
      await publishAlgorithm(t.dataSource, publications, org.id, {
        name: 'Afval ophalen',
        descriptionShort: 'Een vergunning voor afval in 2024.',
      });
      await compareAll(fresh);
      expect(
        (await t.app.get(RegisterService).search({ q: 'toetsen' })).items.map((i) => i.name),
      ).toEqual([]);

      // The organisation's name is part of every entry's text: a new name is searched as well.
      await q(t.dataSource, 'UPDATE organisations SET name = ? WHERE id = ?', [
        'Gemeente Lexicon',
        org.id,
      ]);
      await rebuildRegisterIndex(t.dataSource);
      await compareAll(fresh);
      expect((await t.app.get(RegisterService).search({ q: 'lexicon' })).total).toBe(6);
    },
  );
});

describe("Register search: SQLite's word beginnings, taken apart, find what a prefix finds", () => {
  let t: TestApp;
  const onPostgres = Boolean(process.env.DATABASE_URL);

  /** Letters for a number (0 → "a", 26 → "ba"): a distinct word ending for each entry. */
  const letters = (n: number): string =>
    (n >= 26 ? letters(Math.floor(n / 26) - 1) : '') + String.fromCharCode(97 + (n % 26));

  beforeAll(async () => {
    t = await startTestApp();
    if (onPostgres) return;
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(t.dataSource, 'Gemeente Stammen');
    // 80 compounds in one entry each (rare), two in 12 entries each and "zorg" in 20 (frequent).
    for (let n = 0; n < 80; n++)
      await publishAlgorithm(t.dataSource, publications, org.id, {
        name: `Zorg${letters(n)}plan ${n}`,
        descriptionShort: n < 12 ? 'Het zorgbeleid en de zorgwijk.' : 'Een plan.',
      });
    for (let n = 0; n < 20; n++)
      await publishAlgorithm(t.dataSource, publications, org.id, {
        name: `Wijkteam ${n}`,
        descriptionShort: 'Over zorg in de wijk.',
      });
  });
  afterAll(() => t?.close());

  (onPostgres ? it.skip : it)(
    'gives the same entries through the terms as through one prefix lookup, for a beginning of many rare terms',
    async () => {
      // More rare terms than a beginning could have before: 64, then it was a prefix lookup.
      await t.app.get(RegisterService).whenSearchReady();
      const [{ n: rareTerms }] = await q<{ n: unknown }>(
        t.dataSource,
        "SELECT COUNT(*) AS n FROM temp.register_search_terms WHERE term >= 'zorg' AND term < 'zorh' AND doc < 6",
      );
      expect(Number(rareTerms)).toBe(80);

      /** What FTS5 finds for the beginning in one lookup. */
      const byPrefix = async (token: string) =>
        (
          await q<{ rowid: unknown }>(
            t.dataSource,
            'SELECT rowid FROM register_search WHERE register_search MATCH ?',
            [`"${token}"*`],
          )
        )
          .map((r) => Number(r.rowid))
          .sort((a, b) => a - b);
      const apart = new RegisterSearchIndex(t.dataSource, 0);
      const usual = new RegisterSearchIndex(t.dataSource);
      let found = 0;
      for (const token of ['zorg', 'zorga', 'zorgb', 'zorgbeleid', 'zo', 'z', 'wijk', 'zorgzz']) {
        const want = await byPrefix(token);
        // Twice each: the second answer comes from what the first kept ("zorg" begins three
        // frequent terms here, whose union is kept as one bitset).
        for (const index of [apart, usual])
          for (const time of [1, 2]) {
            const { ids } = await index.search([token], {}, 'name', 0, 1000);
            expect({ token, time, ids: ids.sort((a, b) => a - b) }).toEqual({
              token,
              time,
              ids: want,
            });
          }
        found += want.length;
      }
      expect(found).toBeGreaterThan(300);
    },
  );

  (onPostgres ? it.skip : it)(
    'answers a word from its kept bitset and leaves that bitset as it was, whatever was asked with it',
    async () => {
      // "wijkteam" and "zorgbeleid" each begin exactly one term here, a frequent one (20 and 12
      // entries): their searches answer from the terms' kept bitsets themselves, which no other
      // search may change. "wijk" begins two frequent terms, whose union is kept under the word.
      const index = new RegisterSearchIndex(t.dataSource);
      const total = async (words: string[], filters = {}) =>
        (await index.search(words, filters, 'name', 0, 25)).total;
      for (let time = 1; time <= 2; time++) {
        expect({ time, wijkteam: await total(['wijkteam']) }).toEqual({ time, wijkteam: 20 });
        // No entry has both words, nor the theme: these searches find nothing.
        expect(await total(['wijkteam', 'zorgbeleid'])).toBe(0);
        expect(await total(['wijk', 'zorgbeleid'])).toBe(0);
        expect(await total(['wijkteam'], { theme: 'Geen thema' })).toBe(0);
        expect(await total(['zorgbeleid', 'wijkteam'])).toBe(0);
        expect({
          time,
          wijkteam: await total(['wijkteam']),
          wijk: await total(['wijk']),
          zorgbeleid: await total(['zorgbeleid']),
        }).toEqual({ time, wijkteam: 20, wijk: 20, zorgbeleid: 12 });
      }
    },
  );

  (onPostgres ? it.skip : it)(
    'reads the frequent terms ahead of the searches: a search for them then asks FTS5 nothing',
    async () => {
      // "wijk" and "wijkteam" are in 20 of the 100 entries each, frequent (a sixteenth), and no
      // rarer term begins with "wijk".
      const connection = (
        t.dataSource.driver as unknown as {
          databaseConnection: { prepare(sql: string): { all(...a: unknown[]): unknown[] } };
        }
      ).databaseConnection;
      const asked: unknown[] = [];
      const prepare = connection.prepare.bind(connection);
      const spy = jest.spyOn(connection, 'prepare').mockImplementation((sql: string) => {
        const statement = prepare(sql);
        if (!sql.includes('MATCH')) return statement;
        const all = statement.all.bind(statement);
        statement.all = (...params: unknown[]) => {
          asked.push(params[0]);
          return all(...params);
        };
        return statement;
      });
      try {
        const index = new RegisterSearchIndex(t.dataSource);
        await index.current();
        // The terms are read one a turn of the event loop; wait until no more are asked for.
        for (let quiet = 0, seen = -1; quiet < 5;) {
          await new Promise((resolve) => setImmediate(resolve));
          quiet = asked.length === seen ? quiet + 1 : 0;
          seen = asked.length;
        }
        expect(asked).toEqual(expect.arrayContaining(['"wijk"', '"wijkteam"', '"zorg"']));
        const before = asked.length;
        const { total } = await index.search(['wijk'], {}, 'name', 0, 25);
        expect(total).toBe(20);
        expect(asked.length).toBe(before);
      } finally {
        spy.mockRestore();
      }
    },
  );
});

describe('Register search: the cards kept in memory are the database’s, version after version', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** Every entry's card as the database has it, and as the index's kept cards give it. */
  const cards = async (index: FacetIndex) => {
    const rows = await q<Row>(t.dataSource, `SELECT ${CARD_COLUMNS} FROM register_entries e`);
    return rows.map((row) => {
      const id = Number(row.algorithm_id);
      const kept = index.cards!.row(id);
      return {
        database: toCard(row, index.facetsOf(id)!),
        kept: kept && toCard(kept, index.facetsOf(id)!),
      };
    });
  };
  const publicationIds = async (index: FacetIndex) => {
    const ids = new Int32Array(index.size);
    for (const row of await q<Row>(
      t.dataSource,
      'SELECT algorithm_id, publication_id FROM register_entries',
    ))
      ids[index.position(Number(row.algorithm_id))] = Number(row.publication_id);
    return ids;
  };

  it('reads every card once, then only those of new publications, and leaves out one published since', async () => {
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(t.dataSource, 'Gemeente Kaartenbak');
    const published = [];
    // Texts of one, two, three and four bytes a character in UTF-8 (the last two UTF-16 units).
    for (let n = 1; n <= 12; n++)
      published.push(
        await publishAlgorithm(t.dataSource, publications, org.id, {
          name: `Kaart ${n} één café 🚲`,
          descriptionShort: n % 3 ? `Uitleg ${n}: ‘zorg’ — naïef 𝔘 ${'é'.repeat(n * 20)}` : '',
        }),
      );
    const search = new RegisterSearchIndex(t.dataSource);
    const first = await search.current();
    expect(first.cards!.read).toBe(12);
    for (const { database, kept } of await cards(first)) expect(kept).toEqual(database);

    await republish(t.dataSource, publications, published[4].algorithm, {
      name: 'Kaart vijf, opnieuw',
      descriptionShort: 'Nieuw',
    });
    await publishAlgorithm(t.dataSource, publications, org.id, { name: 'Kaart dertien' });
    const second = await search.current();
    expect(second.version).toBeGreaterThan(first.version);
    // The republished entry and the new one; the other eleven are taken over.
    expect(second.cards!.read).toBe(2);
    const now = await cards(second);
    for (const { database, kept } of now) expect(kept).toEqual(database);
    expect(now.map((c) => c.kept!.name)).toContain('Kaart vijf, opnieuw');
    expect(now.map((c) => c.kept!.name)).not.toContain('Kaart 5 één café 🚲');

    // In buffers of 64 bytes, a version shares those of the one before while most of their bytes
    // are of cards it keeps, and copies what it keeps otherwise.
    const ids2 = await publicationIds(second);
    const written = await KeptCards.of(t.dataSource, second, ids2, undefined, 64);
    const shared = await KeptCards.of(t.dataSource, second, ids2, written, 64);
    expect([written.read, written.sharesPrevious, shared.read, shared.sharesPrevious]).toEqual([
      13,
      false,
      0,
      true,
    ]);
    const others = await KeptCards.of(
      t.dataSource,
      second,
      ids2.map((id) => id + 1000),
      shared,
      64,
    );
    expect([others.read, others.sharesPrevious]).toEqual([13, false]);
    for (const id of second.ids) {
      expect(shared.row(id)).toEqual(written.row(id));
      expect(shared.row(id)).not.toBeNull();
      expect(others.row(id)).toBeNull();
    }

    // As if entry 7 were published again between the index's read and the cards' read: its card
    // is not kept, and the page reads it from the database; the others still are. (The service's
    // own index, whose version the pages read.)
    const register = t.app.get(RegisterService);
    const live = await currentRegisterIndex(register);
    const ids = await publicationIds(live);
    const changed = published[6].algorithm.id;
    ids[live.position(changed)] += 1000;
    live.cards = await KeptCards.of(t.dataSource, live, ids, live.cards!);
    expect(live.cards.read).toBe(1);
    expect(live.cards.row(changed)).toBeNull();
    expect(live.cards.row(published[7].algorithm.id)).not.toBeNull();
    const page = await register.searchCards({}, 100, live.version);
    const items = await register.search({}, 100, live.version);
    expect(page.items.map((c) => c.name)).toContain(published[6].algorithm.name);
    expect(page.items.map((c) => [c.publicId, c.name, c.cardText, c.complete])).toEqual(
      items.items.map((c) => [c.publicId, c.name, c.cardText, c.complete]),
    );
  });

  it('gives each field held one byte a character where its own characters allow it', async () => {
    // A "’" or a "…" in the card's text made every field two bytes a character, the slug and the
    // name included, and with them the whole results page (src/common/one-byte.ts).
    const publications = t.app.get(PublicationService);
    const org = await makeOrganisation(t.dataSource, 'Gemeente Één');
    const wide = await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Zorg één café',
      // No short description: the card shows the purpose, cut at 300 characters with a "…".
      descriptionShort: '',
      purposeAndImpact: `‘Zorg’ – ${'uitleg '.repeat(60)}`,
    });
    const narrow = await publishAlgorithm(t.dataSource, publications, org.id, {
      name: 'Zorg twee',
      descriptionShort: 'Uitleg in één zin',
    });
    const index = await new RegisterSearchIndex(t.dataSource).current();
    const held = (id: number) => {
      const row = index.cards!.row(id)!;
      const fields = [row.public_id, row.slug, row.name, row.card_text, row.origin] as string[];
      return fields.map((field) => [field, isHeldOneByte(field)]);
    };
    const [publicId, slug, name, cardText, origin] = held(wide.algorithm.id);
    expect(cardText[0]).toMatch(/^‘Zorg’ – uitleg .*…$/);
    expect([publicId[1], slug[1], name, cardText[1], origin[1]]).toEqual([
      true,
      true,
      ['Zorg één café', true],
      false,
      true,
    ]);
    expect(held(narrow.algorithm.id).every(([, one]) => one)).toBe(true);
  });
});
