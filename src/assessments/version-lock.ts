import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { Assessment } from './entities/assessment.entity';

/**
 * Optimistic locking of an assessment: every change names the version it was made from, so that of
 * two people working from the same page the second is told, instead of overwriting the first.
 */

/** Refuses a change made from an older version than the one just loaded. */
export function claimVersion(assessment: Assessment, expected: number | undefined): void {
  if (expected !== undefined && expected !== assessment.version)
    throw new DomainError('CONFLICT', 'workflow.conflict');
}

/**
 * Claims the next version with `UPDATE ... WHERE version = ?`: of two saves from the same version,
 * the second changes no row and is refused with 409 (TypeORM's save() does not check this).
 */
export async function bumpVersion(
  em: EntityManager,
  assessment: Assessment,
  expected: number,
  changes: Partial<Assessment> = {},
): Promise<void> {
  const result = await em
    .createQueryBuilder()
    .update(Assessment)
    .set(changes as Record<string, unknown>)
    .where('id = :id AND version = :expected', { id: assessment.id, expected })
    .execute();
  if (!result.affected) throw new DomainError('CONFLICT', 'workflow.conflict');
  assessment.version = expected + 1;
}
