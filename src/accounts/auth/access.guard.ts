import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error';
import type { Access } from '../role';
import { hasAccess } from './auth-user';
import { AUTHENTICATED, IS_PUBLIC, ROLES } from './decorators';

/**
 * Deny by default: a route is open only if it says so (@Public, @Authenticated) or names the
 * roles it needs (@Roles). A route that says nothing is closed to everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (!user) throw new DomainError('UNAUTHENTICATED');

    const roles = this.reflector.getAllAndOverride<Access[] | undefined>(ROLES, targets);
    if (roles) {
      if (roles.some((role) => hasAccess(user, role))) return true;
      throw new DomainError('FORBIDDEN');
    }
    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED, targets)) return true;

    this.logger.error(
      `${context.getClass().name}.${context.getHandler().name} has no access rule; refused`,
    );
    throw new DomainError('FORBIDDEN');
  }
}
