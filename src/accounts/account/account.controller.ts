import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Form } from '../../common/forms/form.decorator';
import { FormView } from '../../common/forms/form-view';
import { redirectWithFlash } from '../../common/http/redirect';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { AllowedBeforePasswordChange, Authenticated } from '../auth/decorators';
import { ChangePasswordDto } from '../dto/change-password.dto';
import { CreateTokenDto } from '../dto/create-token.dto';
import { PasswordPage, TokensPage } from './account.page';
import { AccountService } from './account.service';

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'];

@Controller()
@Authenticated()
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly passwordPage: PasswordPage,
    private readonly tokensPage: TokensPage,
  ) {}

  @Get('account/password')
  @AllowedBeforePasswordChange()
  passwordForm(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = this.passwordPage.build(ctx);
    return reply.view('account/password', { titleKey: 'account.password.title', page });
  }

  @Post('account/password')
  @AllowedBeforePasswordChange()
  @FormView({ view: 'account/password', titleKey: 'account.password.title', page: PasswordPage })
  async changePassword(
    @Ctx() ctx: UserContext,
    @Form(ChangePasswordDto, { keepBlank: PASSWORD_FIELDS }) dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.account.changePassword(ctx, dto, request.session.sessionId);
    // A new id after a credential change, keeping the login itself.
    await request.session.regenerate(['userId', 'authenticatedAt', 'lastSeenAt']);
    return redirectWithFlash(request, reply, '/dashboard', 'account.password.changed');
  }

  @Get('account/tokens')
  async tokens(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.tokensPage.build(ctx);
    return reply.view('account/tokens', {
      titleKey: 'account.tokens.title',
      page,
      values: { expiresInDays: 90 },
    });
  }

  /** Shows the new token once, on this response only; it is never stored or shown again. */
  @Post('account/tokens')
  @FormView({ view: 'account/tokens', titleKey: 'account.tokens.title', page: TokensPage })
  async createToken(
    @Ctx() ctx: UserContext,
    @Form(CreateTokenDto, { keepBlank: ['name', 'expiresInDays'] }) dto: CreateTokenDto,
    @Res() reply: FastifyReply,
  ) {
    const { token, row } = await this.account.createToken(ctx, dto);
    return reply
      .status(201)
      .view('account/token-created', { titleKey: 'account.tokens.createdTitle', token, row });
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.account.revokeToken(ctx, id);
    return redirectWithFlash(request, reply, '/account/tokens', 'account.tokens.revoked');
  }
}
