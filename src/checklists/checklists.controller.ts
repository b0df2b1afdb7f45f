import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redirectWithFlash } from '../common/http/redirect';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { ChecklistsService } from './checklists.service';
import { InstallTemplateDto } from './dto/install-template.dto';

/** Admin page: installed template versions, and the template files in seeds/checklists to install. */
@Controller('admin/checklists')
@Roles(Role.Admin)
export class ChecklistsController {
  constructor(private readonly checklists: ChecklistsService) {}

  @Get()
  async index(@Res() reply: FastifyReply) {
    const [templates, files] = await Promise.all([
      this.checklists.list(),
      this.checklists.availableFiles(),
    ]);
    return reply.view('admin/checklists/index', {
      titleKey: 'checklist.admin.title',
      templates,
      files,
    });
  }

  @Post('install')
  async install(
    @CurrentUser() user: AuthUser,
    @Body() dto: InstallTemplateDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installFile(dto.file, {
      userId: user.id,
      address: request.ip,
    });
    const key = installed ? 'checklist.admin.installed' : 'checklist.admin.alreadyInstalled';
    return redirectWithFlash(request, reply, '/admin/checklists', key, {
      key: template.key,
      version: template.version,
    });
  }
}
