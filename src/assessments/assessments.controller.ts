import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { AssessmentTrailPage } from '../audit/assessment-trail.page';
import { Form } from '../common/forms/form.decorator';
import { FormView } from '../common/forms/form-view';
import type { RouteParams } from '../common/forms/form-view';
import { redirectWithFlash } from '../common/http/redirect';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { ReviewersPage } from '../reviews/reviewers.page';
import { AnswersService } from './answers.service';
import { AssessmentsService } from './assessments.service';
import { ConditionsService } from './conditions/conditions.service';
import { AssignReviewersDto, TransitionDto } from './dto/assessment-actions.dto';
import { SectionFormDto } from './dto/assessment-form.dto';
import { CreateProposalDto, UpdateRegisterFieldsDto } from './dto/register-fields.dto';
import { DecisionPage } from './pages/decision.page';
import { OverviewPage } from './pages/overview.page';
import { NewProposalPage, RegisterFormPage } from './pages/register-form.page';
import { SectionPage } from './pages/section.page';
import { SummaryPage } from './pages/summary.page';
import { RegisterFieldsService } from './register-fields.service';
import { WorkflowService } from './workflow.service';

/**
 * The work pages of an assessment: proposing, the summary before submission, and the secretary's
 * reviewers, decision and audit pages. A GET shows its page's model (`*.page.ts`); a POST reads
 * its form into the DTO the JSON API takes, calls the same service method and redirects. A
 * refused post is shown again on its page, which FormView names (see the exception filter).
 */
