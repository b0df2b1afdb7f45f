import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ChecklistsService } from './checklists.service';
import { ChecklistTemplate } from './entities/checklist-template.entity';

@ApiTags('checklists')
@ApiBearerAuth()
@Controller('api/v1/checklists')
export class ChecklistsApiController {
  constructor(private readonly checklists: ChecklistsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Installed checklist template versions; the active one is used by new assessments',
  })
  list() {
    return this.checklists.list();
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One template version with its sections, questions and rules' })
  async show(@Param('id', ParseIdPipe) id: number) {
    return this.checklists.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({
    summary:
      'Install a new template version (the JSON of a template file); refused with the path inside it when invalid',
  })
  async install(
    @Ctx() ctx: UserContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { template, installed } = await this.checklists.installText(
      ctx,
      JSON.stringify(body ?? null),
      'request body',
    );
    void reply.status(installed ? 201 : 200);
    return summary(template);
  }
}

function summary(t: ChecklistTemplate) {
  return {
    id: t.id,
    key: t.key,
    version: t.version,
    title: t.title,
    active: t.active,
    checksum: t.checksum,
  };
}
