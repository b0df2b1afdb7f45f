import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { AiActService } from './ai-act.service';
import { AiActAnswerDto } from './dto/ai-act-answer.dto';
import { AiActPage } from './pages/ai-act.page';

const PAGE = { view: 'assessments/ai-act', titleKey: 'classification.walk.title', page: AiActPage };

/** The proposer's walk through the AI Act decision tree: one question per page, posted and redirected. */
@Controller('assessments/:id/ai-act')
@Roles(Role.Proposer)
export class AiActController {
  constructor(
    private readonly aiAct: AiActService,
    private readonly page: AiActPage,
  ) {}

  @Get()
  async show(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Query('question') question: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.page.build(ctx, { ...params, question });
    return reply.view(PAGE.view, { titleKey: PAGE.titleKey, page });
  }

  @Post()
  @FormView(PAGE)
  async answer(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(AiActAnswerDto, { keepBlank: ['answer'] }) dto: AiActAnswerDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { dropped, conclusionId } = await this.aiAct.answer(ctx, id, dto);
    const key = dropped
      ? 'classification.walk.flash.dropped'
      : conclusionId
        ? 'classification.walk.flash.concluded'
        : 'classification.walk.flash.saved';
    return redirectWithFlash(request, reply, `/assessments/${id}/ai-act`, key, { count: dropped });
  }
}
