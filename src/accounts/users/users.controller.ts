import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redirectWithFlash } from '../../common/http/redirect';
import { FormView } from '../../common/views/form-view';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { CreateUserDto, RoleGrantsDto } from '../dto/user.dto';
import { Role, ROLES } from '../role';
import { UsersService } from './users.service';

@Controller('admin/users')
@Roles(Role.Admin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@CurrentUser() admin: AuthUser, @Res() reply: FastifyReply) {
    const [users, scope] = await Promise.all([this.users.list(admin), this.users.scope(admin)]);
    return reply.view('admin/users/index', {
      titleKey: 'admin.users.title',
      users,
      ...roleMatrix(scope.organisations),
    });
  }

  @Get('new')
  async newForm(@CurrentUser() admin: AuthUser, @Res() reply: FastifyReply) {
    const scope = await this.users.scope(admin);
    return reply.view('admin/users/new', {
      titleKey: 'admin.users.newTitle',
      values: { roles: [] },
      ...roleMatrix(scope.organisations),
    });
  }

  /** Shows the temporary password once; the new user must change it at first login. */
  @Post()
  @FormView('admin/users/new', 'admin.users.newTitle')
  async create(
    @CurrentUser() admin: AuthUser,
    @Body() dto: CreateUserDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { user, temporaryPassword } = await this.users.create(admin, dto, request.ip);
    return reply.status(201).view('admin/users/password-issued', {
      titleKey: 'admin.users.createdTitle',
      user,
      temporaryPassword,
    });
  }

  @Get(':id')
  async show(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Res() reply: FastifyReply,
  ) {
    const [managed, scope] = await Promise.all([
      this.users.get(admin, id),
      this.users.scope(admin),
    ]);
    return reply.view('admin/users/show', {
      titleKey: 'admin.users.showTitle',
      managed,
      values: { roles: managed.grants },
      isSelf: managed.user.id === admin.id,
      ...roleMatrix(scope.organisations),
    });
  }

  @Post(':id/roles')
  async setRoles(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: RoleGrantsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setRoles(admin, id, dto.roles, request.ip);
    return this.back(request, reply, id, 'admin.users.rolesSaved');
  }

  @Post(':id/disable')
  async disable(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setDisabled(admin, id, true, request.ip);
    return this.back(request, reply, id, 'admin.users.disabled');
  }

  @Post(':id/enable')
  async enable(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setDisabled(admin, id, false, request.ip);
    return this.back(request, reply, id, 'admin.users.enabled');
  }

  @Post(':id/reset-password')
  async resetPassword(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const temporaryPassword = await this.users.resetPassword(admin, id, request.ip);
    const { user } = await this.users.get(admin, id);
    return reply.view('admin/users/password-issued', {
      titleKey: 'admin.users.resetTitle',
      user,
      temporaryPassword,
    });
  }

  private back(request: FastifyRequest, reply: FastifyReply, id: number, key: string) {
    return redirectWithFlash(request, reply, `/admin/users/${id}`, key);
  }
}

/** The checkboxes of the role form: one row per managed organisation, one column per role. */
function roleMatrix(organisations: { id: number; name: string }[]) {
  return {
    roleNames: ROLES,
    organisations: organisations.map((o) => ({
      ...o,
      grants: ROLES.map((role) => ({ role, value: `${o.id}:${role}` })),
    })),
  };
}
