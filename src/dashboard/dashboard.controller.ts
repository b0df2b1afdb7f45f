import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../accounts/auth/decorators';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { DashboardPage } from './dashboard.page';

/** Where a user lands after login: per role, the work waiting for them, with counts. */
@Controller('dashboard')
@Authenticated()
export class DashboardController {
  constructor(private readonly dashboardPage: DashboardPage) {}

  @Get()
  async show(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.dashboardPage.build(ctx);
    return reply.view('dashboard/index', { titleKey: 'dashboard.title', page });
  }
}
