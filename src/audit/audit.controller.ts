import { Controller, Get, Header, Query, Render } from '@nestjs/common';
import { Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { AuditPage } from './audit.page';
import { AuditQueryDto } from './dto/audit-query.dto';

@Controller('audit')
export class AuditController {
  constructor(private readonly auditPage: AuditPage) {}

  /** The trail of the viewer's organisations (the operator's: all of it), filtered by the form on the page itself. */
  @Roles(Role.Admin, Role.Secretary, OPERATOR)
  @Get()
  @Header('cache-control', 'no-store')
  @Render('audit/index')
  async index(@Ctx() ctx: UserContext, @Query() query: AuditQueryDto) {
    return { titleKey: 'audit.title', page: await this.auditPage.build(ctx, query) };
  }
}
