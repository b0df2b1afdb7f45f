import { Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { AnswerFeedbackDto } from './dto/answer.dto';
import { InboxQueryDto } from './dto/inbox-query.dto';
import { FeedbackMessagePage, InboxPage } from './inbox.page';
import { InboxService } from './inbox.service';

const MESSAGE = {
  view: 'feedback/show',
  titleKey: 'feedback.message.title',
  page: FeedbackMessagePage,
};

/**
 * The feedback inbox of secretaries and admins (the operator reads every organisation's). Which
 * messages a user may read and act on is InboxService's to say: another organisation's is not
 * found; the guard only keeps out those who answer for no organisation at all (403).
 */
@Controller('feedback')
@Roles(Role.Secretary, Role.Admin, OPERATOR)
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly inboxPage: InboxPage,
    private readonly messagePage: FeedbackMessagePage,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  async index(@Ctx() ctx: UserContext, @Query() query: InboxQueryDto, @Res() reply: FastifyReply) {
    const page = await this.inboxPage.build(ctx, query);
    return reply.view('feedback/inbox', { titleKey: 'feedback.inbox.title', page });
  }

  @Get(':id')
  @Header('cache-control', 'no-store')
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.messagePage.build(ctx, params);
    return reply.view(MESSAGE.view, { titleKey: MESSAGE.titleKey, page });
  }

  @Post(':id/in-progress')
  @FormView(MESSAGE)
  async markInProgress(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.markInProgress(ctx, id);
    return redirectWithFlash(request, reply, `/feedback/${id}`, 'feedback.flash.inProgress');
  }

  @Post(':id/answer')
  @FormView(MESSAGE)
  async answer(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(AnswerFeedbackDto, { keepBlank: ['answer'] }) dto: AnswerFeedbackDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.answer(ctx, id, dto);
    return redirectWithFlash(request, reply, `/feedback/${id}`, 'feedback.flash.answered');
  }

  @Post(':id/publish')
  @FormView(MESSAGE)
  async publish(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.publish(ctx, id);
    return redirectWithFlash(request, reply, `/feedback/${id}`, 'feedback.flash.published');
  }
}
