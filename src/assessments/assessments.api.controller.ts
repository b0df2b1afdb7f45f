import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { Authenticated, CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
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
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateProposalDto,
    @Req() req: FastifyRequest,
  ) {
    const assessment = await this.assessments.createProposal(user, dto, req.ip);
    return assessmentDetail(await this.assessments.detail(user, assessment.id));
  }

  @Get('assessments')
  @Authenticated()
  @ApiOperation({
    summary:
      'Assessments the caller works on: own proposals, assigned reviews, their organisations as secretary or admin',
  })
  async list(@CurrentUser() user: AuthUser) {
    const items = (await this.assessments.list(user)).map(assessmentListItem);
    return { total: items.length, items };
  }

  @Get('assessments/:id')
  @Authenticated()
  @ApiOperation({
    summary:
      'One assessment, at its current revision or ?revision=N, with its questions as its template version has them',
  })
  async show(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query('revision') revision?: string,
  ) {
    return assessmentDetail(
      await this.assessments.detail(
        user,
        id,
        revision === undefined ? undefined : Number(revision),
      ),
    );
  }

  @Put('assessments/:id/answers')
  @Roles(Role.Proposer)
  @ApiOperation({
    summary: 'Save answers (all or none); send the version you read, a stale one gets 409',
  })
  saveAnswers(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: SaveAnswersDto,
    @Req() req: FastifyRequest,
  ) {
    return this.answers.save(user, id, dto.version, dto.answers, req.ip);
  }

  @Patch('assessments/:id/register')
  @Roles(Role.Proposer)
  @ApiOperation({
    summary: 'Change the Publicatiestandaard fields of the register entry before submission',
  })
  updateRegister(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateRegisterFieldsDto,
    @Req() req: FastifyRequest,
  ) {
    return this.registerFields.update(user, id, dto, req.ip);
  }

  @Post('assessments/:id/transitions')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Take a workflow step: submit, resubmit, withdraw, request_changes, approve, approve_with_conditions, reject, publish, mark_reassessment_due, revise, retire',
  })
  async transition(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: TransitionDto,
    @Req() req: FastifyRequest,
  ) {
    await this.workflow.transition(
      user,
      id,
      dto.action,
      { version: dto.version, reasoning: dto.reasoning },
      req.ip,
    );
    return assessmentDetail(await this.assessments.detail(user, id));
  }

  @Post('assessments/:id/reviewers')
  @HttpCode(200)
  @Roles(Role.Secretary)
  @ApiOperation({
    summary: 'Assign reviewers (at least as many as the rules ask; never the proposer)',
  })
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: AssignReviewersDto,
    @Req() req: FastifyRequest,
  ) {
    await this.workflow.transition(
      user,
      id,
      'assign',
      { version: dto.version, reviewerIds: dto.reviewerIds },
      req.ip,
    );
    return assessmentDetail(await this.assessments.detail(user, id));
  }

  @Get('assessments/:id/reviewers/eligible')
  @Roles(Role.Secretary)
  @ApiOperation({ summary: 'Reviewers of the organisation who may be assigned' })
  async eligible(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number) {
    return (await this.reviewerAssignment.eligible(user, id)).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
    }));
  }

  @Get('assessments/:id/diff')
  @Authenticated()
  @ApiOperation({ summary: 'Answers that differ between two revisions (?from=1&to=2)' })
  diff(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Query('from', ParseIdPipe) from: number,
    @Query('to', ParseIdPipe) to: number,
  ) {
    return this.assessments.diff(user, id, from, to);
  }

  @Post('conditions/:id/done')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark a condition of an approval as fulfilled' })
  conditionDone(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
  ) {
    return this.conditions.markDone(user, id, req.ip);
  }

  @Get('follow-ups')
  @Roles(Role.Secretary)
  @ApiOperation({
    summary: 'Overdue conditions and re-assessments in the secretary’s organisations',
  })
  async followUps(@CurrentUser() user: AuthUser) {
    const { overdueConditions, reassessmentsDue } = await this.conditions.followUps(user);
    return {
      overdueConditions: overdueConditions.map((c) => ({
        id: c.id,
        assessmentId: c.assessmentId,
        algorithm: c.assessment.algorithm.name,
        description: c.description,
        owner: c.owner,
        dueDate: c.dueDate,
      })),
      reassessmentsDue: reassessmentsDue.map((a) => ({
        id: a.id,
        algorithm: a.algorithm.name,
        state: a.state,
        reassessmentDue: a.reassessmentDue,
      })),
    };
  }
}
