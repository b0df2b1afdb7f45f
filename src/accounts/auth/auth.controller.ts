import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Form } from '../../common/forms/form.decorator';
import { FormView } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { Ctx } from '../../common/request-context';
import type { RequestContext, UserContext } from '../../common/request-context';
import { LoginDto } from '../dto/login.dto';
import { AllowedBeforePasswordChange, Authenticated, Public } from './decorators';
import { AuthService } from './auth.service';

/**
 * A path on this site: `/`, then no second `/` (`//host` is another site) and nothing but
 * printable ASCII other than the backslash. Browsers read a backslash as a slash and drop tabs
 * and line breaks from a URL (`/<tab>/host` becomes `//host`), and a Location header cannot carry
 * control characters or non-Latin text at all. A path the browser sent is percent-encoded, so
 * nothing a person would follow is refused.
 */
const SAME_SITE_PATH = /^\/(?!\/)[!-[\]-~]*$/;

/** Where to go after login, if it is a path on this site: no open redirect, no broken header. */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && SAME_SITE_PATH.test(next) ? next : undefined;
}

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Get('login')
  @Public()
  loginForm(
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
    @Query('input') input?: string,
  ) {
    if (ctx.user) return reply.redirect(localisedPath(ctx.lang, '/dashboard'), 303);
    return reply.view('auth/login', {
      titleKey: 'auth.login.title',
      values: { next: safeNext(next) },
      sessionExpired: expired === '1',
      // A form posted after the session expired was kept as a draft (src/drafts/).
      inputKept: input === 'kept',
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('login')
  @Public()
  @HttpCode(303)
  @FormView({ view: 'auth/login', titleKey: 'auth.login.title' })
  async login(
    @Ctx() ctx: RequestContext,
    @Form(LoginDto, { keepBlank: ['email', 'password'] }) dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const user = await this.auth.login(ctx, dto.email, dto.password);
    // A new session id at login, so an id planted before login is worthless afterwards.
    await request.session.regenerate();
    const now = Date.now();
    request.session.set('userId', user.id);
    request.session.set('authenticatedAt', now);
    request.session.set('lastSeenAt', now);
    const target = user.mustChangePassword
      ? localisedPath(ctx.lang, '/account/password')
      : (safeNext(dto.next) ?? localisedPath(ctx.lang, '/dashboard'));
    return reply.redirect(target, 303);
  }

  @Post('logout')
  @Authenticated()
  @AllowedBeforePasswordChange()
  async logout(
    @Ctx() ctx: UserContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.auth.recordLogout(ctx);
    await request.session.destroy();
    return reply.redirect(localisedPath(ctx.lang, '/'), 303);
  }
}
