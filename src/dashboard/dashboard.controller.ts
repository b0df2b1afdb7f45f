import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { hasRole } from '../accounts/auth/auth-user';
import { Authenticated, CurrentUser } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { requestLanguage } from '../common/http/language';
import { DashboardService } from './dashboard.service';

/** Where a user lands after login: per role, the work waiting for them, with counts. */
@Controller('dashboard')
@Authenticated()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  async show(
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return reply.view('dashboard/index', {
      titleKey: 'dashboard.title',
      memberships: user.memberships,
      isAdmin: hasRole(user, Role.Admin),
      canReadAudit: hasRole(user, Role.Admin) || hasRole(user, Role.Secretary),
      work: await this.dashboard.forUser(user, requestLanguage(req)),
    });
  }
}
