import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import { AnswersService } from './answers.service';
import { assessmentDetail, assessmentListItem } from './assessment-view';
import { AssessmentsService } from './assessments.service';
import { ConditionsService } from './conditions/conditions.service';
import { AssignReviewersDto, SaveAnswersDto, TransitionDto } from './dto/assessment-actions.dto';
import { CreateProposalDto, UpdateRegisterFieldsDto } from './dto/register-fields.dto';
import { RegisterFieldsService } from './register-fields.service';
import { WorkflowService } from './workflow.service';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('api/v1')
export class AssessmentsApiController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly answers: AnswersService,
    private readonly registerFields: RegisterFieldsService,
    private readonly workflow: WorkflowService,
    private readonly conditions: ConditionsService,
    private readonly reviewerAssignment: ReviewerAssignmentService,
  ) {}

  @Post('algorithms')
  @Roles(Role.Proposer)
  @ApiOperation({
    summary:
      'Register a new algorithm; starts its assessment (concept) on the active checklist template',
  })
  async create(@Ctx() ctx: UserContext, @Body() dto: CreateProposalDto) {
    const assessment = await this.assessments.createProposal(ctx, dto);
    return assessmentDetail(await this.assessments.detail(ctx, assessment.id));
  }

  @Get('assessments')
  @Authenticated()
  @ApiOperation({
    summary:
      'Assessments the caller works on: own proposals, assigned reviews, their organisations as secretary or admin',
  })
  async list(@Ctx() ctx: UserContext) {
    const items = (await this.assessments.list(ctx)).map(assessmentListItem);
    return { total: items.length, items };
  }

  @Get('assessments/:id')
  @Authenticated()
  @ApiOperation({
    summary:
      'One assessment, at its current revision or ?revision=N, with its questions as its template version has them',
  })
  async show(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Query('revision') revision?: string,
  ) {
    return assessmentDetail(
      await this.assessments.detail(ctx, id, revision === undefined ? undefined : Number(revision)),
    );
  }

  @Put('assessments/:id/answers')
  @Roles(Role.Proposer)
  @ApiOperation({
    summary: 'Save answers (all or none); send the version you read, a stale one gets 409',
  })
  saveAnswers(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: SaveAnswersDto,
  ) {
    return this.answers.save(ctx, id, dto.version, dto.answers);
  }

  @Patch('assessments/:id/register')
  @Roles(Role.Proposer)
  @ApiOperation({
    summary: 'Change the Publicatiestandaard fields of the register entry before submission',
  })
  updateRegister(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateRegisterFieldsDto,
  ) {
    return this.registerFields.update(ctx, id, dto);
  }

  @Post('assessments/:id/transitions')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Take a workflow step: submit, resubmit, withdraw, request_changes, approve, approve_with_conditions, reject, publish, mark_reassessment_due, revise, retire',
  })
  async transition(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: TransitionDto,
  ) {
    await this.workflow.transition(ctx, id, dto.action, {
      version: dto.version,
      reasoning: dto.reasoning,
    });
    return assessmentDetail(await this.assessments.detail(ctx, id));
  }

  @Post('assessments/:id/reviewers')
  @HttpCode(200)
  @Roles(Role.Secretary)
  @ApiOperation({
    summary: 'Assign reviewers (at least as many as the rules ask; never the proposer)',
  })
  async assign(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: AssignReviewersDto,
  ) {
    await this.workflow.transition(ctx, id, 'assign', {
      version: dto.version,
      reviewerIds: dto.reviewerIds,
    });
    return assessmentDetail(await this.assessments.detail(ctx, id));
  }

  @Get('assessments/:id/reviewers/eligible')
  @Roles(Role.Secretary)
  @ApiOperation({ summary: 'Reviewers of the organisation who may be assigned' })
  async eligible(@Ctx() ctx: UserContext, @Param('id', ParseIdPipe) id: number) {
    return (await this.reviewerAssignment.eligible(ctx, id)).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
    }));
  }

  @Get('assessments/:id/diff')
  @Authenticated()
  @ApiOperation({ summary: 'Answers that differ between two revisions (?from=1&to=2)' })
  diff(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Query('from', ParseIdPipe) from: number,
    @Query('to', ParseIdPipe) to: number,
  ) {
    return this.assessments.diff(ctx, id, from, to);
  }

  @Get('follow-ups')
  @Roles(Role.Secretary)
  @ApiOperation({
    summary:
      'Overdue conditions, reports waiting for verification and re-assessments in the secretary’s organisations',
  })
  async followUps(@Ctx() ctx: UserContext) {
    const { overdueConditions, reportedConditions, reassessmentsDue } =
      await this.conditions.followUps(ctx);
    const condition = (c: (typeof overdueConditions)[number]) => ({
      id: c.id,
      assessmentId: c.assessmentId,
      algorithm: c.assessment.algorithm.name,
      description: c.description,
      owner: c.owner,
      dueDate: c.dueDate,
      state: c.state,
    });
    return {
      overdueConditions: overdueConditions.map(condition),
      reportedConditions: reportedConditions.map(condition),
      reassessmentsDue: reassessmentsDue.map((a) => ({
        id: a.id,
        algorithm: a.algorithm.name,
        state: a.state,
        reassessmentDue: a.reassessmentDue,
      })),
    };
  }
}
