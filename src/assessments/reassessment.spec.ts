import { addMonths, today } from './reassessment';

describe('addMonths', () => {
  it('counts whole months from the decision date', () => {
    expect(addMonths(new Date('2026-11-22T15:00:00Z'), 12)).toBe('2027-11-22');
    expect(addMonths(new Date('2026-11-22T15:00:00Z'), 36)).toBe('2029-11-22');
  });

  it('moves a day the target month lacks to its last day', () => {
    expect(addMonths(new Date('2027-01-31T00:00:00Z'), 1)).toBe('2027-02-28');
    expect(addMonths(new Date('2027-08-31T00:00:00Z'), 18)).toBe('2029-02-28');
    expect(addMonths(new Date('2027-08-31T00:00:00Z'), 6)).toBe('2028-02-29');
  });

  it('crosses year ends', () => {
    expect(addMonths(new Date('2026-12-15T00:00:00Z'), 2)).toBe('2027-02-15');
  });
});

describe('today', () => {
  it('is the UTC date', () => {
    expect(today(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-22');
  });
});
