import type { ThemeRef } from '../../organisations/theme-ref';
import { Role } from '../role';

export interface OrganisationRole {
  organisationId: number;
  organisationName: string;
  role: Role;
}

/** The person behind a request, as the guards put it on `request.user`. */
export interface AuthUser {
  id: number;
  email: string;
  name: string;
  mustChangePassword: boolean;
  memberships: OrganisationRole[];
  /** How the request was authenticated. */
  via: 'session' | 'token';
  /** The theme of the user's organisation, when they work for one that has its own. */
  theme?: ThemeRef;
}

export function hasRole(user: AuthUser, role: Role, organisationId?: number): boolean {
  return user.memberships.some(
    (m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId),
  );
}

/** Organisations in which the user holds one of the roles. */
export function organisationsWithRole(user: AuthUser, ...roles: Role[]): number[] {
  return [
    ...new Set(user.memberships.filter((m) => roles.includes(m.role)).map((m) => m.organisationId)),
  ];
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}
