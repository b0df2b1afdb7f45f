import { formatDate } from './formats';

describe('formatDate', () => {
  // Asked twice each: the second answer comes from the days kept by the hour.
  const twice = (value: Date | string) => {
    const first = formatDate('nl', value);
    expect(formatDate('nl', value)).toBe(first);
    return first;
  };

  it('gives a moment the day it falls on in the Netherlands, in summer and in winter', () => {
    // CEST is UTC+2: midnight is 22:00 UTC.
    expect(twice(new Date('2026-07-01T21:59:59.999Z'))).toBe('1 juli 2026');
    expect(twice(new Date('2026-07-01T22:00:00.000Z'))).toBe('2 juli 2026');
    // CET is UTC+1: midnight is 23:00 UTC.
    expect(twice(new Date('2026-11-30T22:59:59.999Z'))).toBe('30 november 2026');
    expect(twice(new Date('2026-11-30T23:00:00.000Z'))).toBe('1 december 2026');
  });

  it('keeps the change of the clocks on its day', () => {
    // Clocks go back at 01:00 UTC on 25 October 2026; it is still that day on both sides.
    expect(twice(new Date('2026-10-25T00:59:59.999Z'))).toBe('25 oktober 2026');
    expect(twice(new Date('2026-10-25T01:00:00.000Z'))).toBe('25 oktober 2026');
    expect(twice(new Date('2026-10-25T22:59:59.999Z'))).toBe('25 oktober 2026');
    expect(twice(new Date('2026-10-25T23:00:00.000Z'))).toBe('26 oktober 2026');
  });

  it('formats a moment before May 1940, when Amsterdam time was off the hour, on its own', () => {
    expect(twice(new Date('1930-06-30T12:00:00Z'))).toBe('30 juni 1930');
  });

  it('shows each language its own words for the same hour', () => {
    const moment = new Date('2026-03-02T10:15:00Z');
    expect(formatDate('nl', moment)).toBe('2 maart 2026');
    expect(formatDate('en', moment)).toBe('2 March 2026');
    expect(formatDate('nl', moment)).toBe('2 maart 2026');
  });

  it('shows a calendar date as written, and nothing for what is no date', () => {
    expect(twice('2026-11-30')).toBe('30 november 2026');
    expect(formatDate('nl', 'geen datum')).toBe('');
    expect(formatDate('nl', null)).toBe('');
  });
});
