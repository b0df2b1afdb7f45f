import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { redirectWithFlash } from '../common/http/redirect';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ChecklistsPage } from './checklists.page';
import { ChecklistsService } from './checklists.service';
import { InstallTemplateDto } from './dto/install-template.dto';

/** Admin page: installed template versions, and the template files in seeds/checklists to install. */
@Controller('admin/checklists')
@Roles(Role.Admin)
export class ChecklistsController {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly checklistsPage: ChecklistsPage,
  ) {}

  @Get()
  async index(@Res() reply: FastifyReply) {
    const page = await this.checklistsPage.build();
    return reply.view('admin/checklists/index', { titleKey: 'checklist.admin.title', page });
  }

  @Post('install')
  async install(
    @Ctx() ctx: UserContext,
    @Form(InstallTemplateDto) dto: InstallTemplateDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installFile(ctx, dto.file);
    const key = installed ? 'checklist.admin.installed' : 'checklist.admin.alreadyInstalled';
    return redirectWithFlash(request, reply, '/admin/checklists', key, {
      key: template.key,
      version: template.version,
    });
  }
}
