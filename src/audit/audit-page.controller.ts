import { Controller, Get, Header, Query, Render } from '@nestjs/common';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { auditPageModel, AuditPageModel } from './audit-page.view';
import { AuditTrailService } from './audit-trail.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@Controller('audit')
export class AuditPageController {
  constructor(private readonly trail: AuditTrailService) {}

  /** The trail of the viewer's organisations, filtered by the form on the page itself. */
  @Roles(Role.Admin, Role.Secretary)
  @Get()
  @Header('cache-control', 'no-store')
  @Render('audit/index')
  async index(
    @CurrentUser() user: AuthUser,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageModel> {
    return auditPageModel(await this.trail.list(user, query), query);
  }
}
