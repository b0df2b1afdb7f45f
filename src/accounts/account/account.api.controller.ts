import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { Authenticated } from '../auth/decorators';

@ApiTags('account')
@ApiBearerAuth()
@Controller('api/v1')
@Authenticated()
export class AccountApiController {
  @Get('me')
  @ApiOperation({
    summary: 'Who the caller is, with their roles: the simplest check that a token works',
  })
  me(@Ctx() ctx: UserContext) {
    const { user } = ctx;
    return { id: user.id, email: user.email, name: user.name, memberships: user.memberships };
  }
}
