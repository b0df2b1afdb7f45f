/** Roles are held per organisation; the public needs none. */
export enum Role {
  Proposer = 'proposer',
  Reviewer = 'reviewer',
  Secretary = 'secretary',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);
