import { isOverdue } from './condition-state';

describe('an overdue condition', () => {
  const now = new Date('2026-06-15T10:00:00Z');

  it('is one past its due date that is open or only reported', () => {
    expect(isOverdue({ state: 'open', dueDate: '2026-06-14' }, now)).toBe(true);
    expect(isOverdue({ state: 'reported', dueDate: '2026-06-14' }, now)).toBe(true);
  });

  it('is never a verified one, and not one due today or later', () => {
    expect(isOverdue({ state: 'verified', dueDate: '2020-01-01' }, now)).toBe(false);
    expect(isOverdue({ state: 'open', dueDate: '2026-06-15' }, now)).toBe(false);
    expect(isOverdue({ state: 'open', dueDate: '2026-07-01' }, now)).toBe(false);
  });
});
