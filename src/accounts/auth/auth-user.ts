import type { ThemeRef } from '../../organisations/theme-ref';
import { OPERATOR, Role } from '../role';
import type { Access } from '../role';

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
  /** The instance's operator, above the organisations (users.is_operator). */
  operator: boolean;
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

/** What `@Roles(...)` asks: a role in any organisation, or being the operator. */
export function hasAccess(user: AuthUser, access: Access): boolean {
  return access === OPERATOR ? user.operator : hasRole(user, access);
}

/**
 * Whether a caller acts as the instance's operator: a user granted it, or the command line, the
 * seeds and scheduled jobs, which act without a user (`operatorContext()`). Only services that
 * every route reaches with a login may ask this, since a public route's context has no user either.
 */
export function actsAsOperator(ctx: { user: AuthUser | null }): boolean {
  return ctx.user === null || ctx.user.operator;
}

/** Whether the caller administers this organisation: one of its admins, or the operator. */
export function administers(ctx: { user: AuthUser | null }, organisationId: number): boolean {
  return actsAsOperator(ctx) || hasRole(ctx.user!, Role.Admin, organisationId);
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
