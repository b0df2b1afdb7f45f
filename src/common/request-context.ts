import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import type { Language } from '../i18n/i18n';
import { DEFAULT_LANGUAGE } from '../i18n/i18n';
import { requestLanguage } from './http/language';

/**
 * Who asks, in which language and from where: what every service that acts for a caller needs,
 * passed as one object. The audit trail takes its actor and address from it. On public routes
 * `user` is null; the command line and the seeds act as the operator (`operatorContext`).
 */
export interface RequestContext<U extends AuthUser | null = AuthUser | null> {
  user: U;
  lang: Language;
  /** The client's address as the trusted proxies report it; null for the operator. */
  address: string | null;
  /** The request's correlation id (X-Request-Id); null outside a request. */
  requestId: string | null;
  /**
   * The register's read-model version this request has already read (the page cache's check,
   * register-cache.ts), so the register's search need not read it again; absent otherwise.
   */
  registerVersion?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the register's page cache when it read the version for this request. */
    registerVersion?: number;
  }
}

/** A context with a logged-in user: what work routes and their services take. */
export type UserContext = RequestContext<AuthUser>;

export function contextOf(request: FastifyRequest): RequestContext {
  return {
    user: request.user ?? null,
    lang: requestLanguage(request),
    address: request.ip,
    requestId: String(request.id),
    registerVersion: request.registerVersion,
  };
}

/** The operator at the command line or a scheduled job: no user, no address. */
export function operatorContext(lang: Language = DEFAULT_LANGUAGE): RequestContext<null> {
  return { user: null, lang, address: null, requestId: null };
}

/**
 * The request's context as a handler parameter: `@Ctx() ctx: UserContext` on a route that
 * requires a login (the guards have run, so the user is there), `RequestContext` on public ones.
 * Import those two with `import type`: the type of a decorated parameter may not be a value
 * import when the compiler emits decorator metadata for isolated modules.
 */
export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext =>
  contextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
