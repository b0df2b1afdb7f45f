import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { PoliciesDto } from './dto/policies.dto';
import { PoliciesPage } from './policies.page';
import { PoliciesService } from './policies.service';

const VIEW = { view: 'admin/organisations/policies', titleKey: 'admin.policies.title' };

/** An organisation's policies, set by its admin or the operator. */
@ApiExcludeController()
@Controller('admin/organisations/:id/policies')
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly page: PoliciesPage,
  ) {}

  @Get()
  @Roles(Role.Admin, OPERATOR)
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    return reply.view(VIEW.view, {
      titleKey: VIEW.titleKey,
      page: await this.page.build(ctx, params),
    });
  }

  @Post()
  @Roles(Role.Admin, OPERATOR)
  @FormView({ ...VIEW, page: PoliciesPage })
  async save(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(PoliciesDto) dto: PoliciesDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.policies.save(ctx, id, dto);
    return redirectWithFlash(
      request,
      reply,
      `/admin/organisations/${id}/policies`,
      'admin.policies.saved',
    );
  }
}
