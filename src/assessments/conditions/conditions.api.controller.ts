import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../accounts/auth/decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import type { ConditionView } from './conditions.service';
import { ConditionsService } from './conditions.service';
import { VerifyConditionDto } from './dto/condition.dto';
import { sendEvidence } from './evidence-response';
import { ReportFormBody } from './report-form';
import type { ReportForm } from './report-form';

@ApiTags('conditions')
@ApiBearerAuth()
@Controller('api/v1/conditions/:id')
@Authenticated()
export class ConditionsApiController {
  constructor(private readonly conditions: ConditionsService) {}

  @Get()
  @ApiOperation({
    summary:
      'A condition of an approval: where it stands, its reports with their evidence and verdicts',
  })
  async show(@Ctx() ctx: UserContext, @Param('id', ParseIdPipe) id: number) {
    return conditionJson(await this.conditions.view(ctx, id));
  }

  @Post('report')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The owner reports fulfilment: {version, whatWasDone, link?} as JSON, or as multipart/form-data with a document in the field file (PDF, PNG or JPEG)',
  })
  async report(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @ReportFormBody() form: ReportForm,
  ) {
    await this.conditions.report(ctx, id, form.dto, form.file);
    return conditionJson(await this.conditions.view(ctx, id));
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The secretary or the reviewer who set it accepts the waiting report, or returns it with a reason: {version, decision: accept|return, reason}',
  })
  async verify(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: VerifyConditionDto,
  ) {
    await this.conditions.verify(ctx, id, dto);
    return conditionJson(await this.conditions.view(ctx, id));
  }

  @Get('reports/:reportId/evidence')
  @ApiOperation({ summary: 'A report’s document, as a download' })
  async evidence(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param('reportId', ParseIdPipe) reportId: number,
    @Res() reply: FastifyReply,
  ) {
    return sendEvidence(reply, await this.conditions.evidenceOf(ctx, id, reportId));
  }
}

function conditionJson(v: ConditionView) {
  const c = v.condition;
  return {
    id: c.id,
    assessmentId: c.assessmentId,
    description: c.description,
    owner: c.owner,
    dueDate: c.dueDate,
    state: c.state,
    overdue: v.overdue,
    reportedAt: c.reportedAt,
    verifiedAt: c.verifiedAt,
    version: c.version,
    mayReport: v.reportRefusal === null,
    mayVerify: v.verifyRefusal === null,
    reports: v.reports.map((r) => ({
      id: r.id,
      reportedBy: r.reportedBy ? { id: r.reportedBy.id, name: r.reportedBy.name } : null,
      reportedAt: r.reportedAt,
      whatWasDone: r.whatWasDone,
      link: r.link,
      evidence: r.evidenceFile
        ? {
            type: r.evidenceType,
            bytes: r.evidenceBytes,
            sha256: r.evidenceSha256,
            href: `/api/v1/conditions/${c.id}/reports/${r.id}/evidence`,
          }
        : null,
      outcome: r.outcome,
      decidedBy: r.decidedBy ? { id: r.decidedBy.id, name: r.decidedBy.name } : null,
      decidedAt: r.decidedAt,
      reason: r.decisionReason,
    })),
  };
}
