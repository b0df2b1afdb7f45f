import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth/auth-user';
import { Authenticated, CurrentUser, Roles } from '../accounts/auth/decorators';
import { Role } from '../accounts/role';
import { answersFromForm } from '../checklists/form-answers';
import { DomainError } from '../common/errors/domain-error';
import { requestLanguage } from '../common/http/language';
import { FormView } from '../common/views/form-view';
import { AnswersService } from './answers.service';
import { AssessmentsService } from './assessments.service';
import { ConditionsService } from './conditions/conditions.service';
import { AssignReviewersDto, TransitionDto } from './dto/assessment-actions.dto';
import { ConditionDoneFormDto, SectionFormDto } from './dto/assessment-form.dto';
import { CreateProposalDto, UpdateRegisterFieldsDto } from './dto/register-fields.dto';
import { AssessmentPagesService } from './pages/assessment-pages.service';
import { formDto } from './pages/form-body';
import type { FlatForm } from './pages/form-body';
import { RegisterFieldsService } from './register-fields.service';
import { WorkflowService } from './workflow.service';
import { redirectWithFlash } from '../common/http/redirect';

/**
 * The work pages of an assessment: proposing, the summary before submission, and the secretary's
 * reviewers, decision and audit pages. Each POST reads its form into the DTO the JSON API takes
 * and calls the same service method; the page model is put in `reply.locals` first, so that a
 * refused form is shown again on its own page, with the input kept (see FormView).
 */
