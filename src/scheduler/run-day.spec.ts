import { amsterdamClock, runDayAt } from './run-day';

describe('runDayAt', () => {
  it('is today once the daily time has passed on the Dutch clock, yesterday before', () => {
    // 01:59 UTC is 02:59 in Amsterdam in winter (UTC+1).
    expect(runDayAt(new Date('2026-01-15T01:59:00Z'), '03:00')).toBe('2026-01-14');
    expect(runDayAt(new Date('2026-01-15T02:00:00Z'), '03:00')).toBe('2026-01-15');
    expect(runDayAt(new Date('2026-01-15T22:59:59Z'), '03:00')).toBe('2026-01-15');
    // 23:00 UTC is already the next day in Amsterdam.
    expect(runDayAt(new Date('2026-01-15T23:00:00Z'), '03:00')).toBe('2026-01-15');
    expect(runDayAt(new Date('2026-01-15T23:00:00Z'), '00:00')).toBe('2026-01-16');
  });

  it('follows summer time (UTC+2)', () => {
    expect(amsterdamClock(new Date('2026-07-01T01:00:00Z'))).toEqual({
      date: '2026-07-01',
      time: '03:00',
    });
    expect(runDayAt(new Date('2026-07-01T00:59:00Z'), '03:00')).toBe('2026-06-30');
    expect(runDayAt(new Date('2026-07-01T01:00:00Z'), '03:00')).toBe('2026-07-01');
  });

  it('runs a time that the spring change skips as soon as the clock has passed it', () => {
    // 29 March 2026: 02:00 becomes 03:00; 01:00 UTC is 03:00 summer time.
    expect(runDayAt(new Date('2026-03-29T00:59:00Z'), '02:30')).toBe('2026-03-28');
    expect(runDayAt(new Date('2026-03-29T01:00:00Z'), '02:30')).toBe('2026-03-29');
  });

  it('gives the same day both times the autumn change repeats an hour', () => {
    // 25 October 2026: 03:00 becomes 02:00 again, so 02:30 happens at 00:30 and 01:30 UTC.
    expect(runDayAt(new Date('2026-10-25T00:30:00Z'), '02:30')).toBe('2026-10-25');
    expect(runDayAt(new Date('2026-10-25T01:30:00Z'), '02:30')).toBe('2026-10-25');
  });

  it('crosses months and years', () => {
    expect(runDayAt(new Date('2026-03-01T00:30:00Z'), '03:00')).toBe('2026-02-28');
    expect(runDayAt(new Date('2027-01-01T00:30:00Z'), '03:00')).toBe('2026-12-31');
  });
});
