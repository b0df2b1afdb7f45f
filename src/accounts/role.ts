/** Roles are held per organisation; the public needs none. */
export enum Role {
  Proposer = 'proposer',
  Reviewer = 'reviewer',
  Secretary = 'secretary',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);

/**
 * Not a role in an organisation: the instance's operator, above the organisations (a flag on the
 * user, granted with `npm run operator:grant`). Routes name it beside the roles they admit:
 * `@Roles(Role.Admin, OPERATOR)`.
 */
export const OPERATOR = 'operator' as const;

/** What a route's `@Roles(...)` may name. */
export type Access = Role | typeof OPERATOR;