@Controller()
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly answers: AnswersService,
    private readonly registerFields: RegisterFieldsService,
    private readonly workflow: WorkflowService,
    private readonly conditions: ConditionsService,
    private readonly pages: AssessmentPagesService,
  ) {}

  @Get('assessments/new')
  @Roles(Role.Proposer)
  newForm(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return reply.view('assessments/new', {
      titleKey: 'work.new.title',
      page: this.pages.newForm(user, requestLanguage(req)),
    });
  }

  @Post('assessments')
  @Roles(Role.Proposer)
  @FormView('assessments/new', 'work.new.title')
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = this.pages.newForm(user, requestLanguage(req), body);
    const dto = await formDto(CreateProposalDto, body, { keepBlank: ['name', 'descriptionShort'] });
    const assessment = await this.assessments.createProposal(user, dto, req.ip);
    return redirectWithFlash(req, reply, `/assessments/${assessment.id}`, 'work.flash.created', {
      name: dto.name,
    });
  }

  @Get('assessments/:id')
  @Authenticated()
  async show(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.overview(user, id, requestLanguage(req));
    return reply.view('assessments/show', { titleKey: 'work.show.title', page });
  }

  /** The one-button steps of the overview: withdraw, publish, re-assessment due, revise, retire. */
  @Post('assessments/:id/actions')
  @Authenticated()
  @FormView('assessments/show', 'work.show.title')
  async action(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.overview(user, id, requestLanguage(req));
    const dto = await formDto(TransitionDto, body);
    await this.workflow.transition(user, id, dto.action, { version: dto.version }, req.ip);
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${dto.action}`);
  }

  @Get('assessments/:id/register')
  @Roles(Role.Proposer)
  async registerForm(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.registerForm(user, id, requestLanguage(req));
    return reply.view('assessments/register', { titleKey: 'work.register.title', page });
  }

  @Post('assessments/:id/register')
  @Roles(Role.Proposer)
  @FormView('assessments/register', 'work.register.title')
  async saveRegister(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.registerForm(user, id, requestLanguage(req), body);
    const dto = await formDto(UpdateRegisterFieldsDto, body, {
      clear: true,
      keepBlank: ['name', 'descriptionShort'],
      lists: ['themes'],
    });
    await this.registerFields.update(user, id, dto, req.ip);
    return redirectWithFlash(req, reply, `/assessments/${id}/register`, 'work.flash.registerSaved');
  }

  @Get('assessments/:id/sections/:section')
  @Roles(Role.Proposer)
  async section(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Param('section') sectionId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.section(user, id, sectionId, requestLanguage(req));
    return reply.view('assessments/section', { titleKey: 'work.section.title', page });
  }

  /** Saves one section without submitting; answers that no longer apply are left out, not refused. */
  @Post('assessments/:id/sections/:section')
  @Roles(Role.Proposer)
  @FormView('assessments/section', 'work.section.title')
  async saveSection(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Param('section') sectionId: string,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const lang = requestLanguage(req);
    const dto = await formDto(SectionFormDto, body);
    const posted = dto.answers ?? {};
    const page = await this.pages.section(user, id, sectionId, lang, posted);
    reply.locals.page = page;
    const detail = await this.pages.detail(user, id);
    const { changes, problems } = answersFromForm(
      detail.template,
      detail.template.sections.find((s) => s.id === sectionId)!.questions.map((q) => q.id),
      posted,
      detail.answers,
    );
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);
    if (Object.keys(changes).length)
      await this.answers.save(user, id, dto.version, changes, req.ip);
    const next = detail.template.sections[page.section.number];
    const target =
      dto.then === 'next'
        ? next
          ? `/assessments/${id}/sections/${next.id}`
          : `/assessments/${id}/summary`
        : `/assessments/${id}/sections/${sectionId}`;
    return redirectWithFlash(req, reply, target, 'work.flash.sectionSaved', {
      section: page.section.title,
    });
  }

  @Get('assessments/:id/summary')
  @Roles(Role.Proposer)
  async summary(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.summary(user, id, requestLanguage(req));
    return reply.view('assessments/summary', { titleKey: 'work.summary.title', page });
  }

  /** Submit or resubmit; a refusal (missing answers, blocking rules) shows the summary again with the reason. */
  @Post('assessments/:id/submit')
  @Roles(Role.Proposer)
  @FormView('assessments/summary', 'work.summary.title')
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.summary(user, id, requestLanguage(req));
    const dto = await formDto(TransitionDto, body);
    await this.workflow.transition(user, id, dto.action, { version: dto.version }, req.ip);
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${dto.action}`);
  }

  @Get('assessments/:id/reviewers')
  @Roles(Role.Secretary)
  async reviewers(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.reviewers(user, id, requestLanguage(req));
    return reply.view('assessments/reviewers', { titleKey: 'work.reviewers.title', page });
  }

  @Post('assessments/:id/reviewers')
  @Roles(Role.Secretary)
  @FormView('assessments/reviewers', 'work.reviewers.title')
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.reviewers(user, id, requestLanguage(req), body);
    const dto = await formDto(AssignReviewersDto, { 'reviewerIds[]': [], ...body });
    await this.workflow.transition(
      user,
      id,
      'assign',
      { version: dto.version, reviewerIds: dto.reviewerIds },
      req.ip,
    );
    return redirectWithFlash(req, reply, `/assessments/${id}`, 'work.flash.assign', {
      count: dto.reviewerIds.length,
    });
  }

  @Get('assessments/:id/decision')
  @Roles(Role.Secretary)
  async decision(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.decision(user, id, requestLanguage(req));
    return reply.view('assessments/decision', { titleKey: 'work.decision.title', page });
  }

  @Post('assessments/:id/decision')
  @Roles(Role.Secretary)
  @FormView('assessments/decision', 'work.decision.title')
  async decide(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: FlatForm,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    reply.locals.page = await this.pages.decision(user, id, requestLanguage(req), body);
    const dto = await formDto(TransitionDto, body);
    await this.workflow.transition(
      user,
      id,
      dto.action,
      { version: dto.version, reasoning: dto.reasoning },
      req.ip,
    );
    return redirectWithFlash(req, reply, `/assessments/${id}`, `work.flash.${dto.action}`);
  }

  @Get('assessments/:id/audit')
  @Roles(Role.Secretary, Role.Admin)
  async audit(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.pages.trail(user, id, requestLanguage(req));
    return reply.view('assessments/audit', { titleKey: 'work.audit.title', page });
  }

  @Post('conditions/:id/done')
  @Authenticated()
  async conditionDone(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ConditionDoneFormDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const condition = await this.conditions.markDone(user, id, req.ip);
    const back = dto.back === 'dashboard' ? '/dashboard' : `/assessments/${condition.assessmentId}`;
    return redirectWithFlash(req, reply, back, 'work.flash.conditionDone');
  }
}
