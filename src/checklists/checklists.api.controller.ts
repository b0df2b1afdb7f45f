import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { OPERATOR, Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ChecklistsService } from './checklists.service';
import { AdoptTemplateDto } from './dto/adopt-template.dto';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { TemplateAdoptionService } from './template-adoption.service';

@ApiTags('checklists')
@ApiBearerAuth()
@Controller('api/v1')
export class ChecklistsApiController {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly adoption: TemplateAdoptionService,
  ) {}

  @Get('checklists')
  @Authenticated()
  @ApiOperation({
    summary:
      'Template versions the caller may see: the shared ones and their organisations’ own (the operator: all)',
  })
  async list(@Ctx() ctx: UserContext) {
    return (await this.checklists.list(ctx)).map(summary);
  }

  @Get('checklists/:id')
  @Authenticated()
  @ApiOperation({ summary: 'One template version with its sections, questions and rules' })
  async show(@Ctx() ctx: UserContext, @Param('id', ParseIdPipe) id: number) {
    return this.checklists.get(ctx, id);
  }

  @Post('checklists')
  @Roles(Role.Admin, OPERATOR)
  @ApiOperation({
    summary:
      'The operator offers a shared template version (the JSON of a template file); refused with the path inside it when invalid',
  })
  async installShared(
    @Ctx() ctx: UserContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installText(
      ctx,
      JSON.stringify(body ?? null),
      'request body',
      null,
    );
    void reply.status(installed ? 201 : 200);
    return summary(template);
  }

  @Post('organisations/:organisationId/checklists')
  @Roles(Role.Admin, OPERATOR)
  @ApiOperation({
    summary:
      'An admin installs a template version as their organisation’s own (the JSON of a template file); only that organisation sees and adopts it',
  })
  async installOwn(
    @Ctx() ctx: UserContext,
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installText(
      ctx,
      JSON.stringify(body ?? null),
      'request body',
      organisationId,
    );
    void reply.status(installed ? 201 : 200);
    return summary(template);
  }

  @Get('organisations/:organisationId/checklist')
  @Authenticated()
  @ApiOperation({
    summary: 'The template version the organisation has adopted (for its members and the operator)',
  })
  async adopted(
    @Ctx() ctx: UserContext,
    @Param('organisationId', ParseIdPipe) organisationId: number,
  ) {
    const adoption = await this.adoption.adoptionFor(ctx, organisationId);
    return {
      organisationId,
      template: adoption ? summary(adoption.template) : null,
      adoptedAt: adoption?.adoptedAt ?? null,
    };
  }

  @Put('organisations/:organisationId/checklist')
  @Roles(Role.Admin, OPERATOR)
  @ApiOperation({
    summary:
      'Adopt a template version (shared, or the organisation’s own) for the organisation’s new proposals and re-assessments',
  })
  async adopt(
    @Ctx() ctx: UserContext,
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() dto: AdoptTemplateDto,
  ) {
    const adoption = await this.adoption.adopt(ctx, organisationId, dto.templateId);
    return {
      organisationId: adoption.organisationId,
      templateId: adoption.templateId,
      adoptedAt: adoption.adoptedAt,
    };
  }
}

function summary(t: ChecklistTemplate) {
  return {
    id: t.id,
    key: t.key,
    version: t.version,
    title: t.title,
    shared: t.organisationId === null,
    organisationId: t.organisationId,
    checksum: t.checksum,
  };
}
