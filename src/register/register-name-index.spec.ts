import { RegisterNameIndex } from './register-name-index';

const NAMES = [
  'Afvalroutes plannen', // 0
  'Containerlediging voorspellen', // 1
  'Parkeervergunning controleren', // 2
  'Parkeren en containers in één overzicht', // 3
  'Zwembad rooster', // 4
];
const index = new RegisterNameIndex(NAMES, 1);
const all = Uint32Array.of(0b11111);
/** The matching positions of each group of the ranking, the groups in order. */
const positions = (tokens: string[], match = all) =>
  index
    .ranked(tokens)
    .flatMap((group) => NAMES.flatMap((_, p) => (group[0] & match[0] & (1 << p) ? [p] : [])));

describe('RegisterNameIndex', () => {
  it('finds entries by the beginning of a word in their name', () => {
    expect(positions(['container'])).toEqual([1, 3]);
    expect(positions(['parkeer'])).toEqual([2]);
    expect(positions(['ontbreekt'])).toEqual([]);
  });

  it('puts names with more of the words first, equal ones in name order', () => {
    expect(positions(['parkeer', 'container'])).toEqual([1, 2, 3]);
    expect(positions(['park', 'container'])).toEqual([3, 1, 2]);
  });

  it('folds case and diacritics as the full-text index does', () => {
    expect(positions(['EEN'])).toEqual([3]);
    expect(positions(['één'])).toEqual([3]);
  });

  it('ranks only the entries that match the search', () => {
    expect(positions(['park', 'container'], Uint32Array.of(0b00110))).toEqual([1, 2]);
  });
});
