import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationsPage } from './notifications.page';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly page: NotificationsPage,
    private readonly outbox: OutboxService,
  ) {}

  @Get('account/notifications')
  @Authenticated()
  async preferences(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.page.build(ctx, {});
    return reply.view('account/notifications', { titleKey: 'notifications.title', page });
  }

  @Post('account/notifications')
  @Authenticated()
  @FormView({
    view: 'account/notifications',
    titleKey: 'notifications.title',
    page: NotificationsPage,
  })
  async save(
    @Ctx() ctx: UserContext,
    @Form(NotificationPreferencesDto) dto: NotificationPreferencesDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { language, ...modes } = dto;
    await this.notifications.savePreferences(ctx.user.id, { language, modes });
    return redirectWithFlash(request, reply, '/account/notifications', 'notifications.saved');
  }

  /** What Waarborg sent or still has to send, for the admin's organisations (all: the operator). */
  @Get('admin/outbox')
  @Roles(Role.Admin, OPERATOR)
  async outboxPage(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    return reply.view('admin/outbox', {
      titleKey: 'outbox.title',
      ...(await this.outbox.list(ctx)),
    });
  }
}
