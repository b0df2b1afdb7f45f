import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RouteParams } from '../../common/forms/form-view';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { Roles } from '../auth/decorators';
import { OPERATOR, Role } from '../role';
import { SsoStatusPage } from './sso-status.page';
import { SsoStatusService } from './sso-status.service';

const VIEW = 'admin/organisations/sign-in';
const TITLE = 'admin.sso.title';

/** The organisation's own sign-in for its admin: read, and checked against the provider. */
@ApiExcludeController()
@Controller('admin/organisations/:id/sign-in')
export class SsoStatusController {
  constructor(
    private readonly sso: SsoStatusService,
    private readonly page: SsoStatusPage,
  ) {}

  @Get()
  @Roles(Role.Admin, OPERATOR)
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    return reply.view(VIEW, { titleKey: TITLE, page: await this.page.build(ctx, params) });
  }

  /** Changes nothing: the page again, with what the provider answered just now. */
  @Post('check')
  @HttpCode(200)
  @Roles(Role.Admin, OPERATOR)
  async check(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param() params: RouteParams,
    @Res() reply: FastifyReply,
  ) {
    const check = await this.sso.check(ctx, id);
    return reply.view(VIEW, { titleKey: TITLE, page: await this.page.build(ctx, params, check) });
  }
}
