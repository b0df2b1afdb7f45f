import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Form } from '../../common/forms/form.decorator';
import { FormView } from '../../common/forms/form-view';
import type { RouteParams } from '../../common/forms/form-view';
import { redirectWithFlash } from '../../common/http/redirect';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { Roles } from '../auth/decorators';
import { CreateUserDto, RoleGrantsDto } from '../dto/user.dto';
import { Role } from '../role';
import { NewUserPage, UserListPage, UserPage } from './users.page';
import { UsersService } from './users.service';

@Controller('admin/users')
@Roles(Role.Admin)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly listPage: UserListPage,
    private readonly newUserPage: NewUserPage,
    private readonly userPage: UserPage,
  ) {}

  @Get()
  async list(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.listPage.build(ctx);
    return reply.view('admin/users/index', { titleKey: 'admin.users.title', page });
  }

  @Get('new')
  async newForm(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.newUserPage.build(ctx, {});
    return reply.view('admin/users/new', { titleKey: 'admin.users.newTitle', page });
  }

  /** Shows the temporary password once; the new user must change it at first login. */
  @Post()
  @FormView({ view: 'admin/users/new', titleKey: 'admin.users.newTitle', page: NewUserPage })
  async create(
    @Ctx() ctx: UserContext,
    @Form(CreateUserDto, { keepBlank: ['name', 'email'] }) dto: CreateUserDto,
    @Res() reply: FastifyReply,
  ) {
    const { user, temporaryPassword } = await this.users.create(ctx, dto);
    return reply.status(201).view('admin/users/password-issued', {
      titleKey: 'admin.users.createdTitle',
      user,
      temporaryPassword,
    });
  }

  @Get(':id')
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.userPage.build(ctx, params);
    return reply.view('admin/users/show', { titleKey: 'admin.users.showTitle', page });
  }

  @Post(':id/roles')
  @FormView({ view: 'admin/users/show', titleKey: 'admin.users.showTitle', page: UserPage })
  async setRoles(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(RoleGrantsDto) dto: RoleGrantsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setRoles(ctx, id, dto.roles);
    return this.back(request, reply, id, 'admin.users.rolesSaved');
  }

  @Post(':id/disable')
  async disable(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setDisabled(ctx, id, true);
    return this.back(request, reply, id, 'admin.users.disabled');
  }

  @Post(':id/enable')
  async enable(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.users.setDisabled(ctx, id, false);
    return this.back(request, reply, id, 'admin.users.enabled');
  }

  @Post(':id/reset-password')
  async resetPassword(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Res() reply: FastifyReply,
  ) {
    const { user, temporaryPassword } = await this.users.resetPassword(ctx, id);
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
