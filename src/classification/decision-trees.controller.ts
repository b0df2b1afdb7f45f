import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { redirectWithFlash } from '../common/http/redirect';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { DecisionTreesPage, DecisionTreeVersionPage } from './decision-trees.page';
import { DecisionTreesService } from './decision-trees.service';
import { TreeFileDto } from './dto/tree-file.dto';

/** Admin page: installed decision tree versions, which one is active, and the shipped files. */
@Controller('admin/decision-trees')
@Roles(Role.Admin)
export class DecisionTreesController {
  constructor(
    private readonly trees: DecisionTreesService,
    private readonly treesPage: DecisionTreesPage,
    private readonly versionPage: DecisionTreeVersionPage,
  ) {}

  @Get()
  async index(@Res() reply: FastifyReply) {
    const page = await this.treesPage.build();
    return reply.view('admin/decision-trees/index', {
      titleKey: 'classification.admin.title',
      page,
    });
  }

  /** One version's questions, answers, labels and conclusions, to read before activating it. */
  @Get(':id')
  async show(@Ctx() ctx: UserContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    const page = await this.versionPage.build(ctx, { id });
    return reply.view('admin/decision-trees/show', { title: page.title, page });
  }

  @Post('install')
  async install(
    @Ctx() ctx: UserContext,
    @Form(TreeFileDto) dto: TreeFileDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { tree, installed } = await this.trees.installFile(ctx, dto.file);
    const key = installed
      ? 'classification.admin.installed'
      : 'classification.admin.alreadyInstalled';
    return redirectWithFlash(request, reply, '/admin/decision-trees', key, {
      key: tree.key,
      version: tree.version,
    });
  }

  @Post(':id/activate')
  async activate(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tree = await this.trees.activate(ctx, id);
    return redirectWithFlash(
      request,
      reply,
      '/admin/decision-trees',
      'classification.admin.activated',
      {
        key: tree.key,
        version: tree.version,
      },
    );
  }
}
