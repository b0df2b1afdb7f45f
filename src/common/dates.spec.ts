import { readMonth } from './dates';

describe('readMonth', () => {
  it('reads a month as Dutch (and English) users type it', () => {
    for (const typed of [
      '2026-03',
      '2026-3',
      ' 2026/03 ',
      '03-2026',
      '3-2026',
      '3/2026',
      '03.2026',
      'maart 2026',
      'Maart 2026',
      'mrt 2026',
      'mrt. 2026',
      'March 2026',
      'mar 2026',
    ])
      expect([typed, readMonth(typed)]).toEqual([typed, '2026-03']);
    expect(readMonth('okt 2027')).toBe('2027-10');
    expect(readMonth('mei 2026')).toBe('2026-05');
  });

  it('reads nothing else', () => {
    for (const typed of [
      '',
      '2026',
      '2026-13',
      '13-2026',
      '0-2026',
      'maartje 2026',
      'constructor 2026',
      '2026-03-01',
      'volgende maand',
    ])
      expect([typed, readMonth(typed)]).toEqual([typed, undefined]);
  });
});