@Controller()
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly answers: AnswersService,
    private readonly registerFields: RegisterFieldsService,
    private readonly workflow: WorkflowService,
    private readonly conditions: ConditionsService,
    private readonly newProposalPage: NewProposalPage,
    private readonly overviewPage: OverviewPage,
    private readonly registerFormPage: RegisterFormPage,
    private readonly sectionPage: SectionPage,
    private readonly summaryPage: SummaryPage,
    private readonly reviewersPage: ReviewersPage,
    private readonly decisionPage: DecisionPage,
    private readonly trailPage: AssessmentTrailPage,
  ) {}

  @Get('assessments/new')
  @Roles(Role.Proposer)
  newForm(@Ctx() ctx: UserContext, @Res() reply: FastifyReply) {
    const page = this.newProposalPage.build(ctx, {});
    return reply.view('assessments/new', { titleKey: 'work.new.title', page });
  }

  @Post('assessments')
  @Roles(Role.Proposer)
  @FormView({ view: 'assessments/new', titleKey: 'work.new.title', page: NewProposalPage })
  async create(
    @Ctx() ctx: UserContext,
    @Form(CreateProposalDto, { keepBlank: ['name', 'descriptionShort'] }) dto: CreateProposalDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const assessment = await this.assessments.createProposal(ctx, dto);
    return redirectWithFlash(req, reply, `/assessments/${assessment.id}`, 'work.flash.created', {
      name: dto.name,
    });
  }

  @Get('assessments/:id')
  @Authenticated()
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.overviewPage.build(ctx, params);
    return reply.view('assessments/show', { titleKey: 'work.show.title', page });
  }

  /** The one-button steps of the overview: withdraw, publish, re-assessment due, revise, retire. */
  @Post('assessments/:id/actions')
  @Authenticated()
  @FormView({ view: 'assessments/show', titleKey: 'work.show.title', page: OverviewPage })
  async action(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(TransitionDto) dto: TransitionDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.workflow.transition(ctx, id, dto.action, { version: dto.version });
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${dto.action}`);
  }

  @Get('assessments/:id/register')
  @Roles(Role.Proposer)
  async registerForm(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.registerFormPage.build(ctx, params);
    return reply.view('assessments/register', { titleKey: 'work.register.title', page });
  }

  @Post('assessments/:id/register')
  @Roles(Role.Proposer)
  @FormView({
    view: 'assessments/register',
    titleKey: 'work.register.title',
    page: RegisterFormPage,
  })
  async saveRegister(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(UpdateRegisterFieldsDto, {
      clear: true,
      keepBlank: ['name', 'descriptionShort'],
      lists: ['themes'],
    })
    dto: UpdateRegisterFieldsDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.registerFields.update(ctx, id, dto);
    return redirectWithFlash(req, reply, `/assessments/${id}/register`, 'work.flash.registerSaved');
  }

  @Get('assessments/:id/sections/:section')
  @Roles(Role.Proposer)
  async section(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.sectionPage.build(ctx, params);
    return reply.view('assessments/section', { titleKey: 'work.section.title', page });
  }

  /** Saves one section without submitting; answers that no longer apply are left out, not refused. */
  @Post('assessments/:id/sections/:section')
  @Roles(Role.Proposer)
  @FormView({ view: 'assessments/section', titleKey: 'work.section.title', page: SectionPage })
  async saveSection(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param('section') sectionId: string,
    @Form(SectionFormDto) dto: SectionFormDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { section, next } = await this.answers.saveSection(
      ctx,
      id,
      sectionId,
      dto.version,
      dto.answers ?? {},
    );
    const target =
      dto.then !== 'next'
        ? `/assessments/${id}/sections/${section.id}`
        : next
          ? `/assessments/${id}/sections/${next.id}`
          : `/assessments/${id}/summary`;
    return redirectWithFlash(req, reply, target, 'work.flash.sectionSaved', {
      section: section.title[ctx.lang],
    });
  }

  @Get('assessments/:id/summary')
  @Roles(Role.Proposer)
  async summary(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.summaryPage.build(ctx, params);
    return reply.view('assessments/summary', { titleKey: 'work.summary.title', page });
  }

  /** Submit or resubmit; a refusal (missing answers, blocking rules) shows the summary again with the reason. */
  @Post('assessments/:id/submit')
  @Roles(Role.Proposer)
  @FormView({ view: 'assessments/summary', titleKey: 'work.summary.title', page: SummaryPage })
  async submit(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(TransitionDto) dto: TransitionDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.workflow.transition(ctx, id, dto.action, { version: dto.version });
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${dto.action}`);
  }

  @Get('assessments/:id/reviewers')
  @Roles(Role.Secretary)
  async reviewers(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.reviewersPage.build(ctx, params);
    return reply.view('assessments/reviewers', { titleKey: 'work.reviewers.title', page });
  }

  @Post('assessments/:id/reviewers')
  @Roles(Role.Secretary)
  @FormView({
    view: 'assessments/reviewers',
    titleKey: 'work.reviewers.title',
    page: ReviewersPage,
  })
  async assign(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(AssignReviewersDto, { lists: ['reviewerIds'] }) dto: AssignReviewersDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { version, reviewerIds } = dto;
    await this.workflow.transition(ctx, id, 'assign', { version, reviewerIds });
    return redirectWithFlash(req, reply, `/assessments/${id}`, 'work.flash.assign', {
      count: reviewerIds.length,
    });
  }

  @Get('assessments/:id/decision')
  @Roles(Role.Secretary)
  async decision(
    @Ctx() ctx: UserContext,
    @Param() params: RouteParams,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.decisionPage.build(ctx, params);
    return reply.view('assessments/decision', { titleKey: 'work.decision.title', page });
  }

  @Post('assessments/:id/decision')
  @Roles(Role.Secretary)
  @FormView({ view: 'assessments/decision', titleKey: 'work.decision.title', page: DecisionPage })
  async decide(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Form(TransitionDto) dto: TransitionDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { action, version, reasoning } = dto;
    await this.workflow.transition(ctx, id, action, { version, reasoning });
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${action}`);
  }

  @Get('assessments/:id/audit')
  @Roles(Role.Secretary, Role.Admin)
  async audit(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.trailPage.build(ctx, params);
    return reply.view('assessments/audit', { titleKey: 'work.audit.title', page });
  }
}
