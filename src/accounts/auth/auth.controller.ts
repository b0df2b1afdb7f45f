import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localisedPath, requestLanguage } from '../../common/http/language';
import { FormView } from '../../common/views/form-view';
import { LoginDto } from '../dto/login.dto';
import { AllowedBeforePasswordChange, Authenticated, CurrentUser, Public } from './decorators';
import type { AuthUser } from './auth-user';
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
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
  ) {
    if (request.user)
      return reply.redirect(localisedPath(requestLanguage(request), '/dashboard'), 303);
    return reply.view('auth/login', {
      titleKey: 'auth.login.title',
      values: { next: safeNext(next) },
      sessionExpired: expired === '1',
      csrfToken: reply.generateCsrf(),
    });
  }

  @Post('login')
  @Public()
  @HttpCode(303)
  @FormView('auth/login', 'auth.login.title')
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const user = await this.auth.login(dto.email, dto.password, request.ip);
    // A new session id at login, so an id planted before login is worthless afterwards.
    await request.session.regenerate();
    const now = Date.now();
    request.session.set('userId', user.id);
    request.session.set('authenticatedAt', now);
    request.session.set('lastSeenAt', now);
    const lang = requestLanguage(request);
    const target = user.mustChangePassword
      ? localisedPath(lang, '/account/password')
      : (safeNext(dto.next) ?? localisedPath(lang, '/dashboard'));
    return reply.redirect(target, 303);
  }

  @Post('logout')
  @Authenticated()
  @AllowedBeforePasswordChange()
  async logout(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.auth.recordLogout(user, request.ip);
    await request.session.destroy();
    return reply.redirect(localisedPath(requestLanguage(request), '/'), 303);
  }
}
