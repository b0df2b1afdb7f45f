import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ChecklistsPage } from './checklists.page';
import { ChecklistsService } from './checklists.service';
import type { TemplateUploadForm } from './checklists.service';
import { AdoptTemplateFormDto } from './dto/adopt-template.dto';
import { InstallTemplateDto } from './dto/install-template.dto';
import { TemplateAdoptionService } from './template-adoption.service';

const PAGE = {
  view: 'admin/checklists/index',
  titleKey: 'checklist.admin.title',
  page: ChecklistsPage,
};

/**
 * Admin page of the assessment frameworks: an admin adopts a version for their organisation and
 * installs its own versions; the operator offers the shipped template files as shared versions.
 */
@Controller('admin/checklists')
@Roles(Role.Admin, OPERATOR)
export class ChecklistsController {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly adoption: TemplateAdoptionService,
    private readonly checklistsPage: ChecklistsPage,
  ) {}

  @Get()
  async index(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = await this.checklistsPage.build(ctx);
    return reply.view(PAGE.view, { titleKey: PAGE.titleKey, page });
  }

  /** The operator offers a shipped template file as a shared version. */
  @Post('install')
  @Roles(OPERATOR)
  @FormView(PAGE)
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

  @Post('adopt')
  @FormView(PAGE)
  async adopt(
    @Ctx() ctx: UserContext,
    @Form(AdoptTemplateFormDto) dto: AdoptTemplateFormDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const adoption = await this.adoption.adopt(ctx, dto.organisationId, dto.templateId);
    return redirectWithFlash(request, reply, '/admin/checklists', 'checklist.admin.adopted', {
      key: adoption.template.key,
      version: adoption.template.version,
    });
  }

  /** A multipart upload, which the service reads (see TemplateUploadForm), not a form the pipe reads. */
  @Post('upload')
  @FormView(PAGE)
  async upload(
    @Ctx() ctx: UserContext,
    @Body() body: TemplateUploadForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installUpload(ctx, body ?? {});
    const key = installed ? 'checklist.admin.installedOwn' : 'checklist.admin.alreadyInstalled';
    return redirectWithFlash(request, reply, '/admin/checklists', key, {
      key: template.key,
      version: template.version,
    });
  }
}
