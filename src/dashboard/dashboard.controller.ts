import { Controller, Get, Render } from '@nestjs/common';
import type { AuthUser } from '../accounts/auth/auth-user';
import { hasRole } from '../accounts/auth/auth-user';
import { Authenticated, CurrentUser } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';

/** Where a user lands after login: what their roles let them do, per role. */
@Controller('dashboard')
@Authenticated()
export class DashboardController {
  @Get()
  @Render('dashboard/index')
  show(@CurrentUser() user: AuthUser) {
    return {
      titleKey: 'dashboard.title',
      memberships: user.memberships,
      isAdmin: hasRole(user, Role.Admin),
      canReadAudit: hasRole(user, Role.Admin) || hasRole(user, Role.Secretary),
      isProposer: hasRole(user, Role.Proposer),
      isReviewer: hasRole(user, Role.Reviewer),
      isSecretary: hasRole(user, Role.Secretary),
    };
  }
}
