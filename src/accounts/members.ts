import type { EntityManager } from 'typeorm';
import { q } from '../database/sql';
import type { Role } from './role';

/** The users who hold any of these roles in the organisation, each once. */
export async function membersWithRole(
  em: EntityManager,
  organisationId: number,
  ...roles: Role[]
): Promise<number[]> {
  const rows = await q<{ user_id: number }>(
    em,
    `SELECT DISTINCT user_id FROM memberships
      WHERE organisation_id = ? AND role IN (${roles.map(() => '?').join(', ')})`,
    [organisationId, ...roles],
  );
  return rows.map((r) => Number(r.user_id));
}
