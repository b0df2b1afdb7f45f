import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { redirectWithFlash } from '../common/http/redirect';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { treeView } from './decision-tree.view';
import { DecisionTreesService } from './decision-trees.service';
import { TreeFileDto } from './dto/tree-file.dto';

/** Admin page: installed decision tree versions, which one is active, and the shipped files. */
@Controller('admin/decision-trees')
@Roles(Role.Admin)
export class DecisionTreesController {
  constructor(private readonly trees: DecisionTreesService) {}

  @Get()
  async index(@Res() reply: FastifyReply) {
    const [trees, files] = await Promise.all([this.trees.overview(), this.trees.availableFiles()]);
    return reply.view('admin/decision-trees/index', {
      titleKey: 'classification.admin.title',
      trees,
      files,
    });
  }

  /** One version's questions, answers, labels and conclusions, to read before activating it. */
  @Get(':id')
  async show(@Param('id', ParseIdPipe) id: number, @Res() reply: FastifyReply) {
    const { tree, questions, conclusions, pathCount } = await this.trees.overviewOf(id);
    return reply.view('admin/decision-trees/show', {
      title: `${tree.name} ${tree.version}`,
      tree,
      counts: { questions, conclusions, paths: pathCount },
      ...treeView(tree.content),
    });
  }

  @Post('install')
  async install(
    @Ctx() ctx: UserContext,
    @Body() dto: TreeFileDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { tree, installed } = await this.trees.installFile(dto.file, ctx);
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
    const tree = await this.trees.activate(id, ctx);
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
