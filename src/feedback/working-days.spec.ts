import { addWorkingDays } from './working-days';

describe('addWorkingDays', () => {
  it('counts Monday to Friday only', () => {
    // Wednesday 2 December 2026, noon in Amsterdam.
    const wednesday = new Date('2026-12-02T11:00:00Z');
    expect(addWorkingDays(wednesday, 1)).toBe('2026-12-03');
    expect(addWorkingDays(wednesday, 3)).toBe('2026-12-07');
    expect(addWorkingDays(wednesday, 10)).toBe('2026-12-16');
  });

  it('starts a message sent at the weekend on Monday', () => {
    expect(addWorkingDays(new Date('2026-12-05T10:00:00Z'), 1)).toBe('2026-12-07');
    expect(addWorkingDays(new Date('2026-12-06T10:00:00Z'), 5)).toBe('2026-12-11');
  });

  it('takes the day as it is in the Netherlands, not in UTC', () => {
    // 23:30 UTC on Friday is already Saturday in Amsterdam.
    expect(addWorkingDays(new Date('2026-12-04T23:30:00Z'), 1)).toBe('2026-12-07');
    expect(addWorkingDays(new Date('2026-12-04T22:30:00Z'), 1)).toBe('2026-12-07');
    expect(addWorkingDays(new Date('2026-12-04T10:00:00Z'), 1)).toBe('2026-12-07');
    expect(addWorkingDays(new Date('2026-12-03T23:30:00Z'), 1)).toBe('2026-12-07');
  });

  it('gives the day itself for no days', () => {
    expect(addWorkingDays(new Date('2026-12-02T11:00:00Z'), 0)).toBe('2026-12-02');
  });
});
