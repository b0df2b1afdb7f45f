import { parseDutchNumber } from './dutch-number';

describe('parseDutchNumber', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['007', 7],
    ['120000', 120000],
    ['120.000', 120000],
    ['120 000', 120000],
    ['120\u00a0000', 120000],
    ['1.234.567', 1234567],
    ['1,5', 1.5],
    ['0,5', 0.5],
    ['0,500', 0.5],
    ['1.234,5', 1234.5],
    ['1.234,567', 1234.567],
    ['12,25', 12.25],
    ['1000,5', 1000.5],
    ['-3', -3],
    ['-1,25', -1.25],
    ['-0', 0],
    ['  42  ', 42],
    ['999.999.999.999.999', 999999999999999],
  ])('reads %j as %d', (input, expected) => {
    expect(parseDutchNumber(input)).toEqual({ value: expected });
  });

  it.each(['1.5', '1,000', '12.50', '3.14', '999,999', '1.000000'].map((s) => [s]))(
    'refuses %j as ambiguous',
    (input) => {
      expect(parseDutchNumber(input)).toEqual({ problem: 'ambiguous' });
    },
  );

  it.each(
    [
      '',
      ' ',
      ',5',
      '.5',
      '1,',
      '1.',
      '+1',
      '1e5',
      '0x10',
      'Infinity',
      'NaN',
      '1,2,3',
      '1,234.5',
      '12.34.567',
      '1.234 567',
      '1.23,4',
      '1 000,5,0',
      '--1',
      '1-',
      'twaalf',
      '١٢',
      '1 2',
      '1234567890123456',
    ].map((s) => [s]),
  )('refuses %j as not a number', (input) => {
    expect(parseDutchNumber(input)).toEqual({ problem: 'number' });
  });
});
