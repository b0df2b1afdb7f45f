#!/usr/bin/env node
/**
 * `npm run bench:facets`: the facet count of a search (countMatches and its entry-by-entry tally,
 * src/register/register-facet-tally.ts) on a made-up index of 100,000 entries, in one process
 * and with no database: 25 organisations, the register's statuses, categories, risk classes and
 * outcomes, and up to three of the themes per entry. Prints the microseconds per search for
 * searches that match 2% to 95% of the entries. Not a test, and no target: a way to compare two
 * versions of the code (run it on each), since end-to-end figures on a shared machine move by
 * more than a change of a few per cent.
 */
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist', 'src', 'register');
const { FacetIndex, countMatches } = require(join(DIST, 'register-facet-index'));
const { tallyEntries } = require(join(DIST, 'register-facet-tally'));
const { THEMES } = require(
  join(__dirname, '..', 'dist', 'src', 'algorithms', 'publicatiestandaard'),
);

const SIZE = Number(process.env.FACET_SIZE ?? 100_000);
const ROUNDS = 15;
const SEARCHES = 20;

// The benchmark's seeded generator, so every run counts the same index.
const { generator } = require('./run');
const random = generator(42);
const pick = (list) => list[Math.floor(random() * list.length)];

function makeIndex() {
  const index = new FacetIndex(
    1,
    Array.from({ length: SIZE }, (_, i) => i + 1),
  );
  for (let o = 1; o <= 25; o++) {
    index.dict.organisation.number(String(o));
    index.organisations.push({ id: o, name: `Gemeente ${o}`, slug: `gemeente-${o}` });
  }
  const themes = [];
  for (let p = 0; p < SIZE; p++) {
    index.organisation[p] = 1 + Math.floor(random() * 25);
    index.status[p] = index.dict.status.number(
      pick(['In gebruik', 'In ontwikkeling', 'Buiten gebruik']),
    );
    index.category[p] = index.dict.category.number(pick(['A', 'B', 'C', null]));
    index.risk[p] = index.dict.risk.number(pick(['hoog', 'beperkt', 'minimaal', null]));
    index.outcome[p] = index.dict.outcome.number(
      pick(['approved', 'conditional', 'rejected', 'none']),
    );
    index.themeStart[p] = themes.length;
    const own = new Set(Array.from({ length: Math.floor(random() * 4) }, () => pick(THEMES)));
    for (const theme of own) themes.push(index.dict.theme.number(theme));
  }
  index.themeStart[SIZE] = themes.length;
  index.themeIds = Uint8Array.from(themes);
  for (let k = 0; k < SIZE; k++) index.byChanged[k] = index.byOrganisation[k] = k;
  return index;
}

function matches(index, density) {
  return Array.from({ length: SEARCHES }, () => {
    const bits = new Uint32Array(index.words);
    for (let p = 0; p < index.size; p++) if (random() < density) bits[p >>> 5] |= 1 << (p & 31);
    return bits;
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

function time(fn, sets) {
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (const bits of sets) fn(bits.slice());
    runs.push(Number(process.hrtime.bigint() - start) / 1000 / sets.length);
  }
  return median(runs);
}

const index = makeIndex();
console.log(
  `Facet count of one search, ${SIZE.toLocaleString('en')} entries (median of ${ROUNDS}):`,
);
console.log('matching   tally (visits)   countMatches, no filter   with an organisation');
const densities = [0.02, 0.2, 0.45, 0.7, 0.95].map((density) => [density, matches(index, density)]);
// Warm-up: every path compiled by the JIT before anything is timed.
for (let k = 0; k < 3; k++)
  for (const [, sets] of densities) {
    time((bits) => tallyEntries(index, bits, false), sets);
    time((bits) => countMatches(index, bits, {}, 'name', 0, 25), sets);
    time((bits) => countMatches(index, bits, { organisationId: 7 }, 'name', 0, 25), sets);
  }
for (const [density, sets] of densities) {
  const tally = time((bits) => tallyEntries(index, bits, false), sets);
  const count = time((bits) => countMatches(index, bits, {}, 'name', 0, 25), sets);
  const org = time((bits) => countMatches(index, bits, { organisationId: 7 }, 'name', 0, 25), sets);
  console.log(
    `${`${Math.round(density * 100)}%`.padStart(8)}   ${tally.toFixed(0).padStart(8)} µs   ${count
      .toFixed(0)
      .padStart(14)} µs   ${org.toFixed(0).padStart(16)} µs`,
  );
}
