import { today } from '../reassessment';
import type { ConditionState } from '../entities/condition.entity';

/**
 * Past its due date and not verified: overdue, on the register, the work pages and the
 * secretary's follow-ups alike. A reported condition past its date is still overdue, since nobody
 * has checked the report yet.
 */
export function isOverdue(
  c: { state: ConditionState; dueDate: string },
  now = new Date(),
): boolean {
  return c.state !== 'verified' && c.dueDate < today(now);
}
