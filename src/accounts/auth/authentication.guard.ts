import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error';
import { FORM_VIEW, formKeyOf } from '../../common/forms/form-view';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC } from './decorators';
import { AuthService } from './auth.service';
import type { DatabaseSessionStore } from './session-store';

// Recording activity on every request would write the session row each time.
const ACTIVITY_RESOLUTION_MS = 60_000;

/**
 * Finds out who is asking (session or API token) and puts them on `request.user`. Routes that are
 * not @Public() need someone; a user who must change their password can do only that first.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;

    const user = await this.auth.authenticate(request);
    if (user) {
      request.user = user;
      // Pages for a logged-in user are personal: never keep them in a shared or back-button cache.
      void reply.header('cache-control', 'no-store');
      if (user.via === 'session') this.noteActivity(request, reply);
      reply.locals.currentUser = user;
      reply.locals.theme = user.theme;
    }
    if (isPublic) return true;
    if (!user) {
      // A form posted after its session expired: the exception filter keeps what was typed.
      if (request.method === 'POST' && this.reflector.get(FORM_VIEW, context.getHandler()))
        request.formKey = formKeyOf(context.getClass(), context.getHandler());
      throw new DomainError('UNAUTHENTICATED');
    }
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)
    ) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED');
    }
    return true;
  }

  private noteActivity(request: FastifyRequest, reply: FastifyReply): void {
    const now = Date.now();
    const lastSeen = request.session.get('lastSeenAt') ?? 0;
    if (now - lastSeen > ACTIVITY_RESOLUTION_MS) request.session.set('lastSeenAt', now);
    const flash = request.session.get('flash');
    if (flash) {
      reply.locals.flash = flash;
      request.session.set('flash', undefined);
    }
    reply.locals.csrfToken = reply.generateCsrf();
    // Shown in the header, so that nobody is surprised by a time-out, even without a script.
    reply.locals.sessionExpiresAt = (request.sessionStore as DatabaseSessionStore).expiryOf(
      request.session,
      now,
    );
  }
}
