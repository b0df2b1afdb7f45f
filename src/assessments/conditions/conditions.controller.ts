import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../accounts/auth/decorators';
import { Form } from '../../common/forms/form.decorator';
import { FormView } from '../../common/forms/form-view';
import type { RouteParams } from '../../common/forms/form-view';
import { redirectWithFlash } from '../../common/http/redirect';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { ConditionPage } from './condition.page';
import { ConditionsService } from './conditions.service';
import { VerifyConditionDto } from './dto/condition.dto';
import { sendEvidence } from './evidence-response';
import { ReportFormBody } from './report-form';
import type { ReportForm } from './report-form';

const PAGE = { view: 'conditions/show', titleKey: 'conditions.title', page: ConditionPage };

/**
 * A condition's page: its owner reports fulfilment with evidence, its verifier accepts or returns
 * the report. Who may do what is ConditionsService's to say; anyone who may read the assessment
 * sees the page.
 */
@Controller('conditions/:id')
@Authenticated()
export class ConditionsController {
  constructor(
    private readonly conditions: ConditionsService,
    private readonly conditionPage: ConditionPage,
  ) {}

  @Get()
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.conditionPage.build(ctx, params);
    return reply.view(PAGE.view, { titleKey: PAGE.titleKey, page });
  }

  /** A multipart form: the document, if one was chosen, travels beside the fields. */
  @Post('report')
  @FormView(PAGE)
  async report(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @ReportFormBody() form: ReportForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.conditions.report(ctx, id, form.dto, form.file);
    return redirectWithFlash(request, reply, `/conditions/${id}`, 'conditions.flash.reported');
  }

  @Post('verify')
  @FormView(PAGE)
  async verify(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(VerifyConditionDto) dto: VerifyConditionDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.conditions.verify(ctx, id, dto);
    return redirectWithFlash(
      request,
      reply,
      `/conditions/${id}`,
      `conditions.flash.${dto.decision}`,
    );
  }

  @Get('reports/:reportId/evidence')
  async evidence(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param('reportId', ParseIdPipe) reportId: number,
    @Res() reply: FastifyReply,
  ) {
    return sendEvidence(reply, await this.conditions.evidenceOf(ctx, id, reportId));
  }
}
