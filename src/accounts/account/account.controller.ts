import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redirectWithFlash } from '../../common/http/redirect';
import { FormView } from '../../common/views/form-view';
import type { AuthUser } from '../auth/auth-user';
import { AllowedBeforePasswordChange, Authenticated, CurrentUser } from '../auth/decorators';
import { ChangePasswordDto } from '../dto/change-password.dto';
import { CreateTokenDto, TOKEN_MAX_DAYS } from '../dto/create-token.dto';
import { AccountService } from './account.service';

@Controller()
@Authenticated()
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get('account/password')
  @AllowedBeforePasswordChange()
  passwordForm(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    return reply.view('account/password', {
      titleKey: 'account.password.title',
      mustChange: user.mustChangePassword,
    });
  }

  @Post('account/password')
  @AllowedBeforePasswordChange()
  @FormView('account/password', 'account.password.title')
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.account.changePassword(user, dto, request.ip, request.session.sessionId);
    // A new id after a credential change, keeping the login itself.
    await request.session.regenerate(['userId', 'authenticatedAt', 'lastSeenAt']);
    return redirectWithFlash(request, reply, '/dashboard', 'account.password.changed');
  }

  @Get('account/tokens')
  async tokens(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply) {
    return reply.view('account/tokens', {
      titleKey: 'account.tokens.title',
      tokens: await this.account.listTokens(user),
      values: { expiresInDays: 90 },
      maxDays: TOKEN_MAX_DAYS,
    });
  }

  /** Shows the new token once, on this response only; it is never stored or shown again. */
  @Post('account/tokens')
  @FormView('account/tokens', 'account.tokens.title')
  async createToken(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateTokenDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { token, row } = await this.account.createToken(user, dto, request.ip);
    return reply
      .status(201)
      .view('account/token-created', { titleKey: 'account.tokens.createdTitle', token, row });
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.account.revokeToken(user, id, request.ip);
    return redirectWithFlash(request, reply, '/account/tokens', 'account.tokens.revoked');
  }

  /** Who the caller is, with their roles: the simplest check that a token works. */
  @Get('api/v1/me')
  me(@CurrentUser() user: AuthUser) {
    return { id: user.id, email: user.email, name: user.name, memberships: user.memberships };
  }
}
