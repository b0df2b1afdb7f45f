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
import { beginSession } from './begin-session';
import { safeNext } from './safe-next';
import { LoginPage } from './login.page';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly page: LoginPage,
  ) {}

  @Get('login')
  @Public()
  async loginForm(
    @Ctx() ctx: RequestContext,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
    @Query('input') input?: string,
  ) {
    if (ctx.user) return reply.redirect(localisedPath(ctx.lang, '/dashboard'), 303);
    return reply.view('auth/login', {
      titleKey: 'auth.login.title',
      page: await this.page.build(ctx, {}, { next }),
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
  @FormView({ view: 'auth/login', titleKey: 'auth.login.title', page: LoginPage })
  async login(
    @Ctx() ctx: RequestContext,
    @Form(LoginDto, { keepBlank: ['email', 'password'] }) dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const user = await this.auth.login(ctx, dto.email, dto.password);
    await beginSession(request, user.id);
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
