import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { localisedPath, requestLanguage } from '../common/http/language';
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
    request.session.set('flash', {
      type: 'ok',
      key: installed ? 'checklist.admin.installed' : 'checklist.admin.alreadyInstalled',
      params: { key: template.key, version: template.version },
    });
    return reply.redirect(localisedPath(requestLanguage(request), '/admin/checklists'), 303);
  }
}
